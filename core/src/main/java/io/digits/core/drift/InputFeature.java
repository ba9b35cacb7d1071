package io.digits.core.drift;

import io.digits.core.image.MnistPreprocessor;
import java.util.List;
import java.util.Optional;

/**
 * What the drift signals watch, per image: features of the preprocessed 28x28 input (ink 0..1, as the network sees
 * it) and of its prediction, each with fixed bins. A bin is the number of its edges at or below the value, so
 * {@code n} edges make {@code n + 1} bins, the first and last open-ended. The trainer records the share of each bin
 * on held-out images in the manifest ({@link InputProfile}); the service compares the shares of its recent images
 * with them ({@link PopulationStability}).
 */
public enum InputFeature {
    /** The predicted digit: ten bins, one per digit. */
    DIGIT("digit", List.of(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5)),
    /** The top-1 probability: ten bins, finest near 1 where a trained model puts most images. */
    CONFIDENCE("confidence", List.of(0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)),
    /** The mean ink of the 784 pixels (MNIST digits average about 0.13): ten bins. */
    INK("ink", List.of(0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.24)),
    /** Width in pixels of the box around the pixels of at least {@link #BOX_INK}: nine bins. */
    BOX_WIDTH("box-width", List.of(5.5, 8.5, 10.5, 12.5, 14.5, 16.5, 18.5, 20.5)),
    /** Height in pixels of the same box (MNIST scales a digit's longer side to 20 px): seven bins. */
    BOX_HEIGHT("box-height", List.of(16.5, 17.5, 18.5, 19.5, 20.5, 21.5));

    /** The ink level a pixel needs to count in the digit's box: 50 of 255, the level the picture path crops at. */
    public static final float BOX_INK = 50f / 255f;

    private static final int SIDE = MnistPreprocessor.SIDE;

    private final String tag;
    private final List<Double> edges;

    InputFeature(String tag, List<Double> edges) {
        this.tag = tag;
        this.edges = edges;
    }

    /** The feature's name in manifests and in the {@code feature} tag of the drift gauge. */
    public String tag() {
        return tag;
    }

    /** The inner bin edges, increasing. */
    public List<Double> edges() {
        return edges;
    }

    /** The feature named {@code tag}, if this build knows it. */
    public static Optional<InputFeature> byTag(String tag) {
        for (InputFeature f : values()) {
            if (f.tag.equals(tag)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * This feature of one image: {@code image} the 784 preprocessed floats, {@code digit} and {@code confidence}
     * the prediction's digit and top-1 probability.
     */
    public double value(float[] image, int digit, double confidence) {
        return switch (this) {
            case DIGIT -> digit;
            case CONFIDENCE -> confidence;
            case INK -> meanInk(image);
            case BOX_WIDTH -> boxWidth(image);
            case BOX_HEIGHT -> boxHeight(image);
        };
    }

    private static double meanInk(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        return sum / image.length;
    }

    private static int boxWidth(float[] image) {
        int left = SIDE;
        int right = -1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (image[y * SIDE + x] >= BOX_INK) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return right < 0 ? 0 : right - left + 1;
    }

    private static int boxHeight(float[] image) {
        int top = -1;
        int bottom = -1;
        for (int i = 0; i < image.length; i++) {
            if (image[i] >= BOX_INK) {
                if (top < 0) {
                    top = i / SIDE;
                }
                bottom = i / SIDE;
            }
        }
        return top < 0 ? 0 : bottom - top + 1;
    }
}
