package io.digits.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.StreamsConfig;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code latency-curve.png}: against the latency budget set ({@code serve --latency-budget}, log scale), the p99 of
 * the service and of Kafka's floor under each guarantee, with the budget itself as a dashed line (a point under
 * it met its budget); beside it, the drained throughput against the exactly-once defaults'. Only the points at the
 * service's own settings are drawn (the variants beside them are in the table), a setting measured in several
 * passes at the medians of its figures.
 */
final class LatencyCurveChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;

    private LatencyCurveChart() {
    }

    static void write(List<PipelineBench.CurvePoint> points, Path png) throws IOException {
        ImageIO.write(render(points), "png", png.toFile());
    }

    static BufferedImage render(List<PipelineBench.CurvePoint> points) {
        XYChart latency = panel("p99 latency at half load", "p99 ms (log)");
        latency.getStyler().setYAxisLogarithmic(true);
        List<LatencyCurveReport.Summary> own = LatencyCurveReport.summaries(points).stream()
                .filter(s -> s.setting().ownSettings()).toList();
        double defaultDrain = own.stream().filter(s -> s.budget() == null
                && s.setting().guarantee().equals(StreamsConfig.EXACTLY_ONCE_V2)).findFirst().orElseThrow().drain().median();
        XYChart throughput = panel("drained throughput", "images/s over the exactly-once defaults'");
        throughput.getStyler().setYAxisMin(0.0);
        for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
            List<LatencyCurveReport.Summary> curve = own.stream()
                    .filter(s -> s.setting().guarantee().equals(guarantee) && s.budget() != null).toList();
            if (curve.isEmpty()) {
                continue;
            }
            double[] budgets = curve.stream().mapToDouble(s -> s.budget().budget().toMillis()).toArray();
            series(latency, guarantee, budgets, curve.stream().mapToDouble(s -> s.p99().median()).toArray(), false);
            series(latency, guarantee + " floor", budgets, curve.stream().mapToDouble(s -> s.floorP99().median()).toArray(),
                    true);
            series(throughput, guarantee, budgets,
                    curve.stream().mapToDouble(s -> s.drain().median() / defaultDrain).toArray(), false);
        }
        double[] all = points.stream().filter(p -> p.budget() != null)
                .mapToDouble(p -> p.budget().budget().toMillis()).sorted().distinct().toArray();
        if (all.length > 0) {
            XYSeries budget = latency.addSeries("the budget", all, all);
            budget.setLineColor(Color.GRAY);
            budget.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            budget.setMarker(SeriesMarkers.NONE);
        }
        BufferedImage image = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.drawImage(BitmapEncoder.getBufferedImage(latency), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(throughput), WIDTH, 0, null);
        g.dispose();
        return image;
    }

    private static XYChart panel(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("--latency-budget ms (log)").yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        // beside the plot, not inside it: inside, the legend covered the highest points (an at-least-once p99 of 212 ms)
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setYAxisDecimalPattern("#.##");
        return chart;
    }

    private static void series(XYChart chart, String name, double[] x, double[] y, boolean dashed) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        if (dashed) {
            series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
        }
    }
}
