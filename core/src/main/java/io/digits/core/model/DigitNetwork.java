package io.digits.core.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The seed project's CNN, built in one place for training and for loading.
 *
 * <pre>
 * Conv 32 5x5 same ReLU, Conv 32 5x5 same ReLU, MaxPool 2, Dropout 0.25,
 * Conv 64 3x3 same ReLU, Conv 64 3x3 same ReLU, MaxPool 2 stride 2, Dropout 0.25,
 * Flatten, Dense 256 ReLU, Dropout 0.5, Dense 10 (logits; softmax is applied by the loss and the classifier)
 * </pre>
 */
public final class DigitNetwork {
    /** Identifies this architecture in a model manifest; bump it whenever the block changes. */
    public static final String ARCHITECTURE_ID = "seed-cnn-v1";
    /** The network's input: one channel of 28x28, values 0..1. */
    public static final Shape INPUT_SHAPE = new Shape(1, 28, 28);
    public static final int CLASSES = 10;
    /** Multiply-adds for one image, counted layer by layer (see {@link #multiplyAddsPerImage()}). */
    public static final long MULTIPLY_ADDS = multiplyAddsPerImage();

    private DigitNetwork() {
    }

    /** A fresh, uninitialised block of the seed CNN. */
    public static Block build() {
        return new SequentialBlock()
                .add(conv(32, 5, 2))
                .add(Activation::relu)
                .add(conv(32, 5, 2))
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Dropout.builder().optRate(0.25f).build())
                .add(conv(64, 3, 1))
                .add(Activation::relu)
                .add(conv(64, 3, 1))
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Dropout.builder().optRate(0.25f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(256).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    private static Block conv(int filters, int kernel, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding))
                .build();
    }

    /** 28x28: two 5x5x32 convs, pool to 14x14, two 3x3x64 convs, pool to 7x7, dense 3136-256-10. */
    static long multiplyAddsPerImage() {
        long conv1 = 28L * 28 * 32 * (5 * 5 * 1);
        long conv2 = 28L * 28 * 32 * (5 * 5 * 32);
        long conv3 = 14L * 14 * 64 * (3 * 3 * 32);
        long conv4 = 14L * 14 * 64 * (3 * 3 * 64);
        long dense1 = 7L * 7 * 64 * 256;
        long dense2 = 256L * CLASSES;
        return conv1 + conv2 + conv3 + conv4 + dense1 + dense2;
    }
}
