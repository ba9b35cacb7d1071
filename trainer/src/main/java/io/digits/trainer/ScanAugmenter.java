package io.digits.trainer;

import io.digits.core.image.MnistPreprocessor;
import java.util.random.RandomGenerator;

/**
 * What scanners, cameras and pens do to a digit, drawn per image: with probability {@code probability} one of
 * a coarse resolution (shrunk to 7..9 pixels a side and enlarged back), a medium one (10..14 pixels), an
 * out-of-focus blur (sigma 0.4..1.4 px), a thicker pen (strokes grown by half a pixel or a pixel on each side), a
 * finer one (shrunk by half a pixel) or a faint, noisy scan (sensor noise 3..12% of full ink, contrast stretched
 * back), each equally likely; otherwise the image stays as it is. The coarse resolutions are a kind of their own
 * because at 8x8 a nearly closed 4 and a 9 share most of their pixels: drawn from 7..14 alone they were 4.5% of
 * the images and {@code downsample-8}'s 4 stayed under 85% (trainer README, "Round 3"). MNIST's writers all used similar pens and the set
 * was scanned one way, so without these a long training run learns MNIST's stroke and nothing constrains how
 * it reads a thick, blurred or coarse digit (see the trainer README, "Beyond MNIST's test set").
 *
 * <p>The transforms are {@link Degradations}', the same code that builds the degraded evaluation sets, with
 * parameters drawn from ranges around the sets' fixed ones: those sets then measure degradations the model
 * was trained for, while {@code uci-8x8} (other writers) and {@code fonts} (printed digits) stay unseen.
 */
final class ScanAugmenter implements Augmentation {
    /** Share of images degraded when the scan augmentation is on: 10% for each of the six degradations. */
    static final double DEFAULT_PROBABILITY = 0.6;
    private static final int SIDE = MnistPreprocessor.SIDE;

    private final double probability;

    ScanAugmenter(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in 0..1, got " + probability);
        }
        this.probability = probability;
    }

    static ScanAugmenter standard() {
        return new ScanAugmenter(DEFAULT_PROBABILITY);
    }

    @Override
    public float[] augment(float[] image, RandomGenerator random) {
        if (probability == 0 || random.nextDouble() >= probability) {
            return image;
        }
        return switch (random.nextInt(6)) {
            case 0 -> Degradations.downAndUp(image, SIDE, random.nextInt(7, 10));
            case 1 -> Degradations.downAndUp(image, SIDE, random.nextInt(10, 15));
            case 2 -> Degradations.blur(image, SIDE, random.nextDouble(0.4, 1.4));
            case 3 -> Degradations.morph(image, SIDE, true, random.nextBoolean() ? 1 : 2);
            case 4 -> Degradations.morph(image, SIDE, false, 2);
            default -> Degradations.faint(image, random.nextDouble(0.03, 0.12), random);
        };
    }
}
