package io.digits.reliability;

import io.digits.core.Topics;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What came out of the pipeline, read as a downstream user reads it ({@code read_committed}, from the beginning
 * of every partition): each prediction with its partition and offset, and each dead letter's reason.
 */
final class Outcomes implements AutoCloseable {
    /** One prediction as read: where it was and what it says. */
    record Read(String id, int partition, long offset, Prediction prediction) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictionsTopic;
    private final PredictionSerde serde = new PredictionSerde();
    private final List<Read> predictions = new ArrayList<>();
    private final Map<String, Integer> predictionsById = new HashMap<>();
    private final Map<String, List<String>> deadLetterReasons = new HashMap<>();
    private final Map<String, byte[]> deadLetterValues = new HashMap<>();

    /** The default topics' outcomes, read over a plain connection. */
    static Outcomes of(String bootstrap) {
        return of(bootstrap, new Properties());
    }

    /** The default topics' outcomes, read with the given security settings. */
    static Outcomes of(String bootstrap, Properties security) {
        return new Outcomes(bootstrap, security, Topics.PREDICTIONS, Topics.DEAD_LETTERS, ServiceUnderTest.PARTITIONS);
    }

    Outcomes(String bootstrap, Properties security, String predictionsTopic, String deadLettersTopic, int partitions) {
        Properties p = new Properties();
        p.putAll(security);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.predictionsTopic = predictionsTopic;
        List<TopicPartition> all = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            all.add(new TopicPartition(predictionsTopic, i));
            all.add(new TopicPartition(deadLettersTopic, i));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    /** Reads until {@code distinct} different ids have an outcome or {@code timeout} passes; true if they have. */
    boolean awaitDistinct(int distinct, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (distinctIds() < distinct && System.nanoTime() < deadline) {
            poll();
        }
        return distinctIds() >= distinct;
    }

    /** Reads until {@code total} predictions were read or {@code timeout} passes; true if they were. */
    boolean awaitPredictions(long total, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (predictions.size() < total && System.nanoTime() < deadline) {
            poll();
        }
        return predictions.size() >= total;
    }

    /** Keeps reading for {@code quiet}, so that anything extra (a duplicate) shows up too. */
    void drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
        }
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.topic().equals(predictionsTopic)) {
                predictions.add(new Read(r.key(), r.partition(), r.offset(), serde.deserializer().deserialize(r.topic(), r.value())));
                predictionsById.merge(r.key(), 1, Integer::sum);
            } else {
                deadLetterReasons.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(RecordHeaders.text(r.headers(), RecordHeaders.REASON).orElse(""));
                deadLetterValues.put(r.key(), r.value());
            }
        }
    }

    /** Ids with a prediction or a dead letter. */
    int distinctIds() {
        Set<String> ids = new HashSet<>(predictionsById.keySet());
        ids.addAll(deadLetterReasons.keySet());
        return ids.size();
    }

    List<Read> predictions() {
        return predictions;
    }

    /** How many predictions each id has. */
    Map<String, Integer> predictionsById() {
        return predictionsById;
    }

    /** The reasons of each id's dead letters. */
    Map<String, List<String>> deadLetterReasons() {
        return deadLetterReasons;
    }

    /** The value of each id's (last) dead letter: the original record's bytes. */
    Map<String, byte[]> deadLetterValues() {
        return deadLetterValues;
    }

    /** Predictions beyond the first of their id. */
    long duplicatePredictions() {
        return predictionsById.values().stream().mapToLong(n -> n - 1L).sum();
    }

    /** Of {@code expected} ids, those with no prediction. */
    Set<String> withoutPrediction(Set<String> expected) {
        return expected.stream().filter(id -> !predictionsById.containsKey(id)).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
