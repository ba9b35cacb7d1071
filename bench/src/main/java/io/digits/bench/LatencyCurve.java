package io.digits.bench;

import io.digits.streams.LatencyBudget;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The latency curve: the service under each guarantee at its defaults and at a range of latency budgets, each
 * point drained for throughput and run at half that rate (its own half load) beside Kafka's floor at the same rate.
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

    private LatencyCurve() {
    }

    /** Every point, in order: exactly-once defaults, its budgets, then at-least-once defaults and budgets. */
    static List<PipelineBench.CurvePoint> measure(PipelineBench bench, int threads, boolean quick)
            throws Exception {
        List<PipelineBench.CurvePoint> points = new ArrayList<>();
        points.add(bench.curvePoint(StreamsConfig.EXACTLY_ONCE_V2, null, threads));
        for (long budget : quick ? QUICK_EXACTLY_ONCE_BUDGETS : EXACTLY_ONCE_BUDGETS) {
            points.add(bench.curvePoint(StreamsConfig.EXACTLY_ONCE_V2, LatencyBudget.ofMillis(budget), threads));
        }
        points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, null, threads));
        if (!quick) {
            for (long budget : AT_LEAST_ONCE_BUDGETS) {
                points.add(bench.curvePoint(StreamsConfig.AT_LEAST_ONCE, LatencyBudget.ofMillis(budget), threads));
            }
        }
        return points;
    }
}
