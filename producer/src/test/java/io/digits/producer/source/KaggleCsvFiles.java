package io.digits.producer.source;

import io.digits.core.data.KaggleCsvReader;
import io.digits.core.data.MnistDataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/** Writes Kaggle "Digit Recognizer" CSVs from real MNIST test images, for tests. */
public final class KaggleCsvFiles {
    private KaggleCsvFiles() {
    }

    /** The first {@code count} MNIST test images as train.csv-style (labelled) or test.csv-style rows. */
    public static Path write(Path file, int count, boolean labelled) throws IOException {
        return write(file, count, labelled, Map.of());
    }

    /**
     * Like {@link #write(Path, int, boolean)}, but the data rows (1-based) in {@code badRows} are
     * written as the given text instead.
     */
    public static Path write(Path file, int count, boolean labelled, Map<Integer, String> badRows) throws IOException {
        MnistDataset mnist = MnistPictures.test();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write(KaggleCsvReader.header(labelled));
            w.write('\n');
            for (int i = 0; i < count; i++) {
                String bad = badRows.get(i + 1);
                w.write(bad != null ? bad : row(mnist.images()[i], labelled ? mnist.label(i) : -1));
                w.write('\n');
            }
        }
        return file;
    }

    static String row(byte[] pixels, int label) {
        StringJoiner row = new StringJoiner(",");
        if (label >= 0) {
            row.add(Integer.toString(label));
        }
        for (byte p : pixels) {
            row.add(Integer.toString(p & 0xFF));
        }
        return row.toString();
    }
}
