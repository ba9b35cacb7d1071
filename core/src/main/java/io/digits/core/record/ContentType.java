package io.digits.core.record;

import java.util.Arrays;
import java.util.Optional;

/** The image encodings an image record may carry, with their {@code content-type} header values. */
public enum ContentType {
    /** Exactly 784 bytes: a 28x28 uint8 MNIST image, row-major, 0 = background. */
    MNIST_784("application/x-mnist-784"),
    PNG("image/png"),
    JPEG("image/jpeg"),
    BMP("image/bmp"),
    GIF("image/gif");

    private final String mimeType;

    ContentType(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The content type named by a header value (case-insensitive, parameters after ';' ignored). */
    public static Optional<ContentType> fromMimeType(String value) {
        String bare = value.split(";", 2)[0].trim();
        return Arrays.stream(values()).filter(t -> t.mimeType.equalsIgnoreCase(bare)).findFirst();
    }

    /** The content type for a file name's extension, if it is one we accept. */
    public static Optional<ContentType> fromFileName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) {
            return Optional.of(PNG);
        } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return Optional.of(JPEG);
        } else if (lower.endsWith(".bmp")) {
            return Optional.of(BMP);
        } else if (lower.endsWith(".gif")) {
            return Optional.of(GIF);
        }
        return Optional.empty();
    }
}
