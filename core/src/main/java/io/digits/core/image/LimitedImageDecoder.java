package io.digits.core.image;

import io.digits.core.record.ContentType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a PNG, JPEG, BMP or GIF after reading its width and height from the header, so an image
 * over the pixel limit (a decompression bomb) is refused before a single pixel is allocated. Any
 * decoder failure, checked or not, becomes an {@link ImageRejectedException}. Thread-safe.
 */
final class LimitedImageDecoder {
    /** Smallest width and height that can hold a recognisable digit. */
    static final int MIN_SIDE = 8;

    private final ImageLimits limits;
    private final Map<ContentType, ImageReaderSpi> readers = new EnumMap<>(ContentType.class);

    LimitedImageDecoder(ImageLimits limits) {
        this.limits = limits;
        for (ContentType type : ContentType.values()) {
            if (type != ContentType.MNIST_784) {
                Iterator<ImageReader> found = ImageIO.getImageReadersByMIMEType(type.mimeType());
                if (!found.hasNext()) {
                    throw new IllegalStateException("this JVM has no ImageIO reader for " + type.mimeType());
                }
                ImageReader reader = found.next();
                readers.put(type, reader.getOriginatingProvider());
                reader.dispose();
            }
        }
    }

    /** The first frame of the picture, within the limits. */
    BufferedImage decode(byte[] value, ContentType type) throws ImageRejectedException {
        ImageReader reader = null;
        try (ImageInputStream in = new ByteArrayImageInputStream(value)) {
            reader = readers.get(type).createReaderInstance();
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            long pixels = (long) width * height;
            if (pixels > limits.maxPixels()) {
                throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS, type.mimeType() + " of " + width + "x"
                        + height + " = " + pixels + " pixels, limit " + limits.maxPixels());
            }
            if (width < MIN_SIDE || height < MIN_SIDE) {
                throw new ImageRejectedException(RejectReason.TOO_SMALL, type.mimeType() + " of " + width + "x"
                        + height + ", need at least " + MIN_SIDE + "x" + MIN_SIDE);
            }
            BufferedImage image = reader.read(0, reader.getDefaultReadParam());
            if (image == null) {
                throw new ImageRejectedException(RejectReason.UNDECODABLE, type.mimeType() + " decoded to nothing");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(RejectReason.UNDECODABLE, "not a readable " + type.mimeType() + ": "
                    + firstLine(e));
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
