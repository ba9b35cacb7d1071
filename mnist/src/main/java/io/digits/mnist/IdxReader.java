package io.digits.mnist;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
            // allocated as read, so a garbled count fails as truncated instead of exhausting the heap
            List<byte[]> images = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                byte[] image = new byte[rows * cols];
                readFully(in, image, file, "image " + i + " of " + count);
                images.add(image);
            }
            return images.toArray(byte[][]::new);
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
            byte[] labels = readNBytes(in, count, file); // grows as read, like the images
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
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file + ": corrupt gzip data in " + what + " (" + e.getMessage() + ")");
        }
    }

    private static byte[] readNBytes(DataInputStream in, int count, Path file) throws IOException {
        try {
            byte[] bytes = in.readNBytes(count);
            if (bytes.length < count) {
                throw new DataFormatException(file + ": truncated in labels (" + bytes.length + " of " + count + ")");
            }
            return bytes;
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file + ": corrupt gzip data in labels (" + e.getMessage() + ")");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(DataFiles.open(file));
    }

    private static String hex(int magic) {
        return String.format("0x%08x", magic);
    }
}
