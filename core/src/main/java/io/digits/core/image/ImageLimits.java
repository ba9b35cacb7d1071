package io.digits.core.image;

/**
 * Bounds checked before an image is decoded, so a decompression bomb is a dead letter, not an
 * OutOfMemoryError.
 *
 * @param maxBytes  largest accepted record value
 * @param maxPixels largest accepted width x height, read from the image header
 */
public record ImageLimits(int maxBytes, long maxPixels) {
    public static final ImageLimits DEFAULT = new ImageLimits(1 << 20, 4_000_000L);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
