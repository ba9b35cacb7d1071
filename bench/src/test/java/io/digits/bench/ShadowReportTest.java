package io.digits.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.record.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowReportTest {
    private static final String LABEL = "pipeline, 2 stream threads (exactly-once), a candidate shadow-scored";

    @Test
    void comparesEachShadowRunWithTheRunWithoutACandidateOfItsRepeat() throws Exception {
        // drained: without 2,000 / 1,600 / 2,500, with 1,000 / 1,250 / 1,250: ratios 0.5, 0.78, 0.5 round by round
        // (median 0.5), where the ratio of the medians would be 0.625; p99 without 140 / 150 / 160, with 200 / 260 / 220
        // at the same load and 150 / 170 / 130 at its own half load
        List<PipelineBench.ShadowResult> shadows = List.of(shadow(run(2000, 140), 1000, 200, 150),
                shadow(run(1600, 150), 1250, 260, 170), shadow(run(2500, 160), 1250, 220, 130));
        BenchReport report = report();
        PipelineReport.addTo(report, shadows.stream().map(PipelineBench.ShadowResult::without).toList(), new int[] {2}, 2);
        ShadowReport.addTo(report, shadows);

        assertThat(report.markdown())
                .contains("| " + LABEL + ": backlog drained | 1,250 | 1,000 | 1,250 | images/s |  | every record accounted for |")
                .contains("| " + LABEL + ": drained throughput / without a candidate | 0.50 | 0.50 | 0.78 | ratio |  |  |")
                .contains("| " + LABEL + ": latency p99 at the same half load | 220 | 200 | 260 | ms |  |  |")
                .contains("| " + LABEL + ": p99 minus p99 without a candidate | 60.0 | 60.0 | 110 | ms |  |  |")
                .contains("| " + LABEL + ": latency p99 at its own half load | 150 | 130 | 170 | ms |  |  |");
        JsonNode json = Json.mapper().readTree(report.json());
        assertThat(json.get("shadowThroughputRatio").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(json.get("shadowP99LatencyMsAtHalfLoad").asDouble()).isEqualTo(220);
        assertThat(json.get("shadowP99LatencyMsAtOwnHalfLoad").asDouble()).isEqualTo(150);
        assertThat(json.get("p99LatencyMsAtHalfLoad").asDouble()).as("the same runs without a candidate").isEqualTo(150);
        assertThat(json.get("shadowImagesPerSecond").asDouble()).isCloseTo(1250, within(1e-9));
        assertThat(json.get("shadowAccountedFor").asBoolean()).isTrue();
    }

    @Test
    void saysWhenAShadowRunLostRecords() throws Exception {
        PipelineRun.Outcome drain = PipelineOutcomes.drained(1000, 200);
        PipelineRun.Outcome lostOne = new PipelineRun.Outcome(drain.sent() + 1, drain.score(), drain.firstPredictedAt(),
                drain.lastPredictedAt(), drain.latency(), drain.classified(), Double.NaN);
        BenchReport report = report();
        ShadowReport.addTo(report, List.of(new PipelineBench.ShadowResult(run(2000, 140), lostOne,
                PipelineOutcomes.atLatency(200), PipelineOutcomes.atLatency(150))));

        assertThat(report.markdown()).contains("| " + LABEL + ": backlog drained | 1,000 | 1,000 | 1,000 | images/s |  "
                + "| MISSED: records missing or timed out |");
        assertThat(Json.mapper().readTree(report.json()).get("shadowAccountedFor").asBoolean()).isFalse();
    }

    @Test
    void withoutShadowRunsTheKeysStayNullAndNoRowIsAdded() throws Exception {
        BenchReport report = report();
        int rowsBefore = report.markdown().split("\n").length;
        ShadowReport.addTo(report, new ArrayList<>());

        assertThat(report.markdown().split("\n")).hasSize(rowsBefore);
        JsonNode json = Json.mapper().readTree(report.json());
        assertThat(json.has("shadowThroughputRatio")).isTrue();
        assertThat(json.get("shadowThroughputRatio").isNull()).isTrue();
        assertThat(json.get("shadowP99LatencyMsAtHalfLoad").isNull()).isTrue();
        assertThat(json.get("shadowP99LatencyMsAtOwnHalfLoad").isNull()).isTrue();
    }

    private static BenchReport report() {
        BenchReport report = new BenchReport(Map.of("cores", 2));
        BenchCommand.headlineKeys().forEach(report::put);
        return report;
    }

    /** A run without a candidate: 2 stream threads, drained at {@code drainRate}, {@code p99} at half that rate. */
    private static PipelineBench.Result run(double drainRate, long p99) {
        return new PipelineBench.Result("ours", 2, new Stats(3000, 3000, 3000, 3), 1.0 / 1500,
                PipelineOutcomes.drained(drainRate, p99), drainRate / 2, PipelineOutcomes.atLatency(p99));
    }

    private static PipelineBench.ShadowResult shadow(PipelineBench.Result without, double drainRate, long p99,
                                                     long ownP99) {
        return new PipelineBench.ShadowResult(without, PipelineOutcomes.drained(drainRate, p99),
                PipelineOutcomes.atLatency(p99), PipelineOutcomes.atLatency(ownP99));
    }
}
