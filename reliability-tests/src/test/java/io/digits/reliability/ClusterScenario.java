package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.mnist.MnistDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario of {@code ScaleOutClusterIT} on the replicated cluster: its own topics and application id, up to
 * {@link #MAX_INSTANCES} instances of the service as separate JVMs (one stream thread each, each with its own state
 * directory and log), a steady labelled feed, the faults it injects counted, and at the end the
 * {@link DeliveryVerifier}'s checks and one figure line (records, faults, lost, duplicated, longest gap, drain,
 * rebalances, partition spread).
 */
final class ClusterScenario implements AutoCloseable {
    static final int MAX_INSTANCES = 3;
    /** Partitions of the scenario's topics: two per instance at three instances (the HPA's maximum is the partition count). */
    static final int PARTITIONS = 6;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Logger log = LoggerFactory.getLogger(ClusterScenario.class);

    private final KafkaCluster cluster;
    private final String name;
    private final String guarantee;
    private final String applicationId;
    private final ScenarioTopics topics;
    private final ServiceUnderTest service;
    private final DeliveryVerifier verifier;
    private final Path dir;
    private final AppProcess[] instances = new AppProcess[MAX_INSTANCES];
    private final List<String> faults = new ArrayList<>();
    private final List<String> spreads = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private SteadyFeed feed;
    private long healedAtMillis = System.currentTimeMillis();

    /**
     * @param name      the scenario's name, also its topics' prefix and (as {@code cluster-<name>}) its application id
     * @param registry  the model registry folder the instances serve from
     */
    ClusterScenario(KafkaCluster cluster, String name, String guarantee, Path registry, Path dir) {
        this.cluster = cluster;
        this.name = name;
        this.guarantee = guarantee;
        this.applicationId = "cluster-" + name;
        this.topics = ScenarioTopics.of(name);
        this.dir = dir;
        this.service = new ServiceUnderTest(cluster.bootstrapServers(), registry, guarantee, dir)
                .applicationId(applicationId).partitions(PARTITIONS)
                .args("--replication-factor", Short.toString(KafkaCluster.REPLICATION))
                .args(topics.serveArgs().toArray(String[]::new));
        this.verifier = new DeliveryVerifier(cluster, applicationId, topics, PARTITIONS);
        log.info("scenario {}: {}, application id {}, topics {}", name, guarantee, applicationId, topics);
    }

    String applicationId() {
        return applicationId;
    }

    ScenarioTopics topics() {
        return topics;
    }

    ServiceUnderTest service() {
        return service;
    }

