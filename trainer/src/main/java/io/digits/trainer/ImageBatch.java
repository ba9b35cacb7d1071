package io.digits.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitNetwork;
import io.digits.mnist.MnistDataset;

/**
 * A batch ready for the engine, prepared off the training thread.
 *
 * @param images n x 784 network inputs, flat
 * @param labels the n true digits
 */
public record ImageBatch(float[] images, int[] labels) {

    /** The images at {@code indices}, normalised as in serving, not augmented. */
    public static ImageBatch of(MnistDataset data, int[] indices) {
        float[] images = new float[indices.length * MnistPreprocessor.PIXELS];
        int[] labels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(MnistPreprocessor.normalise(data.images()[indices[k]]), 0, images,
                    k * MnistPreprocessor.PIXELS, MnistPreprocessor.PIXELS);
            labels[k] = data.label(indices[k]);
        }
        return new ImageBatch(images, labels);
    }

    /** {@code n} preprocessed network inputs (784 floats each) from {@code start}, with their labels. */
    public static ImageBatch of(float[][] inputs, int[] labels, int start, int n) {
        float[] images = new float[n * MnistPreprocessor.PIXELS];
        for (int k = 0; k < n; k++) {
            System.arraycopy(inputs[start + k], 0, images, k * MnistPreprocessor.PIXELS, MnistPreprocessor.PIXELS);
        }
        return new ImageBatch(images, java.util.Arrays.copyOfRange(labels, start, start + n));
    }

    public int size() {
        return labels.length;
    }

    /** The images as an (n, 1, 28, 28) array. */
    public NDArray imagesArray(NDManager manager) {
        return manager.create(images, new Shape(size(), 1, MnistPreprocessor.SIDE, MnistPreprocessor.SIDE));
    }

    /** The labels one-hot, (n, 10), for categorical cross-entropy. */
    public NDArray oneHotArray(NDManager manager) {
        float[] oneHot = new float[size() * DigitNetwork.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * DigitNetwork.CLASSES + labels[i]] = 1f;
        }
        return manager.create(oneHot, new Shape(size(), DigitNetwork.CLASSES));
    }
}
