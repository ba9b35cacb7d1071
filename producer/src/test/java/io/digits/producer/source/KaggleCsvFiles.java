package io.digits.producer.source;

import io.digits.mnist.MnistDataset;
import io.digits.producer.kaggle.KaggleCsvWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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
        try (KaggleCsvWriter csv = KaggleCsvWriter.create(file, labelled)) {
            for (int i = 0; i < count; i++) {
                String bad = badRows.get(i + 1);
                if (bad != null) {
                    csv.writeLine(bad);
                } else {
                    csv.write(mnist.images()[i], mnist.label(i));
                }
            }
        }
        return file;
    }
}
