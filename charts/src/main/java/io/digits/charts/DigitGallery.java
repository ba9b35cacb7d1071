package io.digits.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A picture of up to {@code capacity} 28x28 digits in a grid, each scaled up and captioned, e.g. the
 * misclassified digits of an evaluation ({@link #misclassified}). Digits are drawn as dark ink on
 * white. Counts every digit offered, so the heading can say how many were left out.
 */
public final class DigitGallery {
    private static final int SIDE = 28;
    private static final int SCALE = 4;
    private static final int TILE_WIDTH = 136;
    private static final int TILE_HEIGHT = SIDE * SCALE + 26;
    private static final int HEADER = 40;
    private static final int COLUMNS = 10;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private final String title;
    private final int capacity;
    private final List<byte[]> images = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();
    private long offered;

    /**
     * @param title    the heading, e.g. "misclassified test digits"
     * @param capacity most digits drawn; later ones are counted but not drawn
     */
    public DigitGallery(String title, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.title = title;
        this.capacity = capacity;
    }

    /** The caption of a wrong prediction: {@code true 4 -> 9 (0.87)}. */
    public static String misclassified(int label, int predicted, float confidence) {
        return String.format(Locale.ROOT, "true %d -> %d (%.2f)", label, predicted, confidence);
    }

    /**
     * Adds a raw MNIST image (784 bytes, 0 = background).
     *
     * @return false when the gallery is full (the digit is counted but not drawn)
     */
    public boolean add(byte[] pixels, String caption) {
        checkSize(pixels.length);
        offered++;
        if (images.size() >= capacity) {
            return false;
        }
        images.add(pixels.clone());
        captions.add(caption);
        return true;
    }

    /** Adds a preprocessed image (784 floats in 0..1, 0 = background); see {@link #add(byte[], String)}. */
    public boolean add(float[] pixels, String caption) {
        checkSize(pixels.length);
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(0f, Math.min(1f, pixels[i])) * 255f);
        }
        return add(bytes, caption);
    }

    /** Digits drawn. */
    public int size() {
        return images.size();
    }

    /** Digits offered, drawn or not. */
    public long offered() {
        return offered;
    }

    /** Writes the gallery as a PNG. */
    public void write(Path png) throws IOException {
        Png.write(render(), png);
    }

    /** The gallery as an image; an empty gallery is just its heading. */
    public BufferedImage render() {
        int columns = Math.max(1, Math.min(COLUMNS, images.size()));
        int rows = (images.size() + columns - 1) / columns;
        int width = Math.max(columns * TILE_WIDTH, 420);
        BufferedImage image = new BufferedImage(width, HEADER + rows * TILE_HEIGHT + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.canvas(image);
        try {
            g.setColor(Color.BLACK);
            g.setFont(TITLE);
            String heading = offered == images.size()
                    ? String.format(Locale.ROOT, "%s (%d)", title, offered)
                    : String.format(Locale.ROOT, "%s (first %d of %d)", title, images.size(), offered);
            Png.centred(g, heading, width / 2, 26);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            for (int k = 0; k < images.size(); k++) {
                int x = (k % columns) * TILE_WIDTH;
                int y = HEADER + (k / columns) * TILE_HEIGHT;
                int digitX = x + (TILE_WIDTH - SIDE * SCALE) / 2;
                g.drawImage(ink(images.get(k)), digitX, y, SIDE * SCALE, SIDE * SCALE, null);
                g.setColor(new Color(200, 200, 200));
                g.drawRect(digitX, y, SIDE * SCALE - 1, SIDE * SCALE - 1);
                g.setColor(Color.BLACK);
                g.setFont(CAPTION);
                Png.centred(g, captions.get(k), x + TILE_WIDTH / 2, y + SIDE * SCALE + 17);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A 28x28 gray image with dark ink on white. */
    private static BufferedImage ink(byte[] pixels) {
        BufferedImage digit = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((java.awt.image.DataBufferByte) digit.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            raster[i] = (byte) (255 - (pixels[i] & 0xFF));
        }
        return digit;
    }

    private static void checkSize(int length) {
        if (length != SIDE * SIDE) {
            throw new IllegalArgumentException("a gallery digit has " + SIDE * SIDE + " pixels, got " + length);
        }
    }
}
