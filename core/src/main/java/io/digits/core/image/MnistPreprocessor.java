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

    public MnistPreprocessor(ImageLimits limits) {
        this.limits = limits;
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
        throw new UnsupportedOperationException("TODO: implemented by the preprocessing work");
    }

    /** Raw MNIST bytes (exactly 784) to the network input: divide by 255. */
    public static float[] normalise(byte[] raw) {
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (raw[i] & 0xFF) / 255f;
        }
        return out;
    }

    /** The content type a value would be decoded as, from the header or else by sniffing. */
    static Optional<ContentType> sniff(byte[] value) {
        throw new UnsupportedOperationException("TODO");
    }
}
