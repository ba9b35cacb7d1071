package io.digits.producer.kaggle;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes digits in the Kaggle "Digit Recognizer" CSV form that {@link KaggleCsvReader} reads: a header,
 * then {@code label,pixel0..pixel783} rows (train.csv) or {@code pixel0..pixel783} rows (test.csv).
 */
public final class KaggleCsvWriter implements Closeable {
    private final BufferedWriter out;
    private final boolean labelled;

    private KaggleCsvWriter(BufferedWriter out, boolean labelled) {
        this.out = out;
        this.labelled = labelled;
    }

    /** Creates (or replaces) {@code file} and writes the header of a labelled or unlabelled CSV. */
    public static KaggleCsvWriter create(Path file, boolean labelled) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        out.write(KaggleCsvReader.header(labelled));
        out.write('\n');
        return new KaggleCsvWriter(out, labelled);
    }

    /** One digit: 784 MNIST bytes and, in a labelled file, its label 0..9. */
    public void write(byte[] pixels, int label) throws IOException {
        out.write(row(pixels, labelled ? label : -1));
        out.write('\n');
    }

    /** A line as it is, e.g. a deliberately bad row in a test. */
    public void writeLine(String line) throws IOException {
        out.write(line);
        out.write('\n');
    }

    /** The CSV row of a digit: the label unless it is negative, then the 784 pixels. */
    public static String row(byte[] pixels, int label) {
        if (pixels.length != KaggleCsvReader.PIXELS) {
            throw new IllegalArgumentException("a Kaggle row has " + KaggleCsvReader.PIXELS + " pixels, got " + pixels.length);
        }
        StringBuilder row = new StringBuilder(4 * pixels.length);
        if (label >= 0) {
            row.append(label).append(',');
        }
        for (int i = 0; i < pixels.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(pixels[i] & 0xFF);
        }
        return row.toString();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
