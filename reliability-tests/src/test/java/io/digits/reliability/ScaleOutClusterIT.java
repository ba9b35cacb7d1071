package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.topic.ModelTopic;
import io.digits.mnist.MnistDataset;
import io.digits.streams.metrics.MeterNames;
import io.digits.trainer.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out on a replicated cluster under the faults Kafka's own Streams system tests use ({@code streams_eos_test.py},
 * {@code streams_broker_bounce_test.py}): three KRaft nodes as separate JVMs ({@link KafkaCluster}), two or three
 * instances of the service as separate JVMs, a steady labelled feed, and one fault pattern per test, each on fresh
 * topics and application id. Every test ends with the {@link DeliveryVerifier}'s checks and a figure line, and
 * asserts that its fault really bit. The cluster is shared and made whole again after every test.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ScaleOutClusterIT {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutClusterIT.class);
    /** Images per second of the feed, steady through every scenario. */
    static final double RATE = Double.parseDouble(System.getProperty("cluster.rate", "80"));
    /** The session timeout the service instances run with (ServiceUnderTest: KAFKA_SESSION_TIMEOUT_MS). */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    static final long SEED = Long.getLong("cluster.seed", System.nanoTime());

    @TempDir
    static Path clusterDir;
    static KafkaCluster cluster;

    @TempDir
    Path dir;
    final Random random = new Random(SEED);

    @BeforeAll
    static void startCluster() throws Exception {
        log.info("cluster scenarios: seed {} (-Dcluster.seed={} repeats the choices), {} images/s", SEED, SEED, RATE);
        TestModels.trained();
        cluster = KafkaCluster.start(clusterDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The next scenario starts from a whole cluster, whatever this one left. */
    @AfterEach
    void heal() throws Exception {
        cluster.heal();
    }

    private ClusterScenario scenario(String name, String guarantee) {
        return new ClusterScenario(cluster, name, guarantee, TestModels.registryFolder(), dir);
    }

    /** The first {@code seconds} of images at {@link #RATE}. */
    static MnistDataset images(int seconds) throws Exception {
        return ImageFeed.mnistTrain((int) (RATE * seconds));
    }

    /** Scenario 2: an instance of three is SIGKILLed and started again, three times (streams_eos_test's hard bounce). */
    @Test
    @Order(2)
    void anInstanceKilledThreeTimes() throws Exception {
        ClusterScenario.Result result = killAnInstanceThreeTimes("kill-instance", StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(result.verdict().abortedRecords()).as("aborted records: each kill cut an open transaction off").isPositive();
    }

    /**
     * Scenario 8: scenario 2 under at-least-once: nothing lost; the duplicates (what a killed instance had written
     * since its last commit, written again by the next owner) are counted in the figure line.
     */
    @Test
    @Order(8)
    void anInstanceKilledThreeTimesAtLeastOnce() throws Exception {
        ClusterScenario.Result result = killAnInstanceThreeTimes("kill-instance-alos", StreamsConfig.AT_LEAST_ONCE);
        assertThat(result.verdict().abortedRecords()).as("aborted records: at-least-once writes no transactions").isZero();
    }

    /**
     * Three instances; a random one of those owning partitions SIGKILLed at 20, 40 and 60% of the feed, started again
     * 3 s later each time. Under exactly-once the victim is one caught holding a transaction open with predictions in
     * it.
     */
    private ClusterScenario.Result killAnInstanceThreeTimes(String name, String guarantee) throws Exception {
        try (ClusterScenario s = scenario(name, guarantee)) {
            s.startInstances(3);
            s.noteSpread();
            // each kill, restart and settling takes 20-30 s: the feed must outlast the third
            s.feed(images(100), RATE);
            for (int kill = 1; kill <= 3; kill++) {
                s.awaitFed(0.2 * kill);
                List<Integer> working = s.working();
                int victim = s.exactlyOnce() ? s.freezeOneInOpenTransaction(random)
                        : working.get(random.nextInt(working.size()));
                s.kill(victim);
                Thread.sleep(3_000);
                s.start(victim);
                s.noteSpread();
            }
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.rebalances()).as("rebalances of running instances after the kills").isPositive();
            return result;
        }
    }

    /**
     * Scenario 1: scale 1 -> 3 -> 2 -> 1 under load, with clean starts and stops (SIGTERM: the instance commits,
     * leaves the group and exits 0), as the HPA and a rolling update do it. The partitions follow: 6, 2+2+2, 3+3, 6.
     */
    @Test
    @Order(1)
    void scaledOneToThreeToTwoToOne() throws Exception {
        try (ClusterScenario s = scenario("scale", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(1);
            s.noteSpread();
            s.feed(images(70), RATE);
            s.awaitFed(0.15);
            s.fault("scale 1 -> 3");
            s.start(1, 2);
            s.noteSpread();
            s.awaitFed(0.45);
            s.fault("scale 3 -> 2 (SIGTERM instance 2)");
            s.stop(2);
            s.noteSpread();
            s.awaitFed(0.7);
            s.fault("scale 2 -> 1 (SIGTERM instance 1)");
            s.stop(1);
            s.noteSpread();
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.spreads()).as("partitions per instance at 1, 3, 2 and 1 instances")
                    .startsWith("6", "2+2+2", "3+3", "6");
            assertThat(result.rebalances()).as("rebalances as instances came and went").isPositive();
        }
    }

    /**
     * Scenario 3: an instance is frozen (SIGSTOP) past its session timeout while the others take its partitions over,
     * then continued: a zombie, which must be fenced; its late writes are never visible. It is frozen with a
     * transaction open, which the coordinator aborts once the transaction timeout has passed.
     */
    @Test
    @Order(3)
    void aFrozenInstanceComesBackAsAZombieAndIsFenced() throws Exception {
        try (ClusterScenario s = scenario("zombie-instance", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(50), RATE);
            s.awaitFed(0.3);
            int zombie = s.freezeOneInOpenTransaction(random);
            s.fault("SIGSTOP instance " + zombie + " for " + SESSION_TIMEOUT.multipliedBy(3).toSeconds() + " s");
            Thread.sleep(SESSION_TIMEOUT.multipliedBy(3).toMillis());
            s.noteSpread();
            s.instance(zombie).resume();
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.rebalances()).as("rebalances: the group dropped the frozen instance").isPositive();
            assertThat(result.verdict().abortedRecords()).as("aborted records: the zombie's open transaction").isPositive();
        }
    }

    /**
     * Scenario 4 (streams_broker_bounce_test's hard shutdowns): the leader of an input partition, then the transaction
     * coordinator of an instance's transactional id, then the active controller are SIGKILLed, each down 15 s, the
     * replicas whole again before the next. Each time the role must move to another node, the proof the fault hit
     * what the service uses.
     */
    @Test
    @Order(4)
    void theLeaderTheCoordinatorAndTheControllerKilled() throws Exception {
        try (ClusterScenario s = scenario("kill-broker-roles", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(90), RATE);
            Set<String> watched = s.watchedTopics();

            s.awaitFed(0.15);
            TopicPartition input = new TopicPartition(s.topics().images(), random.nextInt(ClusterScenario.PARTITIONS));
            int leader = cluster.leaderOf(input);
            int newLeader = killFor(s, leader, "leader of " + input, BROKER_DOWNTIME, () -> cluster.leaderOf(input), watched);

            String transactionalId = cluster.transactionalIds(s.applicationId()).get(0);
            int coordinator = cluster.transactionCoordinatorOf(transactionalId);
            int newCoordinator = killFor(s, coordinator, "transaction coordinator of " + transactionalId, BROKER_DOWNTIME,
                    () -> cluster.transactionCoordinatorOf(transactionalId), watched);

            int controller = cluster.activeController();
            int newController = killFor(s, controller, "active controller", BROKER_DOWNTIME, cluster::activeController, watched);
            s.healed();

            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(newLeader).as("the leadership of " + input + " moved off the killed node " + leader).isNotEqualTo(leader);
            assertThat(newCoordinator).as("the coordinator of " + transactionalId + " moved off node " + coordinator)
                    .isNotEqualTo(coordinator);
            assertThat(newController).as("the active controller moved off node " + controller).isNotEqualTo(controller);
        }
    }

    /**
     * Scenario 6: two of the three nodes are SIGKILLed together and stay down 30 s. With one replica left no partition
     * has its two in sync, so every write stalls (and the KRaft quorum has lost its majority); then both come back and
     * everything resumes, nothing lost.
     */
    @Test
    @Order(6)
    void twoOfThreeBrokersDownFor30Seconds() throws Exception {
        try (ClusterScenario s = scenario("two-brokers-down", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(60), RATE);
            s.awaitFed(0.25);
            int survivor = 1 + random.nextInt(KafkaCluster.NODES);
            List<Integer> down = new ArrayList<>();
            for (KafkaNode node : cluster.nodes()) {
                if (node.id() != survivor) {
                    node.kill();
                    down.add(node.id());
                }
            }
            s.fault("SIGKILL nodes " + down + " for " + TWO_DOWN.toSeconds() + " s");
            Thread.sleep(TWO_DOWN.toMillis());
            down.forEach(cluster::restart);
            cluster.awaitBrokers(KafkaCluster.NODES, Duration.ofMinutes(2));
            s.healed();

            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.verdict().longestGap()).as("the outputs stalled while two of three nodes were down")
                    .isGreaterThanOrEqualTo(TWO_DOWN.minusSeconds(10));
        }
    }

    /**
     * Scenario 5 (the KAFKA-17754 fault class): the transaction coordinator of an instance's transactional id is frozen
     * with SIGSTOP past its broker session timeout, so the controller fences it and moves its leaderships away while it
     * still believes itself leader; then it is continued (SIGCONT). Its late writes must never show.
     */
    @Test
    @Order(5)
    void aFrozenBrokerComesBack() throws Exception {
        try (ClusterScenario s = scenario("pause-broker", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(50), RATE);
            s.awaitFed(0.25);
            String transactionalId = cluster.transactionalIds(s.applicationId()).get(0);
            int frozen = cluster.transactionCoordinatorOf(transactionalId);
            cluster.node(frozen).pause();
            s.fault("SIGSTOP node " + frozen + " (transaction coordinator of " + transactionalId + ") for "
                    + BROKER_PAUSE.toSeconds() + " s");
            long resumeAt = System.nanoTime() + BROKER_PAUSE.toNanos();
            boolean fenced = false;
            while (System.nanoTime() < resumeAt) {
                fenced |= cluster.registeredBrokers().map(ids -> !ids.contains(frozen)).orElse(false);
                Thread.sleep(500);
            }
            cluster.node(frozen).resume();
            cluster.awaitBrokers(KafkaCluster.NODES, Duration.ofMinutes(2));
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(fenced).as("the cluster fenced the frozen node " + frozen + " while it was stopped").isTrue();
        }
    }

    /**
     * Scenario 7: a new model is published live on the models topic while instances churn (one is SIGKILLed before
     * the publication and started again after it, another SIGKILLed and started again later). Every instance switches;
     * per partition the version changes once and only forwards; nothing is lost or doubled.
     */
    @Test
    @Order(7)
    void aNewModelPublishedWhileInstancesChurn() throws Exception {
        FixtureRegistry trainer = new FixtureRegistry(dir.resolve("trainer-registry"));
        String first = trainer.publishTrained();
        try (ClusterScenario s = scenario("model-churn", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.service().registryPerInstance();
            ModelTopic models = new ModelTopic(new KafkaClients(cluster.bootstrapServers(), new Properties()),
                    s.topics().models(), Duration.ofSeconds(30));
            models.createIfMissing();
            models.publish(trainer.open(first), true);
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(55), RATE);
            s.awaitFed(0.2);
            int churned = random.nextInt(3);
            s.kill(churned);
            s.awaitFed(0.3);
            String second = trainer.publishTrained();
            models.publish(trainer.open(second), true);
            s.fault("published " + second + " live while instance " + churned + " was down");
            s.start(churned);
            s.awaitFed(0.55);
            int other = (churned + 1 + random.nextInt(2)) % 3;
            s.kill(other);
            Thread.sleep(3_000);
            s.start(other);
            s.healed();
            s.awaitFed(1.0);
            List<Double> serving = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                serving.add(s.instance(i).scrape().orElseThrow()
                        .sum(MeterNames.PROMETHEUS.get(MeterNames.MODEL_INFO), "version=\"" + second + "\""));
            }
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            ModelSwitches switches = ModelSwitches.of(result.predictions());
            assertThat(ModelSwitches.byVersion(result.predictions()).keySet()).as("versions that made predictions")
                    .containsExactly(first, second);
            assertThat(switches.backwardsOrTwice).as("version switches backwards or twice in a partition").isEmpty();
            assertThat(switches.switchOffsets).as("partitions that switched to " + second).hasSize(ClusterScenario.PARTITIONS);
            assertThat(serving).as("instances serving " + second + " at the end").containsOnly(1.0);
        }
    }

    static final Duration BROKER_PAUSE = Duration.ofSeconds(20);
    /**
     * The longer randomized schedule, only with {@code -Dcluster.schedule=long}: {@code -Dcluster.rounds} (default 12)
     * rounds, each with one fault drawn at random (seeded: the seed is printed, {@code -Dcluster.seed} repeats
     * it) from the patterns above: SIGKILL or SIGSTOP an instance, SIGKILL or SIGSTOP a broker, SIGKILL the leader of an
     * input partition or a transaction coordinator; the whole is verified like every scenario.
     */
    @Test
    @Order(9)
    @EnabledIfSystemProperty(named = "cluster.schedule", matches = "long")
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void aLongRandomizedSchedule() throws Exception {
        int rounds = Integer.getInteger("cluster.rounds", 12);
        try (ClusterScenario s = scenario("random-schedule", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(Math.min(740, 40 * rounds + 20)), RATE); // a round takes 30-40 s with its recovery
            for (int round = 0; round < rounds; round++) {
                Thread.sleep(BETWEEN_FAULTS.toMillis());
                int instance = random.nextInt(3);
                int node = 1 + random.nextInt(KafkaCluster.NODES);
                switch (random.nextInt(6)) {
                    case 0 -> {
                        s.kill(instance);
                        Thread.sleep(3_000);
                        s.start(instance);
                    }
                    case 1 -> {
                        s.instance(instance).pause();
                        s.fault("SIGSTOP instance " + instance + " for " + SESSION_TIMEOUT.multipliedBy(2).toSeconds() + " s");
                        Thread.sleep(SESSION_TIMEOUT.multipliedBy(2).toMillis());
                        s.instance(instance).resume();
                    }
                    case 2 -> killFor(s, node, "node " + node, BROKER_DOWNTIME, () -> node, s.watchedTopics());
                    case 3 -> {
                        cluster.node(node).pause();
                        s.fault("SIGSTOP node " + node + " for " + BROKER_PAUSE.toSeconds() + " s");
                        Thread.sleep(BROKER_PAUSE.toMillis());
                        cluster.node(node).resume();
                        cluster.awaitFullIsr(s.watchedTopics(), Duration.ofMinutes(2));
                    }
                    case 4 -> {
                        TopicPartition input = new TopicPartition(s.topics().images(), random.nextInt(ClusterScenario.PARTITIONS));
                        int leader = cluster.leaderOf(input);
                        killFor(s, leader, "leader of " + input, BROKER_DOWNTIME, () -> cluster.leaderOf(input), s.watchedTopics());
                    }
                    default -> {
                        List<String> ids = cluster.transactionalIds(s.applicationId());
                        String id = ids.get(random.nextInt(ids.size()));
                        int coordinator = cluster.transactionCoordinatorOf(id);
                        killFor(s, coordinator, "transaction coordinator of " + id, BROKER_DOWNTIME,
                                () -> cluster.transactionCoordinatorOf(id), s.watchedTopics());
                    }
                }
                s.noteSpread();
            }
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.faults()).as("faults injected").hasSize(rounds);
        }
    }

    /** Records flow undisturbed this long before each fault of the randomized schedule. */
    static final Duration BETWEEN_FAULTS = Duration.ofSeconds(10);
    static final Duration BROKER_DOWNTIME = Duration.ofSeconds(15);
    static final Duration TWO_DOWN = Duration.ofSeconds(30);

    /**
     * SIGKILLs node {@code id} (the holder of {@code role}), asks who holds the role while it is down, starts it again
     * after {@code downtime} and waits until every replica of {@code watched} is in sync. Returns the role's holder while
     * the node was down.
     */
    private int killFor(ClusterScenario s, int id, String role, Duration downtime, Callable<Integer> holder, Set<String> watched)
            throws Exception {
        cluster.node(id).kill();
        s.fault("SIGKILL node " + id + " (" + role + ") for " + downtime.toSeconds() + " s");
        long back = System.nanoTime() + downtime.toNanos();
        int moved = id;
        while (System.nanoTime() < back) {
            try {
                moved = holder.call();
                if (moved != id) {
                    break;
                }
            } catch (Exception e) {
                // no holder yet: the cluster is electing one
            }
            Thread.sleep(500);
        }
        log.info("{}: node {} killed; now held by node {}", role, id, moved);
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(back - System.nanoTime())));
        cluster.restart(id);
        cluster.awaitBrokers(KafkaCluster.NODES, Duration.ofMinutes(2));
        cluster.awaitFullIsr(watched, Duration.ofMinutes(2));
        return moved;
    }
}
