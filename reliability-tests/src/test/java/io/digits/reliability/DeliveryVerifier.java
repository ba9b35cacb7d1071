package io.digits.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a scenario on the cluster must show, checked the way Kafka's own {@code EosTestDriver} checks its Streams
 * system tests: the input topic is the truth (every id in it, and where), the outputs are read as a user reads them
 * ({@code read_committed}) and matched against it, and the cluster is asked whether anything was left half done.
 *
 * <ol>
 *   <li>{@link #awaitOutcomes}: every input id gets an outcome (a prediction or a dead letter), at the latest two
 *       minutes after the last fault healed; how long that took.</li>
 *   <li>{@link #verify}, once the service is stopped: exactly one outcome per id (at-least-once: at least one, the
 *       rest counted); per output partition, the predictions follow their input's order and sit in their input's
 *       partition; no transaction left open (on every partition the service writes, the {@code read_committed} end
 *       equals the plain end); the group's committed offsets reach the end of the input; how many records a
 *       {@code read_uncommitted} reader sees that {@code read_committed} hides (aborted transactions, the proof a
 *       fault cut one off); the longest gap between predictions; the cluster's finalized {@code transaction.version}.</li>
 * </ol>
 */
final class DeliveryVerifier {
    /** The longest the outputs may take to be complete after the last fault healed (issue 17). */
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);
    /** How long a transaction cut off by a fault may stay open before the coordinator aborts it (the service's timeout is 10 s). */
    private static final Duration OPEN_TRANSACTION_GRACE = Duration.ofSeconds(60);

    /** Where an input record is. */
    record Position(int partition, long offset) {
    }

    /** Everything checked, for the figure line and the assertions. */
    record Verdict(int inputs, int withOutcome, Set<String> lost, long duplicated, int deadLettered,
                   List<String> outOfOrder, List<String> misplaced, List<String> openTransactions,
                   List<String> committedBehind, long abortedRecords, Duration longestGap, short transactionVersion) {
    }

    private final KafkaCluster cluster;
    private final String applicationId;
    private final ScenarioTopics topics;
    private final int partitions;

    DeliveryVerifier(KafkaCluster cluster, String applicationId, ScenarioTopics topics, int partitions) {
        this.cluster = cluster;
        this.applicationId = applicationId;
        this.topics = topics;
        this.partitions = partitions;
    }

    /** Every id on the input topic and where it is (read to the end offsets, plainly: the feed is not transactional). */
    Map<String, Position> readInput() {
        Map<String, Position> input = new HashMap<>();
        List<String> duplicateIds = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
            for (ConsumerRecord<String, byte[]> r : readToEnd(consumer, List.of(topics.images()))) {
                if (input.put(r.key(), new Position(r.partition(), r.offset())) != null) {
                    duplicateIds.add(r.key());
                }
            }
        }
        if (!duplicateIds.isEmpty()) {
            throw new AssertionError("the idempotent feed wrote " + duplicateIds.size() + " ids twice, e.g. " + duplicateIds.get(0));
        }
        return input;
    }

    /**
     * Reads the outputs ({@code read_committed}) until every one of {@code inputs} ids has an outcome, at the latest
     * {@link #DRAIN_LIMIT} after {@code healedAtMillis} (wall clock); returns when that happened (wall clock ms), or -1.
     */
    long awaitOutcomes(Outcomes outcomes, int inputs, long healedAtMillis) {
        long remaining = healedAtMillis + DRAIN_LIMIT.toMillis() - System.currentTimeMillis();
        boolean all = outcomes.awaitDistinct(inputs, Duration.ofMillis(Math.max(1, remaining)));
        return all ? System.currentTimeMillis() : -1;
    }

    /** The outputs of this scenario, read with {@code read_committed} from the beginning. */
    Outcomes outcomes() {
        return new Outcomes(cluster.bootstrapServers(), new Properties(), topics.predictions(), topics.deadLetters(), partitions);
    }

    /** The checks of the second step; {@code outcomes} must have been read to the end. */
    Verdict verify(Map<String, Position> input, Outcomes outcomes, boolean exactlyOnce) throws Exception {
        outcomes.drain(Duration.ofSeconds(5)); // anything late, a duplicate above all, shows up too
        Set<String> withOutcome = new HashSet<>(outcomes.predictionsById().keySet());
        withOutcome.addAll(outcomes.deadLetterReasons().keySet());
        Set<String> lost = input.keySet().stream().filter(id -> !withOutcome.contains(id)).collect(Collectors.toSet());
        long duplicated = outcomes.duplicatePredictions()
                + outcomes.deadLetterReasons().values().stream().mapToLong(reasons -> reasons.size() - 1L).sum()
                + outcomes.deadLetterReasons().keySet().stream().filter(outcomes.predictionsById()::containsKey).count();

        List<String> outOfOrder = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        Map<Integer, Long> lastInputOffset = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        List<Long> predictedAt = new ArrayList<>();
        for (Outcomes.Read read : outcomes.predictions()) { // in the order read: per partition, by offset
            Position from = input.get(read.id());
            if (from == null) {
                misplaced.add(read.id() + " is not on the input");
                continue;
            }
            if (!seen.add(read.id())) {
                continue; // a duplicate (at-least-once); its first prediction is the one ordered
            }
            predictedAt.add(read.prediction().predictedAt());
            if (from.partition() != read.partition()) {
                misplaced.add(read.id() + " from input partition " + from.partition() + " in output partition " + read.partition());
            }
            Long before = lastInputOffset.put(read.partition(), from.offset());
            if (before != null && before > from.offset()) {
                outOfOrder.add("output partition " + read.partition() + " offset " + read.offset() + ": input offset "
                        + from.offset() + " after " + before);
            }
        }
        predictedAt.sort(Long::compare);
        long gap = 0;
        for (int i = 1; i < predictedAt.size(); i++) {
            gap = Math.max(gap, predictedAt.get(i) - predictedAt.get(i - 1));
        }
        return new Verdict(input.size(), withOutcome.size(), lost, duplicated, outcomes.deadLetterReasons().size(),
                outOfOrder, misplaced, awaitNoOpenTransaction(), committedBehind(), abortedRecords(),
                Duration.ofMillis(gap), cluster.finalizedTransactionVersion());
    }

    /**
     * The partitions the service writes (its three output topics and its changelogs) whose {@code read_committed}
     * end is short of the plain end, after waiting {@link #OPEN_TRANSACTION_GRACE} for the coordinator to abort
     * what a fault cut off.
     */
    private List<String> awaitNoOpenTransaction() throws Exception {
        long deadline = System.nanoTime() + OPEN_TRANSACTION_GRACE.toNanos();
        List<String> open;
        do {
            open = openTransactions();
            if (open.isEmpty()) {
                return open;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return open;
    }

    private List<String> openTransactions() throws Exception {
        Admin admin = cluster.admin();
        Set<String> written = new HashSet<>(List.of(topics.predictions(), topics.deadLetters(), topics.review()));
        cluster.allTopics().stream().filter(t -> t.startsWith(applicationId + "-")).forEach(written::add);
        List<TopicPartition> all = new ArrayList<>();
        admin.describeTopics(written).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> all.add(new TopicPartition(name, p.partition()))));
        return List.copyOf(openTransactionsOn(all).values());
    }

    /**
     * Those of {@code partitions} whose {@code read_committed} end is short of their plain end (a transaction is open
     * on them with records in it), each with a line saying so.
     */
    Map<TopicPartition, String> openTransactionsOn(Collection<TopicPartition> partitions) throws Exception {
        Admin admin = cluster.admin();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> plain = ends(admin, latest, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> committed = ends(admin, latest, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, String> open = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        plain.forEach((tp, end) -> {
            if (!end.equals(committed.get(tp))) {
                open.put(tp, tp + " read_committed end " + committed.get(tp) + " < end " + end);
            }
        });
        return open;
    }

    /** Input partitions whose committed offset (the group's) is short of their end. */
    private List<String> committedBehind() throws Exception {
        Admin admin = cluster.admin();
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topics.images(), p), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = ends(admin, latest, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        List<String> behind = new ArrayList<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            long at = c == null ? 0 : c.offset();
            if (at < end) {
                behind.add(tp + " committed " + at + " < end " + end);
            }
        });
        return behind;
    }

    /** Records on the prediction and dead-letter topics that a read_uncommitted reader sees and a read_committed one does not. */
    private long abortedRecords() {
        List<String> outputs = List.of(topics.predictions(), topics.deadLetters());
        long all;
        long committed;
        try (KafkaConsumer<String, byte[]> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
            all = readToEnd(consumer, outputs).size();
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer(IsolationLevel.READ_COMMITTED)) {
            committed = readToEnd(consumer, outputs).size();
        }
        return all - committed;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private KafkaConsumer<String, byte[]> consumer(IsolationLevel isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record of {@code topicNames} up to the end offsets (as this consumer's isolation level sees the end). */
    private List<ConsumerRecord<String, byte[]>> readToEnd(KafkaConsumer<String, byte[]> consumer, Collection<String> topicNames) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topicNames) {
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (all.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + topicNames + " to its end " + ends + " within 2 minutes");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
