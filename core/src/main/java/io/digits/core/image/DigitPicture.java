package io.digits.core.image;

import io.digits.core.record.ContentType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws a raw MNIST digit as a picture (PNG, JPEG, BMP or GIF), the way a scan or a drawing would
 * carry it: scaled to {@code digitSize} with bilinear interpolation, light-on-dark like MNIST or
 * dark-on-light like ink on paper, at ({@code x}, {@code y}) on a canvas of the background colour.
 * For producers that send pictures and for tests of {@link MnistPreprocessor}.
 */
public record DigitPicture(int digitSize, int canvasWidth, int canvasHeight, int x, int y, boolean darkOnLight) {

    public DigitPicture {
        if (digitSize <= 0 || canvasWidth <= 0 || canvasHeight <= 0) {
            throw new IllegalArgumentException("picture sizes must be positive");
        }
    }

    /** The digit filling a {@code size x size} picture, light on dark like MNIST. */
    public static DigitPicture of(int size) {
        return new DigitPicture(size, size, size, 0, 0, false);
    }

    /** The same picture with dark ink on a white background, like a scan (MNIST inverted). */
    public DigitPicture inverted() {
        return new DigitPicture(digitSize, canvasWidth, canvasHeight, x, y, true);
    }

    /** The digit drawn at ({@code x}, {@code y}) on a larger canvas. */
    public DigitPicture on(int width, int height, int atX, int atY) {
        return new DigitPicture(digitSize, width, height, atX, atY, darkOnLight);
    }

    /** The picture of a raw 784-byte MNIST digit, as an RGB image. */
    public BufferedImage render(byte[] raw) {
        if (raw.length != MnistPreprocessor.PIXELS) {
            throw new IllegalArgumentException("a raw MNIST digit has " + MnistPreprocessor.PIXELS + " bytes, got "
                    + raw.length);
        }
        BufferedImage digit = new BufferedImage(MnistPreprocessor.SIDE, MnistPreprocessor.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) digit.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < raw.length; i++) {
            pixels[i] = (byte) (darkOnLight ? 255 - (raw[i] & 0xFF) : raw[i]);
        }
        BufferedImage picture = new BufferedImage(canvasWidth, canvasHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(darkOnLight ? Color.WHITE : Color.BLACK);
            g.fillRect(0, 0, canvasWidth, canvasHeight);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(digit, x, y, digitSize, digitSize, null);
        } finally {
            g.dispose();
        }
        return picture;
    }

    /** The picture of a raw MNIST digit, encoded as {@code type} (not {@link ContentType#MNIST_784}). */
    public byte[] encode(byte[] raw, ContentType type) {
        if (type == ContentType.MNIST_784) {
            throw new IllegalArgumentException("a picture cannot be encoded as raw MNIST bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(render(raw), type.name().toLowerCase(java.util.Locale.ROOT), out)) {
                throw new IllegalStateException("no ImageIO writer for " + type.mimeType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
