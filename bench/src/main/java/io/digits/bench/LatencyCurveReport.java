package io.digits.bench;

import io.digits.streams.LatencyBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    /** One setting's passes, in the order measured; each figure is the median over them. */
    record Summary(Setting setting, List<PipelineBench.CurvePoint> passes) {
        LatencyBudget budget() {
            return passes.get(0).budget();
        }

        Stats drain() {
            return stats(p -> p.drain().drainRate());
        }

        Stats rate() {
            return stats(PipelineBench.CurvePoint::rate);
        }

        Stats p50() {
            return stats(p -> p.load().latency().p50());
        }

        Stats p99() {
            return stats(p -> p.load().latency().p99());
        }

        Stats floorP50() {
            return stats(p -> p.floor().latency().p50());
        }

        Stats floorP99() {
            return stats(p -> p.floor().latency().p99());
        }

        /** The p99 over the floor's p99, pass by pass. */
        Stats overFloor() {
            return stats(p -> p.load().latency().p99() - p.floor().latency().p99());
        }

        /** The cores the bench JVM kept busy while the service ran at half load. */
        Stats serviceCores() {
            return stats(p -> p.cost().serviceCores());
        }

        /** The cores the bench JVM kept busy while the pass-through ran at the same rate. */
        Stats floorCores() {
            return stats(p -> p.cost().floorCores());
        }

        Stats drainInferenceMs() {
            return stats(p -> p.cost().drainInferenceMs());
        }

        Stats loadInferenceMs() {
            return stats(p -> p.cost().loadInferenceMs());
        }

        boolean accountedFor() {
            return passes.stream().allMatch(LatencyCurveReport::accountedFor);
        }

        private Stats stats(ToDoubleFunction<PipelineBench.CurvePoint> figure) {
            return Stats.of(passes, figure);
        }
    }

    /** Every setting measured, in the order first measured, with all its passes. */
    static List<Summary> summaries(List<PipelineBench.CurvePoint> points) {
        Map<Setting, List<PipelineBench.CurvePoint>> passes = new LinkedHashMap<>();
        for (PipelineBench.CurvePoint point : points) {
            passes.computeIfAbsent(Setting.of(point), s -> new ArrayList<>()).add(point);
        }
        return passes.entrySet().stream().map(e -> new Summary(e.getKey(), e.getValue())).toList();
    }

    static void addTo(BenchReport report, List<PipelineBench.CurvePoint> points, int threads) {
        List<Summary> summaries = summaries(points);
        Summary defaults = find(summaries, StreamsConfig.EXACTLY_ONCE_V2, null).orElseThrow();
        double defaultDrain = defaults.drain().median();
        StringBuilder table = new StringBuilder()
                .append("Latency curve (").append(threads).append(" stream threads; each point's latency at its own half "
                        + "load, half of what it drained; the floor is the same settings with a pass-through instead of "
                        + "the classifier, at the same rate; a setting measured in several passes shows the median of "
                        + "each figure, and every pass's p99; cores busy: the bench JVM, broker, sender and reader "
                        + "included, while the service and while the floor ran, of " + Runtime.getRuntime()
                        .availableProcessors() + "; classifier ms: its mean time per image while draining and at half "
                        + "load):\n\n")
                .append("| guarantee | setting | batch | commit interval ms | drained images/s | / default "
                        + "| half load images/s | p50 ms | p99 ms | floor p50 ms | floor p99 ms | p99 - floor p99 ms "
                        + "| cores busy | floor's cores busy | classifier ms/image drained | at half load "
                        + "| every record | p99 of each pass ms |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Summary s : summaries) {
            Setting setting = s.setting();
            table.append("| ").append(setting.guarantee()).append(" | ").append(setting(s.budget())).append(" | ")
                    .append(setting.batchSize()).append(" | ").append(setting.commitIntervalMs()).append(" | ")
                    .append(BenchReport.number(s.drain().median())).append(" | ")
                    .append(BenchReport.number(s.drain().median() / defaultDrain)).append(" | ")
                    .append(BenchReport.number(s.rate().median())).append(" | ")
                    .append(BenchReport.number(s.p50().median())).append(" | ").append(BenchReport.number(s.p99().median()))
                    .append(" | ").append(BenchReport.number(s.floorP50().median())).append(" | ")
                    .append(BenchReport.number(s.floorP99().median())).append(" | ")
                    .append(BenchReport.number(s.overFloor().median())).append(" | ")
                    .append(BenchReport.number(s.serviceCores().median())).append(" | ")
                    .append(BenchReport.number(s.floorCores().median())).append(" | ")
                    .append(BenchReport.number(s.drainInferenceMs().median())).append(" | ")
                    .append(BenchReport.number(s.loadInferenceMs().median())).append(" | ")
                    .append(s.accountedFor() ? "accounted for" : "MISSED").append(" | ")
                    .append(s.passes().stream().map(p -> BenchReport.number(p.load().latency().p99()))
                            .collect(Collectors.joining(", "))).append(" |\n");
        }
        report.section(table.toString());
        report.put("latencyCurve", points.stream().map(LatencyCurveReport::json).toList());

        Stats floorP99 = defaults.floorP99();
        Stats overFloor = defaults.overFloor();
        report.row("exactly-once, defaults: Kafka's floor (pass-through) p99 at half load", floorP99, "ms", null);
        report.row("exactly-once, defaults: p99 over the floor's p99", overFloor, "ms",
                RawInferenceReport.verdict(overFloor.median() <= 10, "at most 10 ms"));
        report.put("kafkaFloorP99MsAtHalfLoad", floorP99.median());
        report.row("exactly-once, defaults: cores busy at half load (the bench JVM, broker, sender and reader included)",
                defaults.serviceCores(), "cores", null);
        report.row("exactly-once, defaults: cores busy with the floor at the same rate", defaults.floorCores(), "cores",
                null);
        report.row("exactly-once, defaults: classifier time per image at half load / while draining",
                defaults.loadInferenceMs().scaled(1 / defaults.drainInferenceMs().median()), "ratio", null);
        report.put("halfLoadBusyCores", defaults.serviceCores().median());
        report.put("floorHalfLoadBusyCores", defaults.floorCores().median());
        report.put("halfLoadInferenceMsPerImage", defaults.loadInferenceMs().median());
        report.put("drainInferenceMsPerImage", defaults.drainInferenceMs().median());
        find(summaries, StreamsConfig.EXACTLY_ONCE_V2, LatencyCurve.LOW_LATENCY_BUDGET_MS).ifPresent(low -> {
            Stats p99 = low.p99();
            Stats ratio = low.drain().scaled(1 / defaultDrain);
            String label = "exactly-once, --latency-budget " + LatencyCurve.LOW_LATENCY_BUDGET_MS + ": ";
            report.row(label + "p99 at half load", p99, "ms", RawInferenceReport.verdict(p99.median() < 50, "under 50 ms"));
            report.row(label + "p99 over the floor's p99 at the same settings", low.overFloor(), "ms",
                    RawInferenceReport.verdict(low.overFloor().median() <= 10, "at most 10 ms"));
            report.row(label + "drained throughput / the defaults'", ratio, "ratio",
                    RawInferenceReport.verdict(ratio.median() >= 0.8, "at least 0.8"));
            report.put("lowLatencyP99MsAtHalfLoad", p99.median());
            report.put("lowLatencyThroughputRatio", ratio.median());
        });
        find(summaries, StreamsConfig.AT_LEAST_ONCE, null).ifPresent(atLeastOnce -> {
            Stats p99 = atLeastOnce.p99();
            report.row("at-least-once, defaults: p99 at half load", p99, "ms",
                    RawInferenceReport.verdict(p99.median() < 25, "under 25 ms"));
            report.put("p99LatencyMsAtHalfLoadAtLeastOnce", p99.median());
        });
    }

    static String setting(LatencyBudget budget) {
        return budget == null ? "defaults" : "--latency-budget " + budget.budget().toMillis();
    }

    /** The setting at the default batch size under {@code guarantee} and the budget (null = the defaults). */
    private static Optional<Summary> find(List<Summary> summaries, String guarantee, Long budgetMs) {
        return summaries.stream().filter(s -> s.setting().guarantee().equals(guarantee) && s.setting().ownSettings()
                && Objects.equals(s.setting().budgetMs(), budgetMs)).findFirst();
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
        out.put("busyCores", point.cost().serviceCores());
        out.put("floorBusyCores", point.cost().floorCores());
        out.put("drainInferenceMsPerImage", point.cost().drainInferenceMs());
        out.put("inferenceMsPerImage", point.cost().loadInferenceMs());
        out.put("accountedFor", accountedFor(point));
        return out;
    }
}
