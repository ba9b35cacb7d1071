package io.digits.reliability;

import io.digits.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated test cluster: three KRaft nodes (each broker and controller), each its own JVM ({@link KafkaNode}),
 * formatted with one cluster id and static voters. Our topics and Kafka's internal ones have three replicas and
 * {@code min.insync.replicas=2}, as in production. A node can be SIGKILLed, SIGSTOPped, continued and started again
 * alone; the cluster says which node leads a partition, coordinates a transactional id, or is the active controller.
 */
final class KafkaCluster implements AutoCloseable {
    static final int NODES = 3;
    static final short REPLICATION = 3;
    static final int MIN_INSYNC = 2;
    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final List<KafkaNode> nodes;
    private final Path logbackConfig;
    private final Admin admin;

    private KafkaCluster(List<KafkaNode> nodes, Path logbackConfig) {
        this.nodes = nodes;
        this.logbackConfig = logbackConfig;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(nodes),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Formats and starts three nodes in {@code dir} and waits until all three are registered brokers. */
    static KafkaCluster start(Path dir) throws InterruptedException {
        List<KafkaNode> nodes = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            nodes.add(new KafkaNode(id, AppProcess.freePort(), AppProcess.freePort(), dir.resolve("node-" + id)));
        }
        String voters = nodes.stream().map(KafkaNode::voter).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (KafkaNode node : nodes) {
            Properties properties = node.properties(voters, commonSettings());
            node.writeProperties(properties);
            format(properties, clusterId);
        }
        Path logback = writeLogbackConfig(dir);
        KafkaCluster cluster = new KafkaCluster(nodes, logback);
        try {
            nodes.forEach(n -> n.start(logback));
            cluster.awaitBrokers(NODES, STARTUP);
            log.info("Kafka cluster {} of {} nodes up (cluster id {})", cluster.bootstrapServers(), NODES, clusterId);
            return cluster;
        } catch (RuntimeException | Error | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The settings every node shares: three replicas and two in sync for everything, Kafka's internal topics
     * included (or groups and transactions would stall or lose their state with a node), a broker fenced 6 s after
     * its last heartbeat, and a small footprint.
     */
    static Map<String, String> commonSettings() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("default.replication.factor", Short.toString(REPLICATION));
        p.put("min.insync.replicas", Integer.toString(MIN_INSYNC));
        p.put("offsets.topic.replication.factor", Short.toString(REPLICATION));
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", Short.toString(REPLICATION));
        p.put("transaction.state.log.min.isr", Integer.toString(MIN_INSYNC));
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", Short.toString(REPLICATION));
        p.put("share.coordinator.state.topic.min.isr", Integer.toString(MIN_INSYNC));
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("unclean.leader.election.enable", "false");
        p.putAll(EmbeddedKafka.testBrokerSettings());
        // a killed or frozen node is fenced (and leaves every ISR) 6 s after its last heartbeat (every 500 ms)
        p.put("broker.session.timeout.ms", "6000");
        p.put("replica.lag.time.max.ms", "10000");
        p.put("num.replica.fetchers", "1");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return p;
    }

    /** What {@code kafka-storage.sh format -t clusterId -c server.properties} does, with Kafka's own Formatter. */
    private static void format(Properties properties, String clusterId) {
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .addDirectory(config.metadataLogDir())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format node " + config.nodeId() + ": " + e.getMessage(), e);
        }
    }

