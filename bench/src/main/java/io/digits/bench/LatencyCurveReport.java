package io.digits.bench;

import io.digits.streams.LatencyBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;

/** Turns the latency curve into its table, the targets' rows, the JSON keys and the points for the chart. */
final class LatencyCurveReport {
    private LatencyCurveReport() {
    }

    static void addTo(BenchReport report, List<PipelineBench.CurvePoint> points, int threads) {
        PipelineBench.CurvePoint exactlyOnce = find(points, StreamsConfig.EXACTLY_ONCE_V2, null).orElseThrow();
        double defaultDrain = exactlyOnce.drain().drainRate();
        StringBuilder table = new StringBuilder()
                .append("Latency curve (").append(threads).append(" stream threads; each point's latency at its own half "
                        + "load, half of what it drained; the floor is the same settings with a pass-through instead of "
                        + "the classifier, at the same rate):\n\n")
                .append("| guarantee | setting | batch | commit interval ms | drained images/s | / default "
                        + "| half load images/s | p50 ms | p99 ms | floor p50 ms | floor p99 ms | p99 - floor p99 ms "
                        + "| every record |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PipelineBench.CurvePoint point : points) {
            double p99 = point.load().latency().p99();
            double floorP99 = point.floor().latency().p99();
            boolean accounted = point.drain().accountedFor() && point.load().accountedFor() && point.floor().accountedFor();
            table.append("| ").append(point.guarantee()).append(" | ").append(setting(point.budget())).append(" | ")
                    .append(point.batchSize()).append(" | ").append(point.commitIntervalMs()).append(" | ").append(BenchReport.number(point.drain().drainRate()))
                    .append(" | ").append(BenchReport.number(point.drain().drainRate() / defaultDrain)).append(" | ")
                    .append(BenchReport.number(point.rate())).append(" | ")
                    .append(BenchReport.number(point.load().latency().p50())).append(" | ").append(BenchReport.number(p99))
                    .append(" | ").append(BenchReport.number(point.floor().latency().p50())).append(" | ")
                    .append(BenchReport.number(floorP99)).append(" | ").append(BenchReport.number(p99 - floorP99))
                    .append(" | ").append(accounted ? "accounted for" : "MISSED").append(" |\n");
        }
        report.section(table.toString());
        report.put("latencyCurve", points.stream().map(LatencyCurveReport::json).toList());

        double floorP99 = exactlyOnce.floor().latency().p99();
        double defaultP99 = exactlyOnce.load().latency().p99();
        report.row("exactly-once, defaults: Kafka's floor (pass-through) p99 at half load", one(floorP99), "ms", null);
        report.row("exactly-once, defaults: p99 over the floor's p99", one(defaultP99 - floorP99), "ms",
                RawInferenceReport.verdict(defaultP99 - floorP99 <= 10, "at most 10 ms"));
        report.put("kafkaFloorP99MsAtHalfLoad", floorP99);
        find(points, StreamsConfig.EXACTLY_ONCE_V2, LatencyCurve.LOW_LATENCY_BUDGET_MS).ifPresent(low -> {
            double p99 = low.load().latency().p99();
            double ratio = low.drain().drainRate() / defaultDrain;
            String label = "exactly-once, --latency-budget " + LatencyCurve.LOW_LATENCY_BUDGET_MS + ": ";
            report.row(label + "p99 at half load", one(p99), "ms", RawInferenceReport.verdict(p99 < 50, "under 50 ms"));
            report.row(label + "p99 over the floor's p99 at the same settings", one(p99 - low.floor().latency().p99()),
                    "ms", RawInferenceReport.verdict(p99 - low.floor().latency().p99() <= 10, "at most 10 ms"));
            report.row(label + "drained throughput / the defaults'", one(ratio), "ratio",
                    RawInferenceReport.verdict(ratio >= 0.8, "at least 0.8"));
            report.put("lowLatencyP99MsAtHalfLoad", p99);
            report.put("lowLatencyThroughputRatio", ratio);
        });
        find(points, StreamsConfig.AT_LEAST_ONCE, null).ifPresent(atLeastOnce -> {
            double p99 = atLeastOnce.load().latency().p99();
            report.row("at-least-once, defaults: p99 at half load", one(p99), "ms",
                    RawInferenceReport.verdict(p99 < 25, "under 25 ms"));
            report.put("p99LatencyMsAtHalfLoadAtLeastOnce", p99);
        });
    }

    static String setting(LatencyBudget budget) {
        return budget == null ? "defaults" : "--latency-budget " + budget.budget().toMillis();
    }

    /** The point at the default batch size under {@code guarantee} and the budget (null = the defaults). */
    private static Optional<PipelineBench.CurvePoint> find(List<PipelineBench.CurvePoint> points, String guarantee,
                                                          Long budgetMs) {
        return points.stream().filter(p -> p.guarantee().equals(guarantee) && p.ownSettings()
                && (budgetMs == null ? p.budget() == null : p.budget() != null && p.budget().budget().toMillis() == budgetMs))
                .findFirst();
    }

    private static Stats one(double value) {
        return new Stats(value, value, value, 1);
    }

    private static Map<String, Object> json(PipelineBench.CurvePoint point) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("guarantee", point.guarantee());
        out.put("latencyBudgetMs", point.budget() == null ? null : point.budget().budget().toMillis());
        out.put("batchSize", point.batchSize());
        out.put("commitIntervalMs", point.commitIntervalMs());
        out.put("drainedImagesPerSecond", point.drain().drainRate());
        out.put("rate", point.rate());
        out.put("p50Ms", point.load().latency().p50());
        out.put("p99Ms", point.load().latency().p99());
        out.put("floorP50Ms", point.floor().latency().p50());
        out.put("floorP99Ms", point.floor().latency().p99());
        out.put("accountedFor", point.drain().accountedFor() && point.load().accountedFor() && point.floor().accountedFor());
        return out;
    }
}
