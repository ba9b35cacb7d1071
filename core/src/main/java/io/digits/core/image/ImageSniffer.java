package io.digits.core.image;

import io.digits.core.record.ContentType;
import java.util.Optional;

/** Tells what an image record value is from its first bytes (its magic number). */
public final class ImageSniffer {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] GIF87 = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89 = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] BMP = {'B', 'M'};

    private ImageSniffer() {
    }

    /**
     * PNG, JPEG, GIF or BMP by magic number; otherwise exactly {@value MnistPreprocessor#PIXELS} bytes are
     * a raw MNIST image; anything else is unknown.
     */
    public static Optional<ContentType> sniff(byte[] value) {
        if (startsWith(value, PNG)) {
            return Optional.of(ContentType.PNG);
        } else if (startsWith(value, JPEG)) {
            return Optional.of(ContentType.JPEG);
        } else if (startsWith(value, GIF87) || startsWith(value, GIF89)) {
            return Optional.of(ContentType.GIF);
        } else if (startsWith(value, BMP) && value.length >= 26 && value.length != MnistPreprocessor.PIXELS) {
            // "BM" is only two bytes: a raw MNIST image could start with them, so size decides first
            return Optional.of(ContentType.BMP);
        } else if (value.length == MnistPreprocessor.PIXELS) {
            return Optional.of(ContentType.MNIST_784);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] value, byte[] magic) {
        if (value.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (value[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
