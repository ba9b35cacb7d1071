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
 * accuracy (train and validation) and the learning rate (log scale, so each plateau halving is one step); a
 * fourth, accuracy on every set beyond MNIST's test set and their mean, when the run measured them per epoch.
 */
public final class TrainingCurvesChart {
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 380;
    private static final int LEGEND_WIDTH = 140;

    private TrainingCurvesChart() {
    }

    /** Writes the three panels for {@code history} as one PNG. */
    public static void write(List<EpochStats> history, String title, Path png) throws IOException {
        javax.imageio.ImageIO.write(render(history, title), "png", png.toFile());
    }

    /** The panels side by side as one image, each at its own width. */
    static BufferedImage render(List<EpochStats> history, String title) {
        List<XYChart> charts = panels(history, title);
        BufferedImage image = new BufferedImage(charts.stream().mapToInt(XYChart::getWidth).sum(), PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int x = 0;
        for (XYChart chart : charts) {
            g.drawImage(BitmapEncoder.getBufferedImage(chart), x, 0, null);
            x += chart.getWidth();
        }
        g.dispose();
        return image;
    }

    private static List<XYChart> panels(List<EpochStats> history, String title) {
        List<XYChart> charts = new java.util.ArrayList<>(List.of(loss(history, title), accuracy(history),
                learningRate(history)));
        if (!history.isEmpty() && !history.get(history.size() - 1).beyondMnist().isEmpty()) {
            charts.add(beyondMnist(history));
        }
        return charts;
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

    private static XYChart beyondMnist(List<EpochStats> history) {
        XYChart chart = panel("beyond MNIST's test set", "accuracy", PANEL_WIDTH + LEGEND_WIDTH);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<EpochStats> measured = history.stream().filter(s -> !s.beyondMnist().isEmpty()).toList();
        for (String set : measured.get(measured.size() - 1).beyondMnist().keySet()) {
            line(chart, set, epochs(measured),
                    measured.stream().mapToDouble(s -> s.beyondMnist().getOrDefault(set, Double.NaN)).toArray());
        }
        XYSeries mean = chart.addSeries("mean", epochs(measured),
                measured.stream().mapToDouble(EpochStats::meanBeyondMnist).toArray());
        mean.setLineWidth(4f);
        mean.setLineColor(java.awt.Color.BLACK);
        mean.setMarker(SeriesMarkers.NONE);
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
        return panel(title, yTitle, PANEL_WIDTH);
    }

    private static XYChart panel(String title, String yTitle, int width) {
        XYChart chart = new XYChartBuilder().width(width).height(PANEL_HEIGHT).title(title)
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
