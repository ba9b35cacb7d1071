package io.digits.trainer;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code training-curves.png}: three panels side by side, per epoch: loss (train and validation),
 * accuracy (train and validation) and the learning rate (log scale, so each plateau halving is one step).
 */
public final class TrainingCurvesChart {
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 380;

    private TrainingCurvesChart() {
    }

    /** Writes the three panels for {@code history} as one PNG. */
    public static void write(List<EpochStats> history, String title, Path png) throws IOException {
        BitmapEncoder.saveBitmap(List.of(
                        loss(history, title),
                        accuracy(history),
                        learningRate(history)),
                1, 3, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The panels as one image (for tests). */
    static BufferedImage render(List<EpochStats> history, String title) {
        List<XYChart> charts = List.of(loss(history, title), accuracy(history), learningRate(history));
        BufferedImage image = new BufferedImage(PANEL_WIDTH * charts.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * PANEL_WIDTH, 0, null);
        }
        g.dispose();
        return image;
    }

    private static XYChart loss(List<EpochStats> history, String title) {
        XYChart chart = panel(title + ": loss", "cross-entropy");
        line(chart, "train", epochs(history), history.stream().mapToDouble(EpochStats::trainLoss).toArray());
        line(chart, "validation", epochs(history), history.stream().mapToDouble(EpochStats::validationLoss).toArray());
        return chart;
    }

    private static XYChart accuracy(List<EpochStats> history) {
        XYChart chart = panel("accuracy", "accuracy");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        line(chart, "train", epochs(history), history.stream().mapToDouble(EpochStats::trainAccuracy).toArray());
        line(chart, "validation", epochs(history),
                history.stream().mapToDouble(EpochStats::validationAccuracy).toArray());
        return chart;
    }

    private static XYChart learningRate(List<EpochStats> history) {
        XYChart chart = panel("learning rate", "learning rate (log)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.0E0");
        chart.getStyler().setLegendVisible(false);
        line(chart, "learning rate", epochs(history),
                history.stream().mapToDouble(EpochStats::learningRate).toArray());
        return chart;
    }

    private static XYChart panel(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
    }

    private static double[] epochs(List<EpochStats> history) {
        return history.stream().mapToDouble(EpochStats::epoch).toArray();
    }
}
