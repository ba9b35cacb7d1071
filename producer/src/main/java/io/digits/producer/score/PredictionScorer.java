package io.digits.producer.score;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the predictions and dead-letter topics from the beginning, as a downstream user would, and
 * scores them ({@link ScoreReport}).
 * <p>It uses manual assignment of every partition, not a consumer group: scoring is a read-only
 * report over the whole topic, so it must start at offset 0 every time (a group would resume from
 * its committed offsets and see nothing on a second run), commits nothing, never waits for a
 * rebalance, and any number of scorers can run side by side. It reads {@code read_committed}, so
 * records of aborted Kafka Streams transactions are never counted.
 */
public final class PredictionScorer {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long TOPIC_RECHECK_MS = 1000;

    private final KafkaClients clients;
    private final ScoreOptions options;
    private final LongSupplier clock;
    private final Deserializer<Prediction> predictions = new PredictionSerde().deserializer();
    private volatile boolean stopRequested;

    /** @param clients the cluster, with any security or tuning settings */
    public PredictionScorer(KafkaClients clients, ScoreOptions options) {
        this(clients, options, System::currentTimeMillis);
    }

    PredictionScorer(KafkaClients clients, ScoreOptions options, LongSupplier clock) {
        this.clients = clients;
        this.options = options;
        this.clock = clock;
    }

    /** The consumer: read_committed, no group, nothing committed, topics never auto-created. */
    private Consumer<String, byte[]> newConsumer() {
        return clients.assignedConsumer(
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "digits-score",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Asks a running {@link #score} to stop after the current poll (for Ctrl-C). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Reads until {@code expect} records came, or (without it) until the end the topics had when it
     * started, or until the timeout.
     *
     * @throws IllegalStateException when the predictions topic does not exist and nothing is expected
     */
    public ScoreReport score(ScoreListener listener) {
        long start = clock.getAsLong();
        long deadline = options.timeout().map(t -> start + t.toMillis()).orElse(Long.MAX_VALUE);
        ScoreTally tally = new ScoreTally(start);
        try (Consumer<String, byte[]> consumer = newConsumer()) {
            Set<TopicPartition> assigned = new HashSet<>();
            assignNew(consumer, assigned);
            Map<TopicPartition, Long> endOffsets = null;
            if (options.expect().isEmpty()) {
                if (assigned.stream().noneMatch(tp -> tp.topic().equals(options.predictionsTopic()))) {
                    throw new IllegalStateException("topic " + options.predictionsTopic() + " does not exist");
                }
                endOffsets = consumer.endOffsets(assigned);
            }
            // without --expect the record count is unknown: end offsets also count transaction markers
            listener.started(options.expect());
            long lastTopicCheck = clock.getAsLong();
            boolean timedOut = false;
            while (!stopRequested && !done(consumer, tally, endOffsets)) {
                long now = clock.getAsLong();
                if (now >= deadline) {
                    timedOut = true;
                    break;
                }
                if (options.expect().isPresent() && now - lastTopicCheck >= TOPIC_RECHECK_MS) {
                    assignNew(consumer, assigned);
                    lastTopicCheck = now;
                }
                if (assigned.isEmpty()) {
                    waitForTopics();
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    count(record, tally, listener);
                }
                listener.progress(tally);
            }
            ScoreReport report = tally.report(options.expect(), timedOut);
            listener.finished(report);
            return report;
        }
    }

    private void waitForTopics() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
    }

    private boolean done(Consumer<String, byte[]> consumer, ScoreTally tally, Map<TopicPartition, Long> endOffsets) {
        if (options.expect().isPresent()) {
            return tally.seen() >= options.expect().getAsLong();
        }
        return endOffsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void count(ConsumerRecord<String, byte[]> record, ScoreTally tally, ScoreListener listener) {
        if (record.topic().equals(options.deadLettersTopic())) {
            tally.deadLetter(RecordHeaders.text(record.headers(), RecordHeaders.REASON));
            return;
        }
        try {
            Prediction p = predictions.deserialize(record.topic(), record.value());
            if (p == null) {
                tally.unreadable();
                listener.unreadable(record.topic(), record.partition(), record.offset(), "no value");
            } else {
                tally.prediction(p, clock.getAsLong(),
                        record.timestampType() == TimestampType.LOG_APPEND_TIME ? record.timestamp() : -1);
                listener.prediction(p);
            }
        } catch (SerializationException e) {
            tally.unreadable();
            listener.unreadable(record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /** Adds the partitions of the two topics that exist now and were not assigned yet, from their beginning. */
    private void assignNew(Consumer<String, byte[]> consumer, Set<TopicPartition> assigned) {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : List.of(options.predictionsTopic(), options.deadLettersTopic())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions != null) {
                partitions.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        List<TopicPartition> added = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
    }
}
