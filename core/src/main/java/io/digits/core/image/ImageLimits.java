package io.digits.core.image;

/**
 * Bounds checked before an image is decoded, so a decompression bomb is a dead letter, not an
 * OutOfMemoryError.
 *
 * @param maxBytes  largest accepted record value
 * @param maxPixels largest accepted width x height, read from the image header
 */
public record ImageLimits(int maxBytes, long maxPixels) {
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    public static final long DEFAULT_MAX_PIXELS = 4_000_000L;
    public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
