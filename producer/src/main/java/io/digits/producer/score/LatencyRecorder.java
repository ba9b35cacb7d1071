package io.digits.producer.score;

import java.util.Arrays;

/** Collects latencies (ms) for {@link Percentiles}; 8 bytes a value, so millions are fine. */
final class LatencyRecorder {
    private long[] values = new long[1024];
    private int size;

    void record(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    Percentiles percentiles() {
        return Percentiles.of(Arrays.copyOf(values, size), size);
    }
}