    /** The nodes log Kafka's warnings, and at INFO what says who leads, coordinates and fences. */
    private static Path writeLogbackConfig(Path dir) {
        Path file = dir.resolve("broker-logback.xml");
        String xml = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <logger name="kafka.server.BrokerServer" level="INFO"/>
                  <logger name="org.apache.kafka.controller.QuorumController" level="INFO"/>
                  <logger name="org.apache.kafka.raft" level="INFO"/>
                  <logger name="org.apache.kafka.coordinator.transaction" level="INFO"/>
                  <logger name="kafka.coordinator.transaction" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.createDirectories(dir);
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static String bootstrapServers(List<KafkaNode> nodes) {
        return nodes.stream().map(KafkaNode::address).collect(Collectors.joining(","));
    }

    String bootstrapServers() {
        return bootstrapServers(nodes);
    }

    Admin admin() {
        return admin;
    }

    /** Node {@code id} (1..3). */
    KafkaNode node(int id) {
        return nodes.get(id - 1);
    }

    List<KafkaNode> nodes() {
        return nodes;
    }

    /** Starts node {@code id} again after a kill, on its ports with its data. */
    void restart(int id) {
        node(id).start(logbackConfig);
    }

    /** The node leading {@code partition} now. */
    int leaderOf(TopicPartition partition) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(partition.topic());
        Node leader = description.partitions().get(partition.partition()).leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException(partition + " has no leader");
        }
        return leader.id();
    }

    /** The transactional ids on the cluster that start with {@code prefix} (a Kafka Streams application's, e.g.). */
    List<String> transactionalIds(String prefix) throws Exception {
        Collection<TransactionListing> listings = admin.listTransactions(new ListTransactionsOptions()).all().get(30, TimeUnit.SECONDS);
        return listings.stream().map(TransactionListing::transactionalId).filter(id -> id.startsWith(prefix)).sorted().toList();
    }

    /** The node coordinating {@code transactionalId}'s transactions now. */
    int transactionCoordinatorOf(String transactionalId) throws Exception {
        return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                .get(30, TimeUnit.SECONDS).coordinatorId();
    }

    /** The node leading the KRaft quorum: the active controller. */
    int activeController() throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }

    /** The cluster's finalized {@code transaction.version} (2 = KIP-890's transaction protocol), or -1 if none is. */
    short finalizedTransactionVersion() throws Exception {
        FinalizedVersionRange range = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                .finalizedFeatures().get("transaction.version");
        return range == null ? -1 : range.maxVersionLevel();
    }

    /**
     * The ids of the brokers registered and unfenced now, as the cluster tells; empty if it cannot tell within 5 s (a
     * request may have gone to a frozen node).
     */
    Optional<Set<Integer>> registeredBrokers() {
        try {
            return Optional.of(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id)
                    .collect(Collectors.toSet()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    void awaitBrokers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (seen >= count) {
                    return;
                }
            } catch (Exception e) {
                seen = -1;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(count + " brokers were not up within " + timeout + " (saw " + seen + "); node logs:\n"
                + nodes.stream().map(n -> "node " + n.id() + ":\n" + n.logTail()).collect(Collectors.joining("\n")));
    }

    /**
     * Waits until every partition of {@code topics} has all three replicas in sync again, so the next fault starts from
     * a whole cluster; returns how long that took.
     */
    Duration awaitFullIsr(Set<String> topics, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<String> short_ = List.of();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
                short_ = new ArrayList<>();
                for (TopicDescription d : descriptions.values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.isr().size() < NODES) {
                            short_.add(d.name() + "-" + p.partition() + " isr " + p.isr().stream().map(Node::id).toList());
                        }
                    }
                }
                if (short_.isEmpty()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (Exception e) {
                short_ = List.of(e.toString());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("replicas not all in sync within " + timeout + ": " + short_);
    }

    /** Every topic on the cluster, Kafka's internal ones included. */
    Set<String> allTopics() throws Exception {
        return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names()
                .get(30, TimeUnit.SECONDS);
    }

    /** Brings every node back (SIGCONT the frozen, start the dead) and waits until all replicas are in sync. */
    void heal() throws Exception {
        for (KafkaNode node : nodes) {
            node.resume();
            if (!node.isRunning()) {
                restart(node.id());
            }
        }
        awaitBrokers(NODES, STARTUP);
        awaitFullIsr(allTopics(), STARTUP);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        nodes.forEach(KafkaNode::close);
        Path keep = Path.of(System.getProperty("cluster.logs", "target/cluster-logs"));
        for (KafkaNode node : nodes) {
            try {
                Files.createDirectories(keep);
                Files.copy(node.logFile(), keep.resolve("node-" + node.id() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                log.warn("could not keep node {}'s log in {}: {}", node.id(), keep, e.toString());
            }
        }
    }
}
