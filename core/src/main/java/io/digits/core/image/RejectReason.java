package io.digits.core.image;

import java.util.Locale;

/**
 * Why an image record was not classified: a bounded set, used as the {@code digits.reason} header
 * of a dead letter and as the tag of the dead-letter metric.
 */
public enum RejectReason {
    /** The record has no value or a zero-length one. */
    EMPTY,
    /** The {@code content-type} header names an encoding we do not accept. */
    UNKNOWN_CONTENT_TYPE,
    /** Declared (or sniffed) as raw MNIST but not exactly 784 bytes. */
    WRONG_RAW_SIZE,
    /** More bytes than the configured limit (checked before decoding). */
    TOO_MANY_BYTES,
    /** More pixels than the configured limit (checked from the header, before decoding). */
    TOO_MANY_PIXELS,
    /** The bytes are not a decodable image of the declared or sniffed kind. */
    UNDECODABLE,
    /** Decoded, but too small to hold a digit. */
    TOO_SMALL,
    /** Decoded, but blank: no digit in it. */
    NO_DIGIT,
    /**
     * The service failed on the record (a bug, or its output could not be written). An engine failure on accepted
     * images has no reason: it is not a dead letter but fails the task, which classifies them again.
     */
    PROCESSING_FAILED;

    /** The code as written in headers and metric tags, e.g. {@code wrong-raw-size}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
