package io.digits.bench;

import java.util.List;

/**
 * Turns the shadow runs (the service with a candidate set, each paired with the run without one just before it) into
 * rows and JSON keys: what shadow scoring costs in drained throughput and in p99 latency at the same load.
 */
final class ShadowReport {
    private ShadowReport() {
    }

    /** {@code runs}: one per repeat, each with the run without a candidate it is compared with; none adds nothing. */
    static void addTo(BenchReport report, List<PipelineBench.ShadowResult> runs) {
        if (runs.isEmpty()) {
            return;
        }
        String label = PipelineReport.label(runs.get(0).without().threads()) + ", a candidate shadow-scored";
        Stats drain = Stats.of(runs, r -> r.drain().drainRate());
        boolean accounted = runs.stream().allMatch(r -> r.drain().accountedFor() && r.halfLoad().accountedFor()
                && r.ownHalfLoad().accountedFor());
        report.row(label + ": backlog drained", drain, "images/s",
                accounted ? "every record accounted for" : "MISSED: records missing or timed out");
        // round by round: each shadow run against the run without a candidate of the same repeat
        Stats throughput = Stats.of(runs, PipelineBench.ShadowResult::throughputRatio);
        report.row(label + ": drained throughput / without a candidate", throughput, "ratio", null);
        Stats p99 = Stats.of(runs, r -> r.halfLoad().latency().p99());
        report.row(label + ": latency p50 at the same half load", Stats.of(runs, r -> r.halfLoad().latency().p50()), "ms", null);
        report.row(label + ": latency p99 at the same half load", p99, "ms", null);
        report.row(label + ": p99 minus p99 without a candidate",
                Stats.of(runs, r -> r.halfLoad().latency().p99() - r.without().halfLoad().latency().p99()), "ms", null);
        // at the same share of its capacity: the latency cost of shadowing itself, without the queueing of a service
        // that the same offered load brings nearer its limit
        Stats ownP99 = Stats.of(runs, r -> r.ownHalfLoad().latency().p99());
        report.row(label + ": latency p50 at its own half load", Stats.of(runs, r -> r.ownHalfLoad().latency().p50()),
                "ms", null);
        report.row(label + ": latency p99 at its own half load", ownP99, "ms", null);
        report.put("shadowP99LatencyMsAtOwnHalfLoad", ownP99.median());
        report.put("shadowThroughputRatio", throughput.median());
        report.put("shadowP99LatencyMsAtHalfLoad", p99.median());
        report.put("shadowImagesPerSecond", drain.median());
        report.put("shadowAccountedFor", accounted);
    }
}