    /**
     * Starts instances {@code ids} (0..2) together, each with its own state directory and log, and waits until every
     * one is ready, as a deployment's new pods start.
     */
    void start(int... ids) throws InterruptedException {
        for (int i : ids) {
            if (instances[i] != null && instances[i].isAlive()) {
                throw new IllegalStateException("instance " + i + " of " + name + " already runs");
            }
            Path instanceDir = dir.resolve("instance-" + i);
            try {
                Files.createDirectories(instanceDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instances[i] = service.startInstance(instanceDir, clientId(i));
        }
        for (int i : ids) {
            instances[i].awaitReady(READY);
        }
    }

    /** Starts instances 0..n-1 together and waits until all are ready. */
    void startInstances(int n) throws InterruptedException {
        start(java.util.stream.IntStream.range(0, n).toArray());
    }

    AppProcess instance(int i) {
        return instances[i];
    }

    /** Stops instance {@code i} cleanly (SIGTERM; it leaves the group); its exit code must be 0. */
    void stop(int i) throws InterruptedException {
        int exit = instances[i].terminate(Duration.ofSeconds(90));
        assertThat(exit).as(name + ": exit code of instance " + i + " on SIGTERM").isZero();
        instances[i] = null;
    }

    /** Instance {@code i}'s Kafka client id, the start of its group member's client id. */
    private String clientId(int i) {
        return applicationId + "-instance-" + i;
    }

    /**
     * Freezes (SIGSTOP) one of the running instances while it holds a transaction open with predictions in it: the
     * first one seen with an open transaction on a prediction partition it owns, trying them in a random order, and
     * checks that the transaction stays open while it is frozen (else continues it and looks again), for at most a
     * minute. A SIGKILL, or a freeze past the transaction timeout, from here cuts a transaction off for certain, so
     * that a scenario's evidence that its fault bit does not hang on where in a commit interval the fault landed.
     * Returns the frozen instance, left frozen.
     */
    int freezeOneInOpenTransaction(Random random) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (feed.dispatched() >= feed.images()) {
                throw new AssertionError(name + ": the feed ended before the fault; a longer feed would let it bite");
            }
            List<Integer> running = new ArrayList<>();
            for (int i = 0; i < MAX_INSTANCES; i++) {
                if (instances[i] != null && instances[i].isAlive()) {
                    running.add(i);
                }
            }
            Collections.shuffle(running, random);
            for (int i : running) {
                List<TopicPartition> outputs = outputsOf(i);
                if (outputs.isEmpty() || verifier.openTransactionsOn(outputs).isEmpty()) {
                    continue;
                }
                instances[i].pause();
                Thread.sleep(FROZEN_CHECK.toMillis());
                Map<TopicPartition, String> open = verifier.openTransactionsOn(outputs);
                if (!open.isEmpty()) {
                    log.info("scenario {}: instance {} frozen with a transaction open: {}", name, i, open.values());
                    return i;
                }
                instances[i].resume();
            }
            Thread.sleep(5);
        }
        StringBuilder why = new StringBuilder(name + ": no instance held a transaction open with predictions in it for"
                + " a minute");
        for (int i = 0; i < MAX_INSTANCES; i++) {
            if (instances[i] != null && instances[i].isAlive()) {
                why.append("\ninstance ").append(i).append(" owns ").append(outputsOf(i)).append(", log tail:\n")
                        .append(instances[i].logTail());
            }
        }
        throw new AssertionError(why.toString());
    }

    /**
     * The running instances that own input partitions now. An instance started again may own none for a while: Kafka
     * Streams gives it warm-up tasks first and moves active ones at a later probing rebalance.
     */
    List<Integer> working() throws Exception {
        List<Integer> working = new ArrayList<>();
        for (int i = 0; i < MAX_INSTANCES; i++) {
            if (instances[i] != null && instances[i].isAlive() && !outputsOf(i).isEmpty()) {
                working.add(i);
            }
        }
        return working;
    }

    /** A commit already on its way when the instance froze has landed by then. */
    private static final Duration FROZEN_CHECK = Duration.ofMillis(300);

    /**
     * The prediction partitions instance {@code i} writes: those of the input partitions its group member owns (a
     * prediction keeps its image's key, hence its partition; {@link DeliveryVerifier} checks that).
     */
    private List<TopicPartition> outputsOf(int i) throws Exception {
        ConsumerGroupDescription group = cluster.admin().describeConsumerGroups(List.of(applicationId))
                .describedGroups().get(applicationId).get(30, TimeUnit.SECONDS);
        return group.members().stream()
                .filter(m -> m.clientId().startsWith(clientId(i) + "-"))
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .filter(tp -> tp.topic().equals(topics.images()))
                .map(tp -> new TopicPartition(topics.predictions(), tp.partition()))
                .toList();
    }

    /** SIGKILLs instance {@code i}, a fault. */
    void kill(int i) throws InterruptedException {
        instances[i].kill();
        instances[i] = null;
        fault("SIGKILL instance " + i);
    }

    /** The topics whose replicas must be whole again before a next broker fault: the scenario's and Kafka's internal ones. */
    Set<String> watchedTopics() throws Exception {
        return cluster.allTopics().stream()
                .filter(t -> t.startsWith(name + ".") || t.startsWith(applicationId + "-") || t.startsWith("__"))
                .collect(Collectors.toSet());
    }

    /** Records a fault injected now (for the figure line). */
    void fault(String description) {
        faults.add(description);
        log.info("scenario {}: fault {}: {}", name, faults.size(), description);
    }

