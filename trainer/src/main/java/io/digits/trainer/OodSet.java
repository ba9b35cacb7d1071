package io.digits.trainer;

import java.util.List;

/**
 * One evaluation set beyond MNIST's test set: network inputs (784 floats each, already through
 * {@link io.digits.core.image.MnistPreprocessor} like a user's picture) and their digits.
 *
 * @param name        short name, used in the manifest, metrics.json and file names
 * @param description how the images were made
 * @param images      the preprocessed inputs
 * @param labels      the true digit of each input
 * @param rejected    pictures the preprocessing refused (not in {@code images}; they would be dead letters)
 * @param sources     where the images come from, e.g. the font families of the printed set
 */
record OodSet(String name, String description, float[][] images, int[] labels, int rejected, List<String> sources) {
    OodSet {
        if (images.length != labels.length) {
            throw new IllegalArgumentException(name + ": " + images.length + " images, " + labels.length + " labels");
        }
        sources = List.copyOf(sources);
    }

    int size() {
        return images.length;
    }
}
