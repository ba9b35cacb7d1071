package io.digits.charts;

import io.digits.core.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How a second model's confusion matrix differs from a first one's on the same labelled images: every cell is B's
 * count minus A's, signed. The colours diverge by what the change means, not by its sign: blue where B is better
 * (more right on the diagonal, fewer errors off it), red where B is worse, darker the larger the change (relative to
 * the largest). The change of recall per row and of precision per column, in percentage points, beside the grid.
 */
public final class ConfusionDiffChart {
    private ConfusionDiffChart() {
    }

    /** Writes the difference {@code b - a} as a PNG. */
    public static void write(ConfusionMatrix a, ConfusionMatrix b, String title, Path png) throws IOException {
        Png.write(render(a, b, title), png);
    }

    /** The difference {@code b - a} as an image; the two matrices must count the same images. */
    public static BufferedImage render(ConfusionMatrix a, ConfusionMatrix b, String title) {
        if (a.classes() != b.classes() || a.total() != b.total()) {
            throw new IllegalArgumentException("the two confusion matrices must count the same images: "
                    + a.total() + " against " + b.total());
        }
        int n = a.classes();
        long[][] diff = new long[n][n];
        long largest = 0;
        long widest = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                diff[i][j] = b.count(i, j) - a.count(i, j);
                largest = Math.max(largest, Math.abs(diff[i][j]));
                widest = Math.min(widest, -Math.abs(diff[i][j]));
            }
        }
        var recallA = a.perClass();
        var recallB = b.perClass();
        DigitGrid grid = DigitGrid.start(n, title + String.format(Locale.ROOT, "   accuracy %+.2f points",
                100 * (b.accuracy() - a.accuracy())), "recall", "precision");
        Font cellFont = grid.cellFont(Long.toString(widest));
        for (int i = 0; i < n; i++) {
            grid.rowFigure(i, points(recallB.get(i).recall() - recallA.get(i).recall()));
            grid.columnFigure(i, points(recallB.get(i).precision() - recallA.get(i).precision()));
            for (int j = 0; j < n; j++) {
                long d = diff[i][j];
                boolean better = i == j ? d > 0 : d < 0;
                double shade = largest == 0 ? 0 : Math.sqrt((double) Math.abs(d) / largest);
                Color fill = d == 0 ? Color.WHITE
                        : DigitGrid.blend(better ? ConfusionMatrixChart.CORRECT : ConfusionMatrixChart.ERROR, shade);
                grid.cell(i, j, fill, d == 0 ? null : String.format(Locale.ROOT, "%+d", d), cellFont,
                        shade > 0.5 ? Color.WHITE : Color.BLACK);
            }
        }
        return grid.finish("B minus A, per cell; blue: B better (more right, fewer errors), red: B worse;"
                + " points of recall and precision");
    }

    private static String points(double change) {
        double p = 100 * change;
        return Math.abs(p) < 0.05 ? "0" : String.format(Locale.ROOT, "%+.1f", p);
    }
}
