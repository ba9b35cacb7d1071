package io.digits.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link KafkaCluster} (KRaft, combined broker and controller) as its own JVM, started the way
 * {@code kafka-server-start.sh} starts one ({@code java kafka.Kafka server.properties}) from Kafka's Maven jars on this
 * JVM's class path. Being its own process, it can be SIGKILLed or SIGSTOPped alone and started again on the same
 * ports with its data, as a crashed or frozen broker would be.
 */
final class KafkaNode implements AutoCloseable {
    /** Small, as a test broker needs; three of these share two cores with the service instances. */
    static final String HEAP = "-Xmx512m";
    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

    private final int id;
    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final Path propertiesFile;
    private final Path logFile;
    private Process process;
    private boolean paused;

    KafkaNode(int id, int port, int controllerPort, Path dir) {
        this.id = id;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.propertiesFile = dir.resolve("server.properties");
        this.logFile = dir.resolve("broker.log");
    }

    int id() {
        return id;
    }

    String address() {
        return "localhost:" + port;
    }

    /** {@code id@localhost:controllerPort}, this node's entry in {@code controller.quorum.voters}. */
    String voter() {
        return id + "@localhost:" + controllerPort;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path propertiesFile() {
        return propertiesFile;
    }

    Path logFile() {
        return logFile;
    }

    /** This node's settings in a cluster whose voters are {@code voters}; {@code common} is the same on every node. */
    Properties properties(String voters, Map<String, String> common) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(id));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir().toString());
        p.putAll(common);
        return p;
    }

    void writeProperties(Properties properties) {
        try {
            Files.createDirectories(dir);
            try (var out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
                properties.store(out, "node " + id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + propertiesFile, e);
        }
    }

    /** Starts the node's JVM (its log directory must be formatted); appends its output to {@link #logFile()}. */
    synchronized void start(Path logbackConfig) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + id + " already runs (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-Xms128m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logbackConfig,
                "-cp", brokerClassPath(),
                "kafka.Kafka", propertiesFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_"));
        try {
            Files.writeString(logFile, "---- start: node " + id + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            paused = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka node " + id, e);
        }
        log.info("Kafka node {} started: pid {}, {}", id, process.pid(), address());
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive() && !paused;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGKILL: no controlled shutdown, no flush; the others see it vanish. */
    synchronized void kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            Signals.resume(process.pid()); // a stopped process takes SIGKILL too, but let it die like a running one
            paused = false;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Kafka node " + id + " (pid " + process.pid() + ") survived SIGKILL");
        }
        log.info("Kafka node {} killed with SIGKILL", id);
    }

    /** SIGSTOP: frozen with its sockets open, as in a long pause. */
    synchronized void pause() {
        Signals.stop(process.pid());
        paused = true;
        log.info("Kafka node {} stopped with SIGSTOP", id);
    }

    /** SIGCONT after {@link #pause()}. */
    synchronized void resume() {
        if (paused) {
            Signals.resume(process.pid());
            paused = false;
            log.info("Kafka node {} continued with SIGCONT", id);
        }
    }

    /** The last lines of the node's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            if (paused) {
                Signals.resume(process.pid());
            }
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The jars of this JVM's class path (Kafka's broker jars come with kafka-embedded; logging through logback), not its
     * class folders, so the node runs Kafka's code and nothing of the tests.
     */
    static String brokerClassPath() {
        String separator = System.getProperty("path.separator");
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(separator)) {
            if (entry.endsWith(".jar") && !entry.contains("surefire") && !entry.contains("failsafe")) {
                jars.add(entry);
            }
        }
        if (jars.stream().noneMatch(j -> Path.of(j).getFileName().toString().startsWith("kafka_2.13"))) {
            throw new IllegalStateException("kafka_2.13 is not on the test class path: " + System.getProperty("java.class.path"));
        }
        return String.join(separator, jars);
    }
}
