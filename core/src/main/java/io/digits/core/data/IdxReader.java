package io.digits.core.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

/** Reads MNIST's idx files (images: magic 2051, labels: magic 2049), raw or gzip-compressed. */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Images and labels from a pair of idx files. */
    public static MnistDataset read(String name, Path imagesFile, Path labelsFile) throws IOException {
        byte[][] images = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile);
        if (images.length != labels.length) {
            throw new DataFormatException(imagesFile + " has " + images.length + " images but " + labelsFile
                    + " has " + labels.length + " labels");
        }
        return new MnistDataset(name, images, labels);
    }

    /** The images of an idx3 file, 784 bytes each (28x28 only). */
    public static byte[][] readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(file + ": not an idx image file (magic " + hex(magic)
                        + ", expected " + hex(IMAGES_MAGIC) + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows != 28 || cols != 28) {
                throw new DataFormatException(file + ": expected 28x28 images, header says " + count + " of "
                        + rows + "x" + cols);
            }
            byte[][] images = new byte[count][rows * cols];
            for (int i = 0; i < count; i++) {
                readFully(in, images[i], file, "image " + i + " of " + count);
            }
            return images;
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated header");
        }
    }

    /** The labels of an idx1 file; each must be a digit 0..9. */
    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(file + ": not an idx label file (magic " + hex(magic)
                        + ", expected " + hex(LABELS_MAGIC) + ")");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new DataFormatException(file + ": negative label count " + count);
            }
            byte[] labels = new byte[count];
            readFully(in, labels, file, "labels");
            for (int i = 0; i < count; i++) {
                if (labels[i] < 0 || labels[i] > 9) {
                    throw new DataFormatException(file + ": label " + i + " is " + labels[i] + ", not a digit");
                }
            }
            return labels;
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated header");
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated in " + what);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(DataFiles.open(file));
    }

    private static String hex(int magic) {
        return String.format("0x%08x", magic);
    }
}
