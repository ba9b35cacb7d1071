package io.digits.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.record.Json;
import io.digits.streams.LatencyBudget;
import io.digits.streams.ServeConfig;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class LatencyCurveReportTest {
    private static final String EOS = StreamsConfig.EXACTLY_ONCE_V2;
    private static final String ALOS = StreamsConfig.AT_LEAST_ONCE;

    /** Every point's cost: 1.5 cores busy with the service, 0.8 with the floor, 0.9 ms per image drained, 1.35 at half load. */
    private static final PipelineBench.CurveCost COST = new PipelineBench.CurveCost(1.5, 0.8, 0.9, 1.35);
    private static final List<PipelineBench.CurvePoint> CURVE = List.of(
            point(EOS, null, 100, 2000, 140, 120),
            point(EOS, null, 8, 100, false, 1900, 128, 119),
            point(EOS, 50L, 25, 1600, 45, 38),
            point(EOS, 20L, 10, 1250, 30, 18),
            point(ALOS, null, ServeConfig.DEFAULT_BATCH_SIZE, 5000, false, 2000, 40, 9),
            point(ALOS, null, 1000, 2000, 20, 9),
            point(ALOS, 20L, 1000, 2000, 15, 8));

    @Test
    void tellsEachTargetAndPutsTheIssuesKeys() throws Exception {
        BenchReport report = new BenchReport(Map.of("cores", 2));
        LatencyCurveReport.addTo(report, CURVE, 2);

        assertThat(report.markdown())
                .contains("| exactly_once_v2 | defaults | 32 | 100 | 2,000 | 1.00 | 1,000 | 70.0 | 140 | 60.0 | 120 | 20.0 | 1.50 | 0.80 | 0.90 | 1.35 | accounted for | 140 |")
                .contains("| exactly_once_v2 | defaults | 8 | 100 | 1,901 | 0.95 | 1,000 | 64.0 | 128 | 59.0 | 119 | 9.00 | 1.50 | 0.80 | 0.90 | 1.35 | accounted for | 128 |")
                .contains("| exactly_once_v2 | --latency-budget 50 | 32 | 25 | 1,600 | 0.80 | 1,000 | 22.0 | 45.0 | 19.0 | 38.0 | 7.00 | 1.50 | 0.80 | 0.90 | 1.35 | accounted for | 45.0 |")
                .contains("| exactly-once, defaults: p99 over the floor's p99 | 20.0 | 20.0 | 20.0 | ms |  | MISSED (at most 10 ms) |")
                .contains("| exactly-once, --latency-budget 50: drained throughput / the defaults' | 0.80 | 0.80 | 0.80 | ratio |  | met (at least 0.8) |")
                .contains("| at-least-once, defaults: p99 at half load | 20.0 | 20.0 | 20.0 | ms |  | met (under 25 ms) |");
        JsonNode json = Json.mapper().readTree(report.json());
        assertThat(json.get("kafkaFloorP99MsAtHalfLoad").asDouble()).isEqualTo(120);
        assertThat(json.get("lowLatencyP99MsAtHalfLoad").asDouble()).isEqualTo(45);
        assertThat(json.get("lowLatencyThroughputRatio").asDouble()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("p99LatencyMsAtHalfLoadAtLeastOnce").asDouble()).isEqualTo(20);
        assertThat(report.markdown())
                .contains("| exactly-once, defaults: cores busy at half load (the bench JVM, broker, sender and reader included) | 1.50 |")
                .contains("| exactly-once, defaults: classifier time per image at half load / while draining | 1.50 | 1.50 | 1.50 | ratio |");
        assertThat(json.get("halfLoadBusyCores").asDouble()).isEqualTo(1.5);
        assertThat(json.get("floorHalfLoadBusyCores").asDouble()).isEqualTo(0.8);
        assertThat(json.get("halfLoadInferenceMsPerImage").asDouble()).isEqualTo(1.35);
        assertThat(json.get("drainInferenceMsPerImage").asDouble()).isEqualTo(0.9);
        assertThat(json.at("/latencyCurve/0/busyCores").asDouble()).isEqualTo(1.5);
        assertThat(json.get("latencyCurve")).hasSize(CURVE.size());
        assertThat(json.at("/latencyCurve/3/commitIntervalMs").asLong()).isEqualTo(10);
        assertThat(json.at("/latencyCurve/4/batchSize").asInt()).isEqualTo(1);
        assertThat(json.at("/latencyCurve/1/batchSize").asInt()).isEqualTo(8);
    }

    @Test
    void judgesTheTargetsOnTheMedianOfTheirPassesAndShowsEachSettingOnceAsItsMedians() throws Exception {
        List<PipelineBench.CurvePoint> passes = new java.util.ArrayList<>(CURVE);
        passes.add(point(EOS, null, 100, 1800, 300, 110)); // a pass with a stall: 190 ms over
        passes.add(point(EOS, null, 100, 2200, 125, 118)); // 7 ms over
        passes.add(point(ALOS, null, 1000, 1900, 90, 8));
        passes.add(point(ALOS, null, 1000, 2100, 22, 9));
        BenchReport report = new BenchReport(Map.of("cores", 2));
        LatencyCurveReport.addTo(report, passes, 2);

        assertThat(report.markdown())
                // each figure the median of the three passes'
                .contains("| exactly_once_v2 | defaults | 32 | 100 | 2,000 | 1.00 | 1,000 | 70.0 | 140 | 59.0 | 118 | 20.0 | 1.50 | 0.80 | 0.90 | 1.35 | accounted for | 140, 300, 125 |")
                .contains("| exactly-once, defaults: p99 over the floor's p99 | 20.0 | 7.00 | 190 | ms |  | MISSED (at most 10 ms) |")
                .contains("| at-least-once, defaults: p99 at half load | 22.0 | 20.0 | 90.0 | ms |  | met (under 25 ms) |");
        assertThat(report.markdown().lines().filter(l -> l.startsWith("| exactly_once_v2 | defaults | 32 |"))).hasSize(1);
        JsonNode json = Json.mapper().readTree(report.json());
        assertThat(json.get("kafkaFloorP99MsAtHalfLoad").asDouble()).isEqualTo(118);
        assertThat(json.get("p99LatencyMsAtHalfLoadAtLeastOnce").asDouble()).isEqualTo(22);
        assertThat(json.get("latencyCurve")).hasSize(passes.size()); // every pass, in the order measured
        assertThat(LatencyCurveReport.summaries(passes)).hasSize(CURVE.size());
    }

    @Test
    void drawsBothPanels() {
        BufferedImage image = LatencyCurveChart.render(CURVE);
        assertThat(image.getWidth()).isGreaterThan(2 * image.getHeight());
        int white = image.getRGB(5, 5);
        long inked = 0;
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                inked += image.getRGB(x, y) != white ? 1 : 0;
            }
        }
        assertThat(inked).as("pixels drawn").isGreaterThan(1000);
    }

    private static PipelineBench.CurvePoint point(String guarantee, Long budgetMs, long commitMs, double drainRate,
                                                  long p99, long floorP99) {
        return point(guarantee, budgetMs, ServeConfig.DEFAULT_BATCH_SIZE, commitMs, true, drainRate, p99, floorP99);
    }

    /** A point asking for {@code batch}; at-least-once classifies one image at a time whatever is asked. */
    private static PipelineBench.CurvePoint point(String guarantee, Long budgetMs, int batch, long commitMs, boolean own,
                                                  double drainRate, long p99, long floorP99) {
        return new PipelineBench.CurvePoint(guarantee, budgetMs == null ? null : LatencyBudget.ofMillis(budgetMs),
                EOS.equals(guarantee) ? batch : 1, commitMs, own, PipelineOutcomes.drained(drainRate, p99), 1000,
                PipelineOutcomes.atLatency(p99), PipelineOutcomes.atLatency(floorP99), COST);
    }
}
