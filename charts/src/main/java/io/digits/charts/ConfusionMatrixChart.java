package io.digits.charts;

import io.digits.core.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
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
    static final Color CORRECT = new Color(8, 48, 107);
    static final Color ERROR = new Color(165, 15, 21);

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
        DigitGrid grid = DigitGrid.start(n, title + String.format(Locale.ROOT, "   accuracy %.2f%% (%d of %d)",
                100 * matrix.accuracy(), matrix.correct(), matrix.total()), "recall", "precision");
        Font cellFont = grid.cellFont(Long.toString(Math.max(matrix.maxCount(), 1)));
        for (int i = 0; i < n; i++) {
            grid.rowFigure(i, String.format(Locale.ROOT, "%.1f%%", 100 * metrics.get(i).recall()));
            grid.columnFigure(i, String.format(Locale.ROOT, "%.1f", 100 * metrics.get(i).precision()));
            for (int j = 0; j < n; j++) {
                double shade = i == j
                        ? (rowTotals[i] == 0 ? 0 : (double) counts[i][j] / rowTotals[i])
                        : (maxError == 0 ? 0 : Math.sqrt((double) counts[i][j] / maxError));
                Color fill = DigitGrid.blend(i == j ? CORRECT : ERROR, shade);
                grid.cell(i, j, fill, counts[i][j] > 0 ? Long.toString(counts[i][j]) : null, cellFont,
                        shade > 0.5 ? Color.WHITE : Color.BLACK);
            }
        }
        return grid.finish("blue: correct, shaded by share of the row; red: errors, darker = more frequent");
    }
}
