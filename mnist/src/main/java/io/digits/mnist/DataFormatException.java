package io.digits.mnist;

import java.io.IOException;

/** A data file that is truncated, garbled or not of the expected kind; the message names the file. */
public class DataFormatException extends IOException {
    public DataFormatException(String message) {
        super(message);
    }
}
