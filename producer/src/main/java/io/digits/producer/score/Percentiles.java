package io.digits.producer.score;

import java.util.Arrays;
import java.util.Locale;

/**
 * Nearest-rank percentiles of a set of latencies in milliseconds.
 *
 * @param count how many values
 * @param p50   median
 * @param p90   90th percentile
 * @param p95   95th percentile
 * @param p99   99th percentile
 * @param max   largest value
 */
public record Percentiles(long count, long p50, long p90, long p95, long p99, long max) {
    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

    /** The percentiles of {@code values} (which it sorts in place). */
    public static Percentiles of(long[] values, int length) {
        if (length == 0) {
            return NONE;
        }
        Arrays.sort(values, 0, length);
        return new Percentiles(length, rank(values, length, 50), rank(values, length, 90), rank(values, length, 95),
                rank(values, length, 99),
                values[length - 1]);
    }

    private static long rank(long[] sorted, int length, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * length) - 1;
        return sorted[Math.max(0, Math.min(length - 1, index))];
    }

    public String describe() {
        return count == 0 ? "none" : String.format(Locale.ROOT, "p50 %d  p90 %d  p95 %d  p99 %d  max %d", p50, p90, p95, p99,
                max);
    }
}
