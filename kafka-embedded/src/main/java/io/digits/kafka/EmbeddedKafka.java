package io.digits.kafka;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>It does what {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do, with Kafka's own
 * classes: formats a fresh temporary log directory with {@link Formatter}, then starts a
 * {@link KafkaRaftServer}. The settings are the ones a one-node cluster needs (replication factor 1 for the
 * consumer-offsets, transaction and share-state topics, no initial rebalance delay), so consumer groups,
 * transactions and Kafka Streams work at once. {@link #close()} stops the broker and deletes its data.
 *
 * <p>For failure tests the broker can be stopped and started again on the same ports and log directory
 * ({@link #stopBroker()}, {@link #startBroker()}); for security tests it can listen on extra listeners, e.g. a
 * {@code SASL_SSL} one, configured with {@code listener.name.<name>.*} overrides ({@link #start(int, Map, List)}).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(3, "digits.images");
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Pick a free port for the client listener. */
    public static final int ANY_PORT = 0;
    private static final int NODE_ID = 1;
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConfig config;
    private final Path logDir;
    private final String bootstrapServers;
    private final Map<String, Integer> extraListenerPorts;
    private final Duration startupTime;
    private KafkaRaftServer server;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(KafkaConfig config, KafkaRaftServer server, Path logDir, String bootstrapServers,
                          Map<String, Integer> extraListenerPorts, Duration startupTime) {
        this.config = config;
        this.server = server;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
        this.extraListenerPorts = Map.copyOf(extraListenerPorts);
        this.startupTime = startupTime;
    }

    /**
     * A listener besides the PLAINTEXT one for clients, on a free port.
     *
     * @param name     the listener name, e.g. {@code SECURE}; its settings are {@code listener.name.secure.*} overrides
     * @param protocol the security protocol, e.g. {@code SASL_SSL}
     */
    public record Listener(String name, String protocol) {
    }

    /** Starts a broker on a free port. */
    public static EmbeddedKafka start() {
        return start(ANY_PORT, Map.of());
    }

    /** Starts a broker whose client listener is on {@code port} ({@link #ANY_PORT} for a free one). */
    public static EmbeddedKafka start(int port) {
        return start(port, Map.of());
    }

    /**
     * Starts a broker whose client listener is on {@code port} ({@link #ANY_PORT} for a free one), with
     * broker settings in {@code overrides} replacing the defaults of {@link #brokerProperties}.
     *
     * @throws IllegalArgumentException if an override is not a Kafka broker setting (a typo would otherwise be ignored)
     * @throws IllegalStateException if the broker cannot start
     */
    public static EmbeddedKafka start(int port, Map<String, String> overrides) {
        return start(port, overrides, List.of());
    }

    /**
     * Like {@link #start(int, Map)}, with {@code extraListeners} on free ports besides the PLAINTEXT one for
     * clients (which the broker itself and {@link #admin()} keep using); see {@link #bootstrapServers(String)}.
     */
    public static EmbeddedKafka start(int port, Map<String, String> overrides, List<Listener> extraListeners) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        rejectUnknownSettings(overrides);
        RuntimeException lastFailure = null;
        // Free ports are found by binding and releasing them; another process may take one in between,
        // so a bind failure on ports we chose ourselves is retried with new ones.
        int attempts = port == ANY_PORT ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                Map<String, Integer> extraPorts = new LinkedHashMap<>();
                extraListeners.forEach(l -> extraPorts.put(l.name(), freePort()));
                return startOnce(port == ANY_PORT ? freePort() : port, freePort(), extraListeners, extraPorts, overrides);
            } catch (RuntimeException e) {
                lastFailure = e;
                log.warn("Embedded Kafka did not start (attempt {} of {}): {}", attempt, attempts, e.toString());
            }
        }
        throw new IllegalStateException("Embedded Kafka broker could not start: " + lastFailure.getMessage(), lastFailure);
    }

    private static EmbeddedKafka startOnce(int port, int controllerPort, List<Listener> extraListeners,
                                           Map<String, Integer> extraPorts, Map<String, String> overrides) {
        long startNanos = System.nanoTime();
        Path logDir = createTempDir();
        KafkaRaftServer server = null;
        try {
            Map<String, String> settings = new LinkedHashMap<>(brokerProperties(port, controllerPort, logDir));
            for (Listener l : extraListeners) {
                String address = l.name() + "://localhost:" + extraPorts.get(l.name());
                settings.merge("listeners", address, (a, b) -> a + "," + b);
                settings.merge("advertised.listeners", address, (a, b) -> a + "," + b);
                settings.merge("listener.security.protocol.map", l.name() + ":" + l.protocol(), (a, b) -> a + "," + b);
            }
            settings.putAll(overrides);
            Properties props = new Properties();
            props.putAll(settings);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            format(config, logDir);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "localhost:" + port;
            Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
            log.info("Embedded Kafka {} started in {} ms (log dir {})", bootstrap, startup.toMillis(), logDir);
            return new EmbeddedKafka(config, server, logDir, bootstrap, extraPorts, startup);
        } catch (Exception e) {
            if (server != null) {
                stop(server);
            }
            deleteQuietly(logDir);
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The broker settings of a one-node KRaft cluster: a combined broker and controller, the client listener
     * on {@code port}, the controller listener on {@code controllerPort}, data in {@code logDir}.
     */
    static Map<String, String> brokerProperties(int port, int controllerPort, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: the internal topics can have one replica only, or groups and transactions stall.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.putAll(testBrokerSettings());
        return p;
    }

    /**
     * What every test broker of ours sets, alone or in a cluster: groups form at once, topics are created on purpose
     * (createTopics, Kafka Streams' own admin calls) and never by a typo, a small footprint (a few threads, a small
     * log-cleaner buffer: the default takes 128 MB of heap), and a heartbeat every 500 ms so that a broker is
     * unfenced soon after it registers.
     */
    public static Map<String, String> testBrokerSettings() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    /** The {@code host:port} list for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code host:port} of the extra listener {@code name} given to {@link #start(int, Map, List)}. */
    public String bootstrapServers(String listenerName) {
        Integer port = extraListenerPorts.get(listenerName);
        if (port == null) {
            throw new IllegalArgumentException("no listener " + listenerName + "; there are " + extraListenerPorts.keySet());
        }
        return "localhost:" + port;
    }

    /**
     * Stops the broker but keeps its data, as a crashed or restarted broker would; {@link #startBroker()} brings
     * it back on the same ports. Clients see the broker go away.
     */
    public synchronized void stopBroker() {
        if (closed || server == null) {
            return;
        }
        stop(server);
        server = null;
        log.info("Embedded Kafka {} stopped (data kept in {})", bootstrapServers, logDir);
    }

    /** Starts the broker again after {@link #stopBroker()}, on the same ports and with the same data. */
    public synchronized void startBroker() {
        if (closed) {
            throw new IllegalStateException("Embedded Kafka is closed");
        }
        if (server != null) {
            return;
        }
        long startNanos = System.nanoTime();
        KafkaRaftServer restarted = new KafkaRaftServer(config, Time.SYSTEM);
        restarted.startup();
        server = restarted;
        log.info("Embedded Kafka {} started again in {} ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** How long {@link #start} took, from formatting the log directory to a running, unfenced broker. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The broker's data directory; deleted by {@link #close()}. */
    public Path logDir() {
        return logDir;
    }

    /** Creates topics with {@code partitions} partitions each (one replica); existing topics are left alone. */
    public void createTopics(int partitions, String... names) {
        createTopics(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
    }

    /** Creates the given topics and waits until the controller has them; existing topics are left alone. */
    public void createTopics(Collection<NewTopic> topics) {
        var results = admin().createTopics(topics).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + entry.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + entry.getKey(), e);
            }
        }
    }

    /** An admin client for this broker, owned and closed by this object. */
    public synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("Embedded Kafka is closed");
        }
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
        }
        return admin;
    }

    /** Stops the broker and deletes its log directory. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (server != null) {
            stop(server);
        }
        deleteQuietly(logDir);
        log.info("Embedded Kafka {} stopped in {} ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void format(KafkaConfig config, Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false)
                .addDirectory(logDir.toString())
                .run();
    }

    /** Settings of the StandardAuthorizer (authorizer.class.name), which it reads itself. */
    private static final Set<String> AUTHORIZER_SETTINGS = Set.of("super.users", "allow.everyone.if.no.acl.found");

    private static void rejectUnknownSettings(Map<String, String> overrides) {
        var known = AbstractKafkaConfig.CONFIG_DEF.names();
        List<String> unknown = overrides.keySet().stream()
                .filter(key -> !known.contains(key) && !key.startsWith("listener.name.") && !AUTHORIZER_SETTINGS.contains(key))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Not Kafka broker settings: " + new TreeSet<>(unknown));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary log directory", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(new File(dir.toString()));
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
