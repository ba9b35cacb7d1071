package io.digits.bench;

import io.digits.streams.LatencyBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/** Turns the latency curve into its table, the targets' rows, the JSON keys and the points for the chart. */
final class LatencyCurveReport {
    private LatencyCurveReport() {
    }

    /** What a point ran: its guarantee, budget, batch size and commit interval; passes of one setting share it. */
    record Setting(String guarantee, Long budgetMs, int batchSize, long commitIntervalMs, boolean ownSettings) {
        static Setting of(PipelineBench.CurvePoint p) {
            return new Setting(p.guarantee(), p.budget() == null ? null : p.budget().budget().toMillis(), p.batchSize(),
                    p.commitIntervalMs(), p.ownSettings());
        }
    }

    /** The passes of each setting, in the order the settings were first measured. */
    static Map<Setting, List<PipelineBench.CurvePoint>> bySetting(List<PipelineBench.CurvePoint> points) {
        Map<Setting, List<PipelineBench.CurvePoint>> passes = new LinkedHashMap<>();
        for (PipelineBench.CurvePoint point : points) {
            passes.computeIfAbsent(Setting.of(point), s -> new ArrayList<>()).add(point);
        }
        return passes;
    }

    /** Each setting's median pass: the one whose p99 is the median of its passes' (the lower middle of an even count). */
    static List<PipelineBench.CurvePoint> medianPasses(List<PipelineBench.CurvePoint> points) {
        return bySetting(points).values().stream().map(passes -> passes.stream()
                .sorted(Comparator.comparingDouble(p -> p.load().latency().p99())).toList().get((passes.size() - 1) / 2))
                .toList();
    }

    static void addTo(BenchReport report, List<PipelineBench.CurvePoint> points, int threads) {
        List<PipelineBench.CurvePoint> defaults = find(points, StreamsConfig.EXACTLY_ONCE_V2, null);
        double defaultDrain = stats(defaults, p -> p.drain().drainRate()).median();
        StringBuilder table = new StringBuilder()
                .append("Latency curve (").append(threads).append(" stream threads; each point's latency at its own half "
                        + "load, half of what it drained; the floor is the same settings with a pass-through instead of "
                        + "the classifier, at the same rate; a setting measured more than once shows its median pass, "
                        + "the one with the median p99, and every pass's p99):\n\n")
                .append("| guarantee | setting | batch | commit interval ms | drained images/s | / default "
                        + "| half load images/s | p50 ms | p99 ms | floor p50 ms | floor p99 ms | p99 - floor p99 ms "
                        + "| every record | p99 of each pass ms |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        Map<Setting, List<PipelineBench.CurvePoint>> passes = bySetting(points);
        for (PipelineBench.CurvePoint point : medianPasses(points)) {
            double p99 = point.load().latency().p99();
            double floorP99 = point.floor().latency().p99();
            List<PipelineBench.CurvePoint> all = passes.get(Setting.of(point));
            boolean accounted = all.stream().allMatch(LatencyCurveReport::accountedFor);
            table.append("| ").append(point.guarantee()).append(" | ").append(setting(point.budget())).append(" | ")
                    .append(point.batchSize()).append(" | ").append(point.commitIntervalMs()).append(" | ").append(BenchReport.number(point.drain().drainRate()))
                    .append(" | ").append(BenchReport.number(point.drain().drainRate() / defaultDrain)).append(" | ")
                    .append(BenchReport.number(point.rate())).append(" | ")
                    .append(BenchReport.number(point.load().latency().p50())).append(" | ").append(BenchReport.number(p99))
                    .append(" | ").append(BenchReport.number(point.floor().latency().p50())).append(" | ")
                    .append(BenchReport.number(floorP99)).append(" | ").append(BenchReport.number(p99 - floorP99))
                    .append(" | ").append(accounted ? "accounted for" : "MISSED").append(" | ")
                    .append(all.stream().map(p -> BenchReport.number(p.load().latency().p99()))
                            .collect(Collectors.joining(", "))).append(" |\n");
        }
        report.section(table.toString());
        report.put("latencyCurve", points.stream().map(LatencyCurveReport::json).toList());

        Stats floorP99 = stats(defaults, p -> p.floor().latency().p99());
        Stats overFloor = stats(defaults, LatencyCurveReport::overFloor);
        report.row("exactly-once, defaults: Kafka's floor (pass-through) p99 at half load", floorP99, "ms", null);
        report.row("exactly-once, defaults: p99 over the floor's p99", overFloor, "ms",
                RawInferenceReport.verdict(overFloor.median() <= 10, "at most 10 ms"));
        report.put("kafkaFloorP99MsAtHalfLoad", floorP99.median());
        List<PipelineBench.CurvePoint> low = find(points, StreamsConfig.EXACTLY_ONCE_V2, LatencyCurve.LOW_LATENCY_BUDGET_MS);
        if (!low.isEmpty()) {
            Stats p99 = stats(low, p -> p.load().latency().p99());
            Stats ratio = stats(low, p -> p.drain().drainRate() / defaultDrain);
            String label = "exactly-once, --latency-budget " + LatencyCurve.LOW_LATENCY_BUDGET_MS + ": ";
            report.row(label + "p99 at half load", p99, "ms", RawInferenceReport.verdict(p99.median() < 50, "under 50 ms"));
            Stats lowOverFloor = stats(low, LatencyCurveReport::overFloor);
            report.row(label + "p99 over the floor's p99 at the same settings", lowOverFloor, "ms",
                    RawInferenceReport.verdict(lowOverFloor.median() <= 10, "at most 10 ms"));
            report.row(label + "drained throughput / the defaults'", ratio, "ratio",
                    RawInferenceReport.verdict(ratio.median() >= 0.8, "at least 0.8"));
            report.put("lowLatencyP99MsAtHalfLoad", p99.median());
            report.put("lowLatencyThroughputRatio", ratio.median());
        }
        List<PipelineBench.CurvePoint> atLeastOnce = find(points, StreamsConfig.AT_LEAST_ONCE, null);
        if (!atLeastOnce.isEmpty()) {
            Stats p99 = stats(atLeastOnce, p -> p.load().latency().p99());
            report.row("at-least-once, defaults: p99 at half load", p99, "ms",
                    RawInferenceReport.verdict(p99.median() < 25, "under 25 ms"));
            report.put("p99LatencyMsAtHalfLoadAtLeastOnce", p99.median());
        }
    }

    static String setting(LatencyBudget budget) {
        return budget == null ? "defaults" : "--latency-budget " + budget.budget().toMillis();
    }

    /** Every pass at the default batch size under {@code guarantee} and the budget (null = the defaults). */
    private static List<PipelineBench.CurvePoint> find(List<PipelineBench.CurvePoint> points, String guarantee,
                                                       Long budgetMs) {
        return points.stream().filter(p -> p.guarantee().equals(guarantee) && p.ownSettings()
                && (budgetMs == null ? p.budget() == null : p.budget() != null && p.budget().budget().toMillis() == budgetMs))
                .toList();
    }

    private static Stats stats(List<PipelineBench.CurvePoint> passes, ToDoubleFunction<PipelineBench.CurvePoint> figure) {
        return Stats.of(passes.stream().map(figure::applyAsDouble).toList());
    }

    private static double overFloor(PipelineBench.CurvePoint p) {
        return p.load().latency().p99() - p.floor().latency().p99();
    }

    private static boolean accountedFor(PipelineBench.CurvePoint p) {
        return p.drain().accountedFor() && p.load().accountedFor() && p.floor().accountedFor();
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
        out.put("accountedFor", accountedFor(point));
        return out;
    }
}
