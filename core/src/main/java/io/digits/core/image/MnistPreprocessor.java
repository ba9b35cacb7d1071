package io.digits.core.image;

import io.digits.core.record.ContentType;
import java.util.Optional;

/**
 * Turns any accepted image record value into the network's input: 784 floats, 28x28 row-major, 0..1,
 * 0 = background. The same code runs in training, in serving and in the offline evaluation.
 *
 * <p>Raw MNIST bytes are only divided by 255. Pictures get MNIST's own treatment: grayscale, invert
 * when dark-on-light (decided from the border), crop to the digit, scale the longer side to 20 px,
 * centre by centre of mass in 28x28.
 */
public final class MnistPreprocessor {
    /** Identifies this preprocessing in a model manifest; bump it whenever the output changes. */
    public static final String PREPROCESSING_ID = "mnist-com-v1";
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    private final ImageLimits limits;
    private final LimitedImageDecoder decoder;

    /** A preprocessor that refuses pictures over {@code limits}. Thread-safe: share one. */
    public MnistPreprocessor(ImageLimits limits) {
        this.limits = limits;
        this.decoder = new LimitedImageDecoder(limits);
    }

    public MnistPreprocessor() {
        this(ImageLimits.DEFAULT);
    }

    /**
     * The network input for one record value.
     *
     * @param value    the record's bytes
     * @param declared the {@code content-type} header, if the record had one (may name an unknown type)
     * @throws ImageRejectedException with the reason the record is a dead letter
     */
    public float[] preprocess(byte[] value, Optional<String> declared) throws ImageRejectedException {
        if (value == null || value.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY, "the record has no value");
        }
        if (value.length > limits.maxBytes()) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_BYTES, value.length + " bytes, limit "
                    + limits.maxBytes());
        }
        ContentType type = contentType(value, declared);
        if (type == ContentType.MNIST_784) {
            return raw(value);
        }
        return MnistNormaliser.normalise(decoder.decode(value, type));
    }

    /** The content type the header names, else the sniffed one. */
    private static ContentType contentType(byte[] value, Optional<String> declared) throws ImageRejectedException {
        if (declared.isPresent() && !declared.get().isBlank()) {
            return ContentType.fromMimeType(declared.get()).orElseThrow(() -> new ImageRejectedException(
                    RejectReason.UNKNOWN_CONTENT_TYPE, "content-type '" + abbreviate(declared.get())
                            + "' is none of PNG, JPEG, BMP, GIF or " + ContentType.MNIST_784.mimeType()));
        }
        return ImageSniffer.sniff(value).orElseThrow(() -> new ImageRejectedException(RejectReason.UNDECODABLE,
                value.length + " bytes that are neither a PNG, JPEG, BMP or GIF nor a raw " + PIXELS
                        + "-byte MNIST image"));
    }

    private static float[] raw(byte[] value) throws ImageRejectedException {
        if (value.length != PIXELS) {
            throw new ImageRejectedException(RejectReason.WRONG_RAW_SIZE, "raw MNIST image of " + value.length
                    + " bytes, expected " + PIXELS);
        }
        for (byte b : value) {
            if (b != 0) {
                return normalise(value);
            }
        }
        throw new ImageRejectedException(RejectReason.NO_DIGIT, "raw MNIST image is all background");
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
    }

    /** Raw MNIST bytes (exactly 784) to the network input: divide by 255. */
    public static float[] normalise(byte[] raw) {
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (raw[i] & 0xFF) / 255f;
        }
        return out;
    }
}
