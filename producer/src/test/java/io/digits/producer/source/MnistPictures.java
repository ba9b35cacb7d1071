package io.digits.producer.source;

import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real MNIST digits for tests, and the same digits written as image files. */
public final class MnistPictures {
    private static MnistDataset test;

    private MnistPictures() {
    }

    /** The official MNIST test set (cached in ~/.cache/digits/mnist). */
    public static synchronized MnistDataset test() {
        if (test == null) {
            try {
                test = MnistFiles.defaultLocation().test();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return test;
    }

    /** Writes MNIST test image {@code index} as a grayscale picture in {@code format} (png, bmp, gif, jpg). */
    public static Path write(int index, Path file, String format) throws IOException {
        byte[] raw = test().images()[index];
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, raw);
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }
}
