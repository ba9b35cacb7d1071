package io.digits.bench;

import io.digits.producer.score.Percentiles;
import io.digits.producer.score.ScoreReport;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Made-up pipeline outcomes for the report tests: every record accounted for, a drain rate or a latency as asked. */
final class PipelineOutcomes {
    /** Predictions per outcome: 1,000 intervals between the first and the last one. */
    static final long N = 1001;

    private PipelineOutcomes() {
    }

    /** A backlog drained at {@code rate} images per second, at latency {@code p99}. */
    static PipelineRun.Outcome drained(double rate, long p99) {
        long span = Math.round((N - 1) / rate * 1000);
        return new PipelineRun.Outcome(N, score(), 0, span, latency(p99), latency(p99), Double.NaN);
    }

    /** A paced stream whose end-to-end p99 was {@code p99} ms (p50 half of it). */
    static PipelineRun.Outcome atLatency(long p99) {
        return new PipelineRun.Outcome(N, score(), 0, 1, latency(p99), latency(p99), Double.NaN);
    }

    static Percentiles latency(long p99) {
        return new Percentiles(1000, p99 / 2, p99 * 8 / 10, p99 * 9 / 10, p99, p99 + 5);
    }

    private static ScoreReport score() {
        return new ScoreReport(N, 0, 0, 0, null, null, null, null, List.of(), Map.of(), Map.of(), 1.0,
                OptionalLong.of(N), false);
    }
}