    /** The last fault has healed now: the drain is measured from here (or from the feed's end, if later). */
    void healed() {
        healedAtMillis = System.currentTimeMillis();
    }

    /** Starts the steady feed of {@code images} at {@code rate} per second into the scenario's input. */
    SteadyFeed feed(MnistDataset images, double rate) {
        feed = SteadyFeed.start(cluster.bootstrapServers(), topics.images(), images, rate);
        return feed;
    }

    /** Waits until the feed has sent {@code fraction} of its images. */
    void awaitFed(double fraction) throws InterruptedException {
        long target = (long) (feed.images() * fraction);
        long deadline = System.nanoTime() + feed.duration().multipliedBy(3).plusMinutes(1).toNanos();
        while (feed.dispatched() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": the feed did not reach " + target + " images (at " + feed.dispatched() + ")");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Notes how the input partitions are spread over the group's members once the group has settled: stable, one
     * member per running instance, every partition assigned and evenly (Kafka Streams first gives a new instance warm-up
     * tasks only and moves active ones in a follow-up rebalance). At most 60 s; e.g. {@code 2+2+2}, marked
     * {@code (unsettled)} if it did not settle.
     */
    String noteSpread() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String spread;
        boolean settled;
        do {
            ConsumerGroupDescription group = cluster.admin().describeConsumerGroups(List.of(applicationId))
                    .describedGroups().get(applicationId).get(30, TimeUnit.SECONDS);
            List<Long> counts = group.members().stream()
                    .map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions().stream().filter(tp -> tp.topic().equals(topics.images())).count())
                    .sorted((a, b) -> Long.compare(b, a)).toList();
            spread = counts.stream().map(String::valueOf).collect(Collectors.joining("+"));
            long running = java.util.Arrays.stream(instances).filter(i -> i != null && i.isAlive()).count();
            settled = group.groupState() == GroupState.STABLE && counts.size() == running
                    && counts.stream().mapToLong(Long::longValue).sum() == PARTITIONS
                    && counts.get(0) - counts.get(counts.size() - 1) <= 1;
            if (!settled) {
                Thread.sleep(500);
            }
        } while (!settled && System.nanoTime() < deadline);
        spread = (spread.isEmpty() ? "none" : spread) + (settled ? "" : " (unsettled)");
        spreads.add(spread);
        return spread;
    }

    /**
     * The end of the scenario: waits for the feed, reads every outcome (at the latest {@link DeliveryVerifier#DRAIN_LIMIT}
     * after the later of the last heal and the feed's end), notes the spread, stops every instance cleanly, then
     * verifies and reports one figure line. The assertions are the caller's ({@link #assertDelivered}).
     */
    Result finish(long seed) throws Exception {
        feed.await(feed.duration().multipliedBy(3).plus(DeliveryVerifier.DRAIN_LIMIT));
        long drainFrom = Math.max(healedAtMillis, System.currentTimeMillis());
        Map<String, DeliveryVerifier.Position> input = verifier.readInput();
        try (Outcomes outcomes = verifier.outcomes()) {
            long drainedAt = verifier.awaitOutcomes(outcomes, input.size(), drainFrom);
            noteSpread();
            for (int i = 0; i < MAX_INSTANCES; i++) {
                if (instances[i] != null) {
                    assertThat(instances[i].isAlive()).as(name + ": instance " + i + " exited by itself:\n"
                            + instances[i].logTail()).isTrue();
                    stop(i);
                }
            }
            DeliveryVerifier.Verdict verdict = verifier.verify(input, outcomes, exactlyOnce());
            Result result = new Result(verdict, drainedAt < 0 ? null : Duration.ofMillis(drainedAt - drainFrom),
                    countLines("RUNNING -> REBALANCING"), fencingLines(), List.copyOf(faults), List.copyOf(spreads),
                    List.copyOf(outcomes.predictions()));
            new Figures("cluster " + name)
                    .put("guarantee", guarantee).put("records", verdict.inputs()).put("faults", faults.size())
                    .put("lost", verdict.lost().size()).put("duplicated", verdict.duplicated())
                    .put("dead-lettered", verdict.deadLettered())
                    .put("longest output gap", seconds(verdict.longestGap()))
                    .put("drain", result.drain() == null ? "not within " + DeliveryVerifier.DRAIN_LIMIT.toSeconds() + " s"
                            : seconds(result.drain()))
                    .put("rebalances", result.rebalances()).put("fencing lines", result.fencingLines())
                    .put("aborted records", verdict.abortedRecords())
                    .put("spread", spreads)
                    .put("predictions by model", ModelSwitches.byVersion(outcomes.predictions()))
                    .put("out of order", verdict.outOfOrder().size()).put("open transactions", verdict.openTransactions().size())
                    .put("transaction.version", verdict.transactionVersion())
                    .put("fault list", faults)
                    .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos))
                    .put("seed", seed).report();
            return result;
        }
    }

    /** What a scenario ends with: the verifier's verdict, the drain, what the instances' logs show, the spreads noted, the predictions read. */
    record Result(DeliveryVerifier.Verdict verdict, Duration drain, long rebalances, long fencingLines, List<String> faults,
                  List<String> spreads, List<Outcomes.Read> predictions) {
    }

    /**
     * What holds after every scenario: every input id has an outcome (exactly one under exactly-once), in input order
     * per partition, nothing left open, the group's offsets at the input's end, drained in time, on a cluster with
     * transaction protocol v2.
     */
    void assertDelivered(Result result) {
        DeliveryVerifier.Verdict v = result.verdict();
        assertThat(v.inputs()).as(name + ": records fed").isPositive();
        assertThat(v.lost()).as(name + ": input ids without an outcome").isEmpty();
        if (exactlyOnce()) {
            assertThat(v.duplicated()).as(name + ": outcomes beyond one per id under exactly-once").isZero();
            assertThat(v.outOfOrder()).as(name + ": predictions out of their input's order").isEmpty();
        }
        assertThat(v.deadLettered()).as(name + ": dead letters of good images").isZero();
        assertThat(v.misplaced()).as(name + ": predictions in another partition than their input").isEmpty();
        assertThat(v.openTransactions()).as(name + ": transactions left open").isEmpty();
        assertThat(v.committedBehind()).as(name + ": committed offsets short of the input's end").isEmpty();
        assertThat(result.drain()).as(name + ": drained within " + DeliveryVerifier.DRAIN_LIMIT + " of the last fault healing")
                .isNotNull();
        assertThat(v.transactionVersion()).as(name + ": the cluster's finalized transaction.version").isEqualTo((short) 2);
    }

    boolean exactlyOnce() {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee);
    }

    /** Lines of every instance's log that say a producer was fenced or a task migrated away from a zombie. */
    long fencingLines() {
        return countLines("ProducerFenced") + countLines("InvalidProducerEpoch") + countLines("TaskMigratedException");
    }

    /** Lines containing {@code text} in the logs of every instance of this scenario. */
    long countLines(String text) {
        long n = 0;
        for (int i = 0; i < MAX_INSTANCES; i++) {
            n += countLines(i, text);
        }
        return n;
    }

    /** Lines containing {@code text} in instance {@code i}'s log (all its starts). */
    private long countLines(int i, String text) {
        Path file = dir.resolve("instance-" + i).resolve("service.log");
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        for (AppProcess instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
        keepLogs();
    }

    /** Copies every instance's log to {@code target/cluster-logs/<scenario>/} (the temporary folder goes), for a post-mortem. */
    private void keepLogs() {
        Path keep = Path.of(System.getProperty("cluster.logs", "target/cluster-logs")).resolve(name);
        try {
            Files.createDirectories(keep);
            for (int i = 0; i < MAX_INSTANCES; i++) {
                Path file = dir.resolve("instance-" + i).resolve("service.log");
                if (Files.exists(file)) {
                    Files.copy(file, keep.resolve("instance-" + i + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            log.warn("could not keep the logs of {} in {}: {}", name, keep, e.toString());
        }
    }
}
