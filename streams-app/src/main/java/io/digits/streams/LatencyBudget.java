package io.digits.streams;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one knob for end-to-end latency ({@code serve --latency-budget}): the p99 a user wants from an image's send
 * to a {@code read_committed} reader having its prediction, turned into the settings that make it up.
 * <ul>
 *   <li><b>commit interval</b> (exactly-once only): a prediction becomes visible when its transaction commits, so an
 *       image waits up to one interval; half the budget, leaving the other half for the batch, the classification,
 *       the commit itself and the reader's fetch. Under at-least-once predictions are visible when sent, and a
 *       commit only stalls the stream thread, so it stays {@link ServeConfig#AT_LEAST_ONCE_COMMIT_INTERVAL_MS}.</li>
 *   <li><b>batch linger</b> and <b>producer linger</b>: a tenth of the budget, 1..5 ms. The batch linger bounds how
 *       long an image waits for its batch (and with it the poll time, see {@link ServeConfig#streamsProperties});
 *       the producer linger how long a prediction waits in the producer (Kafka Streams sets 100 ms, which alone is
 *       the at-least-once latency).</li>
 * </ul>
 * The settings are defaults: a {@code KAFKA_*} variable naming one of them still wins. bench/README.md
 * ("Latency you can choose") has the measured curve behind the split and the budgets this machine can meet.
 *
 * @param budget the end-to-end p99 asked for
 */
public record LatencyBudget(Duration budget) {
    /**
     * The shortest budget accepted: a 5 ms commit interval under exactly-once. Kafka's own floor (a pass-through
     * with the same settings) was about 40 ms p99 on the 2-core machine measured (bench/README.md), so budgets this
     * short are met only under at-least-once.
     */
    public static final long MIN_MS = 10;
    private static final Duration MIN = Duration.ofMillis(MIN_MS);
    private static final long MAX_LINGER_MS = 5;

    public LatencyBudget {
        if (budget == null || budget.compareTo(MIN) < 0) {
            throw new IllegalArgumentException("the latency budget must be at least " + MIN_MS + " ms, was "
                    + (budget == null ? "unset" : budget.toMillis() + " ms"));
        }
    }

    public static LatencyBudget ofMillis(long millis) {
        return new LatencyBudget(Duration.ofMillis(millis));
    }

    /** How long an image waits at most for its batch to fill. */
    public Duration batchLinger() {
        return Duration.ofMillis(linger());
    }

    /** The commit interval under {@code guarantee}. */
    public long commitIntervalMs(String guarantee) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)
                ? Math.max(1, budget.toMillis() / 2) : ServeConfig.AT_LEAST_ONCE_COMMIT_INTERVAL_MS;
    }

    /** The Kafka Streams settings this budget sets, as defaults under the {@code KAFKA_*} passthrough. */
    public Map<String, Object> streamsDefaults(String guarantee) {
        return Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs(guarantee),
                ProducerConfig.LINGER_MS_CONFIG, linger()); // a producer setting: Kafka Streams hands it to the producer alone
    }

    /** One phrase for the log: the budget and what it set. */
    public String describe(String guarantee) {
        return budget.toMillis() + "ms (commit " + commitIntervalMs(guarantee) + "ms, batch and producer linger "
                + linger() + "ms)";
    }

    private long linger() {
        return Math.max(1, Math.min(MAX_LINGER_MS, budget.toMillis() / 10));
    }
}
