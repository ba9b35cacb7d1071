package io.digits.bench;

import java.util.List;

/** Turns the pipeline runs (ours at each thread count, the Python peer) into rows, targets and JSON keys. */
final class PipelineReport {
    private static final String IMAGES = "images/s";

    private PipelineReport() {
    }

    /** {@code runs}: every repeat of every pipeline; {@code headlineThreads}: the thread count the headline keys use. */
    static void addTo(BenchReport report, List<PipelineBench.Result> runs, int[] threadCounts, int headlineThreads) {
        Stats headlineDrain = null;
        Stats headlineP99 = null;
        for (int threads : threadCounts) {
            List<PipelineBench.Result> ours = select(runs, "ours", threads);
            if (ours.isEmpty()) {
                continue;
            }
            String label = label(threads);
            Stats drain = Stats.of(ours, r -> r.drain().drainRate());
            Stats raw = Stats.of(ours, r -> r.rawBaseline().median());
            Stats ratio = Stats.of(ours, r -> r.drain().drainRate() / r.rawBaseline().median());
            boolean accounted = ours.stream().allMatch(r -> r.drain().accountedFor() && r.halfLoad().accountedFor());
            report.row(label + ": backlog drained", drain, IMAGES,
                    accounted ? "every record accounted for" : "MISSED: records missing or timed out");
            report.row("raw DJL, batch " + RawInferenceBench.BEST_BATCH + ", " + threads + " thread(s), just before", raw, IMAGES, null);
            report.row(label + " / raw", ratio, "ratio", RawInferenceReport.verdict(ratio.median() >= 0.8, "at least 0.8"));
            // the service's own threads only: the in-process broker, the sender and the reader are not its cost
            Stats cpu = Stats.of(ours, PipelineBench.Result::serviceCpuToRaw);
            report.row(label + ": the service's CPU per image / raw inference's", cpu, "ratio",
                    threads == headlineThreads ? RawInferenceReport.verdict(cpu.median() <= 1.25, "at most 1.25") : null);
            Stats p50 = Stats.of(ours, r -> r.halfLoad().latency().p50());
            Stats p99 = Stats.of(ours, r -> r.halfLoad().latency().p99());
            report.row(label + ": latency p50 at half load", p50, "ms", null);
            report.row(label + ": latency p99 at half load", p99, "ms", RawInferenceReport.verdict(p99.median() < 25, "under 25 ms"));
            // where the time goes: up to the classification (predictedAt), and the rest until a reader has it
            report.row(label + ": of which input to classified, p50", Stats.of(ours, r -> r.halfLoad().classified().p50()), "ms", null);
            report.row(label + ": of which input to classified, p99", Stats.of(ours, r -> r.halfLoad().classified().p99()), "ms", null);
            if (threads == headlineThreads) {
                headlineDrain = drain;
                headlineP99 = p99;
                report.put("pipelineToRawRatio", ratio.median());
                report.put("serviceCpuPerImageToRawRatio", cpu.median());
                report.put("pipelineImagesPerSecond", drain.median());
                report.put("p99LatencyMsAtHalfLoad", p99.median());
                report.put("p50LatencyMsAtHalfLoad", p50.median());
                report.put("pipelineAccountedFor", accounted);
            }
        }
        List<PipelineBench.Result> python = runs.stream().filter(r -> r.who().equals("python")).toList();
        if (python.isEmpty() || headlineDrain == null) {
            return;
        }
        int threads = python.get(0).threads();
        String label = "Python Kafka peer, " + threads + " torch thread" + (threads > 1 ? "s" : "") + " (at-least-once)";
        Stats drain = Stats.of(python, r -> r.drain().drainRate());
        boolean accounted = python.stream().allMatch(r -> r.drain().accountedFor() && r.halfLoad().accountedFor());
        report.row(label + ": backlog drained", drain, IMAGES, accounted ? "every record accounted for" : "records missing or timed out");
        Stats p99 = Stats.of(python, r -> r.halfLoad().latency().p99());
        report.row(label + ": latency p50 at half load", Stats.of(python, r -> r.halfLoad().latency().p50()), "ms", null);
        report.row(label + ": latency p99 at half load", p99, "ms", null);
        double ratio = headlineDrain.median() / drain.median();
        report.row("ours / Python Kafka peer, throughput", new Stats(ratio, headlineDrain.min() / drain.max(),
                headlineDrain.max() / drain.min(), drain.n()), "ratio", RawInferenceReport.verdict(ratio >= 1, "at least 1"));
        report.row("ours / Python Kafka peer, p99 latency", new Stats(headlineP99.median() / p99.median(),
                headlineP99.min() / p99.max(), headlineP99.max() / p99.min(), p99.n()), "ratio",
                RawInferenceReport.verdict(headlineP99.median() <= p99.median(), "at most 1"));
        report.put("oursToPythonThroughputRatio", ratio);
        report.put("pythonPipelineImagesPerSecond", drain.median());
        report.put("pythonP99LatencyMsAtHalfLoad", p99.median());
    }

    /** How the rows of the service with {@code threads} stream threads begin. */
    static String label(int threads) {
        return "pipeline, " + threads + " stream thread" + (threads > 1 ? "s" : "") + " (exactly-once)";
    }

    private static List<PipelineBench.Result> select(List<PipelineBench.Result> runs, String who, int threads) {
        return runs.stream().filter(r -> r.who().equals(who) && r.threads() == threads).toList();
    }
}
