package io.digits.trainer;

import io.digits.core.image.MnistPreprocessor;
import java.util.random.RandomGenerator;

/**
 * Random affine distortions of 28x28 images, as the seed's Keras {@code ImageDataGenerator(rotation_range=10,
 * zoom_range=0.1, width_shift_range=0.1, height_shift_range=0.1)}: a rotation angle uniform in
 * +-rotation degrees, a zoom per axis uniform in 1 +- zoom, a shift per axis uniform in +- shift * 28 pixels,
 * no flips. Like Keras it samples bilinearly (order 1) and fills from the nearest edge pixel.
 *
 * <p>One difference, on purpose: the transform is taken about the image's true centre (13.5, 13.5) and a
 * positive shift moves the content right/down; Keras uses a centre half a pixel off and moves it the
 * other way. The distribution of distortions is the same.
 */
public final class ImageAugmenter implements Augmentation {
    private static final int SIDE = MnistPreprocessor.SIDE;
    private static final float CENTRE = (SIDE - 1) / 2f;

    private final double rotationDegrees;
    private final double zoom;
    private final double shift;

    /**
     * @param rotationDegrees largest rotation either way, in degrees
     * @param zoom            largest relative zoom either way (0.1 = 90% to 110%)
     * @param shift           largest shift either way, as a fraction of the image side
     */
    public ImageAugmenter(double rotationDegrees, double zoom, double shift) {
        if (rotationDegrees < 0 || zoom < 0 || zoom >= 1 || shift < 0 || shift >= 1) {
            throw new IllegalArgumentException("bad augmentation ranges: rotation " + rotationDegrees
                    + ", zoom " + zoom + ", shift " + shift);
        }
        this.rotationDegrees = rotationDegrees;
        this.zoom = zoom;
        this.shift = shift;
    }

    /** The seed's settings: rotation 10 degrees, zoom 10%, shifts 10%. */
    public static ImageAugmenter seed() {
        return new ImageAugmenter(10, 0.1, 0.1);
    }

    /** One distortion: rotation in degrees, zoom per axis (1 = none), shift per axis in pixels. */
    public record Transform(double degrees, double zoomX, double zoomY, double shiftX, double shiftY) {
        public static final Transform IDENTITY = new Transform(0, 1, 1, 0, 0);

        public boolean isIdentity() {
            return degrees == 0 && zoomX == 1 && zoomY == 1 && shiftX == 0 && shiftY == 0;
        }
    }

    /** Draws a distortion from this augmenter's ranges. */
    public Transform draw(RandomGenerator random) {
        return new Transform(
                uniform(random, rotationDegrees),
                1 + uniform(random, zoom),
                1 + uniform(random, zoom),
                uniform(random, shift) * SIDE,
                uniform(random, shift) * SIDE);
    }

    /** A freshly distorted copy of {@code image} (784 floats, row-major). */
    @Override
    public float[] augment(float[] image, RandomGenerator random) {
        return apply(image, draw(random));
    }

    /**
     * {@code image} under {@code t}: each output pixel p samples the input at
     * {@code centre + R(degrees) * Z(zoom) * (p - centre) - shift}, so the content turns by the angle
     * (counter-clockwise on screen for a positive angle), shrinks by the zoom factor and moves by the shift.
     */
    public static float[] apply(float[] image, Transform t) {
        if (image.length != SIDE * SIDE) {
            throw new IllegalArgumentException("expected " + SIDE * SIDE + " pixels, got " + image.length);
        }
        if (t.isIdentity()) {
            return image.clone();
        }
        double radians = Math.toRadians(t.degrees());
        float cos = (float) Math.cos(radians);
        float sin = (float) Math.sin(radians);
        float zx = (float) t.zoomX();
        float zy = (float) t.zoomY();
        float[] out = new float[image.length];
        for (int row = 0; row < SIDE; row++) {
            float v = (row - CENTRE) * zy;
            for (int col = 0; col < SIDE; col++) {
                float u = (col - CENTRE) * zx;
                float x = CENTRE + cos * u - sin * v - (float) t.shiftX();
                float y = CENTRE + sin * u + cos * v - (float) t.shiftY();
                out[row * SIDE + col] = bilinear(image, x, y);
            }
        }
        return out;
    }

    /** Bilinear sample at (x, y); coordinates outside the image take the nearest edge pixel. */
    private static float bilinear(float[] image, float x, float y) {
        x = Math.min(Math.max(x, 0), SIDE - 1);
        y = Math.min(Math.max(y, 0), SIDE - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, SIDE - 1);
        int y1 = Math.min(y0 + 1, SIDE - 1);
        float fx = x - x0;
        float fy = y - y0;
        float top = image[y0 * SIDE + x0] * (1 - fx) + image[y0 * SIDE + x1] * fx;
        float bottom = image[y1 * SIDE + x0] * (1 - fx) + image[y1 * SIDE + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static double uniform(RandomGenerator random, double range) {
        return range == 0 ? 0 : random.nextDouble(-range, range);
    }
}
