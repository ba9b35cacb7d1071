package io.digits.mnist;

import java.util.Arrays;

/**
 * Labelled 28x28 images in MNIST's own form: row-major uint8 pixels, 0 = background.
 *
 * @param name   where the data came from (for messages and record keys), e.g. {@code mnist-test}
 * @param images one 784-byte array per image
 * @param labels the digit of each image, or null for unlabelled data
 */
public record MnistDataset(String name, byte[][] images, byte[] labels) {
    public MnistDataset {
        if (labels != null && labels.length != images.length) {
            throw new IllegalArgumentException(name + ": " + images.length + " images but " + labels.length + " labels");
        }
    }

    public int size() {
        return images.length;
    }

    public boolean labelled() {
        return labels != null;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The first {@code n} images (all when n exceeds the size). */
    public MnistDataset limit(int n) {
        if (n >= images.length) {
            return this;
        }
        return new MnistDataset(name, Arrays.copyOf(images, n), labels == null ? null : Arrays.copyOf(labels, n));
    }
}
