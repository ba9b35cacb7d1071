package io.digits.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The layout the digit-by-digit charts share ({@link ConfusionMatrixChart}, {@link ConfusionDiffChart}): an n x n
 * grid of cells with the true digit on rows and the predicted digit on columns, a title, a figure per row at the
 * right and per column underneath, a legend line at the bottom.
 */
final class DigitGrid {
    static final int CELL = 56;
    private static final int LEFT = 96;
    private static final int TOP = 92;
    private static final int RIGHT = 84;
    private static final int BOTTOM = 70;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private final int n;
    private final BufferedImage image;
    private final Graphics2D g;

    private DigitGrid(int n) {
        this.n = n;
        this.image = new BufferedImage(LEFT + n * CELL + RIGHT, TOP + n * CELL + BOTTOM, BufferedImage.TYPE_INT_RGB);
        this.g = Png.canvas(image);
    }

    /**
     * A white grid of {@code n} digits with its title and axis names; the caller draws the cells and calls
     * {@link #finish}.
     *
     * @param rowFigure    the name of the figure printed at the end of each row ("recall")
     * @param columnFigure the name of the figure printed under each column ("precision")
     */
    static DigitGrid start(int n, String title, String rowFigure, String columnFigure) {
        DigitGrid grid = new DigitGrid(n);
        Graphics2D g = grid.g;
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        Png.centred(g, title, grid.image.getWidth() / 2, 28);
        g.setFont(AXIS);
        Png.centred(g, "predicted digit", LEFT + n * CELL / 2, 56);
        Png.centred(g, rowFigure, LEFT + n * CELL + RIGHT / 2, 56);
        Png.centred(g, columnFigure, LEFT / 2 - 8, TOP + n * CELL + 22);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        Png.centred(g, "true digit", -(TOP + n * CELL / 2), 30);
        g.setTransform(saved);
        g.setFont(LABEL);
        for (int i = 0; i < n; i++) {
            Png.centred(g, Integer.toString(i), LEFT + i * CELL + CELL / 2, TOP - 10);
            Png.centred(g, Integer.toString(i), LEFT - 16, TOP + i * CELL + CELL / 2 + 5);
        }
        return grid;
    }

    /** Fills cell ({@code row}, {@code column}) and writes {@code text} in it (nothing when null). */
    void cell(int row, int column, Color fill, String text, Font font, Color textColour) {
        int x = LEFT + column * CELL;
        int y = TOP + row * CELL;
        g.setColor(fill);
        g.fillRect(x, y, CELL, CELL);
        if (text != null) {
            g.setFont(font);
            g.setColor(textColour);
            Png.centred(g, text, x + CELL / 2, y + CELL / 2 + font.getSize() / 3);
        }
    }

    /** The figure at the end of {@code row}. */
    void rowFigure(int row, String text) {
        g.setFont(LABEL);
        g.setColor(Color.BLACK);
        Png.centred(g, text, LEFT + n * CELL + RIGHT / 2, TOP + row * CELL + CELL / 2 + 5);
    }

    /** The figure under {@code column}. */
    void columnFigure(int column, String text) {
        g.setFont(LABEL);
        g.setColor(Color.BLACK);
        Png.centred(g, text, LEFT + column * CELL + CELL / 2, TOP + n * CELL + 22);
    }

    /** The largest bold font size (at most 15) at which {@code widest} fits a cell. */
    Font cellFont(String widest) {
        for (int size = 15; size > 7; size--) {
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
            if (g.getFontMetrics(font).stringWidth(widest) <= CELL - 6) {
                return font;
            }
        }
        return new Font(Font.SANS_SERIF, Font.BOLD, 8);
    }

    /** Draws the grid lines and the legend, and returns the finished picture. */
    BufferedImage finish(String legend) {
        try {
            g.setColor(new Color(120, 120, 120));
            g.setStroke(new BasicStroke(1f));
            for (int k = 0; k <= n; k++) {
                g.drawLine(LEFT, TOP + k * CELL, LEFT + n * CELL, TOP + k * CELL);
                g.drawLine(LEFT + k * CELL, TOP, LEFT + k * CELL, TOP + n * CELL);
            }
            g.setFont(LABEL.deriveFont(12f));
            g.setColor(Color.DARK_GRAY);
            Png.centred(g, legend, image.getWidth() / 2, TOP + n * CELL + 52);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** White at 0, {@code full} at 1. */
    static Color blend(Color full, double shade) {
        double s = Math.max(0, Math.min(1, shade));
        return new Color(
                (int) Math.round(255 + (full.getRed() - 255) * s),
                (int) Math.round(255 + (full.getGreen() - 255) * s),
                (int) Math.round(255 + (full.getBlue() - 255) * s));
    }
}
