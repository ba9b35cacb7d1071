package io.digits.charts;

import io.digits.core.eval.ConfusionMatrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A confusion matrix as a heat map with the count in every cell: true digit on rows, predicted digit
 * on columns. Correct predictions (the diagonal) are blue, shaded by the share of their row; errors are
 * red, shaded by their count relative to the largest error, so the worst confusions stand out even
 * when they are rare. Recall is printed at the end of each row, precision under each column.
 */
public final class ConfusionMatrixChart {
    private static final int CELL = 56;
    private static final int LEFT = 96;
    private static final int TOP = 92;
    private static final int RIGHT = 84;
    private static final int BOTTOM = 70;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private ConfusionMatrixChart() {
    }

    /** Writes the heat map of {@code matrix} as a PNG. */
    public static void write(ConfusionMatrix matrix, String title, Path png) throws IOException {
        Png.write(render(matrix, title), png);
    }

    /** The heat map of {@code matrix} as an image. */
    public static BufferedImage render(ConfusionMatrix matrix, String title) {
        int n = matrix.classes();
        long[][] counts = matrix.counts();
        long maxError = 0;
        long[] rowTotals = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rowTotals[i] += counts[i][j];
                if (i != j) {
                    maxError = Math.max(maxError, counts[i][j]);
                }
            }
        }
        var metrics = matrix.perClass();
        BufferedImage image = new BufferedImage(LEFT + n * CELL + RIGHT, TOP + n * CELL + BOTTOM,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.canvas(image);
        try {
            g.setColor(Color.BLACK);
            g.setFont(TITLE);
            Png.centred(g, title + String.format(Locale.ROOT, "   accuracy %.2f%% (%d of %d)",
                    100 * matrix.accuracy(), matrix.correct(), matrix.total()), image.getWidth() / 2, 28);
            g.setFont(AXIS);
            Png.centred(g, "predicted digit", LEFT + n * CELL / 2, 56);
            Png.centred(g, "recall", LEFT + n * CELL + RIGHT / 2, 56);
            Png.centred(g, "precision", LEFT / 2 - 8, TOP + n * CELL + 22);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            Png.centred(g, "true digit", -(TOP + n * CELL / 2), 30);
            g.setTransform(saved);

            Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, fitFontSize(g, matrix.maxCount()));
            for (int i = 0; i < n; i++) {
                g.setFont(LABEL);
                g.setColor(Color.BLACK);
                Png.centred(g, Integer.toString(i), LEFT + i * CELL + CELL / 2, TOP - 10);
                Png.centred(g, Integer.toString(i), LEFT - 16, TOP + i * CELL + CELL / 2 + 5);
                Png.centred(g, String.format(Locale.ROOT, "%.1f%%", 100 * metrics.get(i).recall()),
                        LEFT + n * CELL + RIGHT / 2, TOP + i * CELL + CELL / 2 + 5);
                Png.centred(g, String.format(Locale.ROOT, "%.1f", 100 * metrics.get(i).precision()),
                        LEFT + i * CELL + CELL / 2, TOP + n * CELL + 22);
                for (int j = 0; j < n; j++) {
                    double shade = i == j
                            ? (rowTotals[i] == 0 ? 0 : (double) counts[i][j] / rowTotals[i])
                            : (maxError == 0 ? 0 : Math.sqrt((double) counts[i][j] / maxError));
                    Color fill = i == j ? blend(new Color(8, 48, 107), shade) : blend(new Color(165, 15, 21), shade);
                    int x = LEFT + j * CELL;
                    int y = TOP + i * CELL;
                    g.setColor(fill);
                    g.fillRect(x, y, CELL, CELL);
                    if (counts[i][j] > 0) {
                        g.setFont(cellFont);
                        g.setColor(shade > 0.5 ? Color.WHITE : Color.BLACK);
                        Png.centred(g, Long.toString(counts[i][j]), x + CELL / 2, y + CELL / 2 + cellFont.getSize() / 3);
                    }
                }
            }
            g.setColor(new Color(120, 120, 120));
            g.setStroke(new BasicStroke(1f));
            for (int k = 0; k <= n; k++) {
                g.drawLine(LEFT, TOP + k * CELL, LEFT + n * CELL, TOP + k * CELL);
                g.drawLine(LEFT + k * CELL, TOP, LEFT + k * CELL, TOP + n * CELL);
            }
            g.setFont(LABEL.deriveFont(12f));
            g.setColor(Color.DARK_GRAY);
            Png.centred(g, "blue: correct, shaded by share of the row; red: errors, darker = more frequent",
                    image.getWidth() / 2, TOP + n * CELL + 52);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The largest bold font size (at most 15) at which the biggest count fits a cell. */
    private static int fitFontSize(Graphics2D g, long maxCount) {
        String widest = Long.toString(Math.max(maxCount, 1));
        for (int size = 15; size > 7; size--) {
            if (g.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, size)).stringWidth(widest) <= CELL - 6) {
                return size;
            }
        }
        return 8;
    }

    /** White at 0, {@code full} at 1. */
    private static Color blend(Color full, double shade) {
        double s = Math.max(0, Math.min(1, shade));
        return new Color(
                (int) Math.round(255 + (full.getRed() - 255) * s),
                (int) Math.round(255 + (full.getGreen() - 255) * s),
                (int) Math.round(255 + (full.getBlue() - 255) * s));
    }
}
