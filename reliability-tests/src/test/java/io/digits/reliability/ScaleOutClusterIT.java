package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.mnist.MnistDataset;
import io.digits.trainer.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
        try (ClusterScenario s = scenario("kill-instance", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(75), RATE);
            for (int kill = 1; kill <= 3; kill++) {
                s.awaitFed(0.2 * kill);
                int victim = random.nextInt(3);
                s.kill(victim);
                Thread.sleep(3_000);
                s.start(victim);
                s.noteSpread();
            }
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.rebalances()).as("rebalances of running instances after the kills").isPositive();
            assertThat(result.verdict().abortedRecords() + result.fencingLines())
                    .as("aborted records or fencing: a kill cut a transaction off").isPositive();
        }
    }

    /**
     * Scenario 3: an instance is frozen (SIGSTOP) past its session timeout while the others take its partitions over,
     * then continued: a zombie, which must be fenced; its late writes are never visible.
     */
    @Test
    @Order(3)
    void aFrozenInstanceComesBackAsAZombieAndIsFenced() throws Exception {
        try (ClusterScenario s = scenario("zombie-instance", StreamsConfig.EXACTLY_ONCE_V2)) {
            s.startInstances(3);
            s.noteSpread();
            s.feed(images(60), RATE);
            s.awaitFed(0.3);
            int zombie = random.nextInt(3);
            s.instance(zombie).pause();
            s.fault("SIGSTOP instance " + zombie + " for " + SESSION_TIMEOUT.multipliedBy(3).toSeconds() + " s");
            Thread.sleep(SESSION_TIMEOUT.multipliedBy(3).toMillis());
            s.noteSpread();
            s.instance(zombie).resume();
            s.healed();
            ClusterScenario.Result result = s.finish(SEED);
            s.assertDelivered(result);
            assertThat(result.rebalances()).as("rebalances: the group dropped the frozen instance").isPositive();
            assertThat(result.verdict().abortedRecords() + s.countLines(zombie, "fenced") + s.countLines(zombie, "TaskMigrated")
                    + s.countLines(zombie, "CommitFailed") + s.countLines(zombie, "InvalidProducerEpoch"))
                    .as("the zombie was fenced (its log) or its open transaction aborted").isPositive();
        }
    }
}
