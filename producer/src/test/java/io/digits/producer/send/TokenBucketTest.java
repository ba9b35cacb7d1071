package io.digits.producer.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock that only moves when someone sleeps or does work; sleeps may overshoot like real ones. */
    static class FakeTicker implements Ticker {
        long now = 123_456_789L;
        long oversleepNanos;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos + oversleepNanos;
        }

        void work(long nanos) {
            now += nanos;
        }
    }

    /** Acquires for {@code seconds} of fake time and returns the acquisition times. */
    private static List<Long> run(TokenBucket bucket, FakeTicker ticker, int seconds, long workNanos)
            throws InterruptedException {
        long end = ticker.now + seconds * SECOND;
        List<Long> times = new ArrayList<>();
        while (true) {
            bucket.acquire();
            if (ticker.now >= end) {
                return times;
            }
            times.add(ticker.now);
            ticker.work(workNanos);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {2, 50, 1000, 20_000, 250_000})
    void long_run_rate_is_within_one_percent_of_target(double rate) throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        List<Long> times = run(new TokenBucket(rate, ticker), ticker, 20, 0);
        assertThat(times.size() / 20.0).isCloseTo(rate, within(rate * 0.01 + 1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 1000, 20_000})
    void every_one_second_window_is_within_five_percent(double rate) throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        long start = ticker.now;
        List<Long> times = run(new TokenBucket(rate, ticker), ticker, 10, 0);
        for (int second = 0; second < 10; second++) {
            long from = start + second * SECOND;
            long to = from + SECOND;
            long inWindow = times.stream().filter(t -> t >= from && t < to).count();
            assertThat((double) inWindow).as("second %d", second).isCloseTo(rate, within(rate * 0.05 + 1));
        }
    }

    @Test
    void makes_up_for_sleeps_that_overshoot() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        ticker.oversleepNanos = 1_000_000; // every sleep 1 ms late, as parkNanos can be
        List<Long> times = run(new TokenBucket(5_000, ticker), ticker, 10, 0);
        assertThat(times.size() / 10.0).isCloseTo(5_000, within(5_000 * 0.05));
    }

    @Test
    void makes_up_for_a_loaded_machine_waking_the_sender_late() throws InterruptedException {
        FakeTicker ticker = new FakeTicker() {
            private int sleeps;

            @Override
            public void sleepNanos(long nanos) {
                // most sleeps 2 ms late, every tenth one 150 ms late
                super.sleepNanos(nanos + (++sleeps % 10 == 0 ? 150_000_000L : 2_000_000L));
            }
        };
        List<Long> times = run(new TokenBucket(50, ticker), ticker, 60, 0);
        assertThat(times.size() / 60.0).isCloseTo(50, within(50 * 0.05));
    }

    @Test
    void time_spent_sending_counts_towards_the_interval() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        List<Long> times = run(new TokenBucket(100, ticker), ticker, 10, 4_000_000); // 4 ms of work per send
        assertThat(times.size() / 10.0).isCloseTo(100, within(5.0));
    }

    @Test
    void cannot_go_faster_than_the_sender_can() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        List<Long> times = run(new TokenBucket(1_000, ticker), ticker, 10, 2_000_000); // at most 500/s
        assertThat(times.size() / 10.0).isCloseTo(500, within(5.0));
    }

    @Test
    void refuses_a_rate_that_is_not_positive() {
        FakeTicker ticker = new FakeTicker();
        assertThatThrownBy(() -> new TokenBucket(0, ticker)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(-3, ticker)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, ticker)).isInstanceOf(IllegalArgumentException.class);
    }
}
