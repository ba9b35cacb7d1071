package io.digits.bench;

import io.digits.streams.LatencyBudget;
import io.digits.streams.ServeConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The latency curve: the service under each guarantee at its defaults and at a range of latency budgets, each
 * point drained for throughput and run at half that rate (its own half load) beside Kafka's floor at the same rate.
 * Under exactly-once the defaults and the low-latency budget are also measured with other batch sizes, since a
 * batch's classification is work the stream thread does not interrupt for a commit.
 */
final class LatencyCurve {
    /**
     * The documented low-latency exactly-once setting ({@code serve --latency-budget 50}): the bench reports its p99
     * and its throughput against the default's.
     */
    static final long LOW_LATENCY_BUDGET_MS = 50;
    private static final long[] EXACTLY_ONCE_BUDGETS = {200, 100, LOW_LATENCY_BUDGET_MS, 20, 10};
    private static final long[] AT_LEAST_ONCE_BUDGETS = {20, 10};
    private static final long[] QUICK_EXACTLY_ONCE_BUDGETS = {LOW_LATENCY_BUDGET_MS, 20};
    /** The other batch sizes measured beside the default one under exactly-once. */
    private static final int[] OTHER_BATCHES = {8, 1};
    /**
     * At-least-once is also measured committing every 5 s instead of every second: fewer commits stall the stream
     * thread (producer flush, offset commit) less often, and a crash classifies more again.
     */
    private static final long LONGER_AT_LEAST_ONCE_COMMIT_MS = 5_000;
    /**
     * How many passes the settings behind the targets get (one with {@code --quick}): a single pass's p99 at
     * half load moved by tens of ms between runs (one stall in its 10 s sets it), so the targets are judged on the
     * median. The passes come after the sweep, the settings in turn, so a slow minute of the machine hits them all.
     */
    static final int HEADLINE_PASSES = 3;

    private LatencyCurve() {
    }

    /**
     * Whether a point asking for {@code batchSize} and {@code commitIntervalMs} (null = unchanged) runs the service's
     * own settings for its guarantee and budget, not one of the variants measured beside them. (Under at-least-once
     * the service classifies one image at a time whatever batch size is asked for.)
     */
    static boolean ownSettings(int batchSize, Long commitIntervalMs) {
        return commitIntervalMs == null && batchSize == ServeConfig.DEFAULT_BATCH_SIZE;
    }

    /**
     * Every point, in order: exactly-once defaults, the defaults with other batch sizes, the budgets (the
     * low-latency one with other batch sizes too), then at-least-once defaults, the defaults with a longer commit
     * interval, and the budgets; then the further passes of exactly-once's defaults and low-latency budget and of
     * at-least-once's defaults and longer commit, in turn.
     */
    static List<PipelineBench.CurvePoint> measure(PipelineBench bench, int threads, boolean quick)
            throws Exception {
        String eos = StreamsConfig.EXACTLY_ONCE_V2;
        int batch = ServeConfig.DEFAULT_BATCH_SIZE;
        List<PipelineBench.CurvePoint> points = new ArrayList<>();
        points.add(bench.curvePoint(eos, null, batch, null, threads));
        if (!quick) {
            for (int other : OTHER_BATCHES) {
                points.add(bench.curvePoint(eos, null, other, null, threads));
            }
        }
        for (long budget : quick ? QUICK_EXACTLY_ONCE_BUDGETS : EXACTLY_ONCE_BUDGETS) {
            points.add(bench.curvePoint(eos, LatencyBudget.ofMillis(budget), batch, null, threads));
            if (!quick && budget == LOW_LATENCY_BUDGET_MS) {
                for (int other : OTHER_BATCHES) {
                    points.add(bench.curvePoint(eos, LatencyBudget.ofMillis(budget), other, null, threads));
                }
            }
        }
        points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, null, batch, null, threads));
        if (!quick) {
            points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, null, batch, LONGER_AT_LEAST_ONCE_COMMIT_MS,
                    threads));
            for (long budget : AT_LEAST_ONCE_BUDGETS) {
                points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, LatencyBudget.ofMillis(budget), batch, null,
                        threads));
            }
            for (int pass = 2; pass <= HEADLINE_PASSES; pass++) {
                points.add(bench.curvePoint(eos, null, batch, null, threads));
                points.add(bench.curvePoint(eos, LatencyBudget.ofMillis(LOW_LATENCY_BUDGET_MS), batch, null, threads));
                points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, null, batch, null, threads));
                points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, null, batch, LONGER_AT_LEAST_ONCE_COMMIT_MS,
                        threads));
            }
        }
        return points;
    }
}
