package io.digits.reliability;

import io.digits.streams.StreamsAppMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classification service under test as its own JVM, started the way the streams-app image starts it
 * ({@code java -cp /app/lib/* io.digits.streams.StreamsAppMain serve ...}): its {@code /app/lib} laid out by the
 * Dockerfile's own step, {@code docker/app-libs.sh streams-app}, from this build, so it runs with the image's jars
 * and the one logging configuration (command's {@code logback.xml}), nothing of this module's test classpath. It
 * can be killed with SIGKILL and started again. Every start appends its output to one log file, which the tests
 * read (and scan for secrets). The test JVM's own {@code KAFKA_*} and {@code DIGITS_*} variables are not
 * inherited: the service sees only what the test gives it.
 */
final class AppProcess implements AutoCloseable {
    static final String MAIN_CLASS = StreamsAppMain.class.getName();
    static final String SUBCOMMAND = "serve";
    /** The heap limit of the service under test: small, so that a leak or a bomb shows as an OutOfMemoryError. */
    static final int HEAP_MEGABYTES = 512;
    private static final Logger log = LoggerFactory.getLogger(AppProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final Map<String, Path> IMAGE_LIBS = new java.util.HashMap<>();

    private final Process process;
    private final int httpPort;
    private final Path logFile;

    private AppProcess(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /**
     * Starts the service with {@code args} and the variables {@code env} (on top of this JVM's environment
     * without its {@code KAFKA_*} ones); the HTTP port is chosen here and passed as {@code DIGITS_PORT}.
     */
    static AppProcess start(List<String> args, Map<String, String> env, Path logFile) {
        int port = freePort();
        Map<String, String> withPort = new java.util.LinkedHashMap<>();
        withPort.put("DIGITS_PORT", Integer.toString(port));
        withPort.putAll(env);
        List<String> command = new ArrayList<>(List.of(SUBCOMMAND));
        command.addAll(args);
        Process process = launch("streams-app", MAIN_CLASS, command, withPort, logFile);
        log.info("service under test started: pid {}, http port {}, log {}", process.pid(), port, logFile);
        return new AppProcess(process, port, logFile);
    }

    /**
     * Runs a one-shot command the way {@code image}'s container runs it ({@code java -cp /app/lib/* mainClass
     * args...}, e.g. the producer image's {@code ProducerMain produce}) with the same environment rules as the
     * service, to its exit; its output is appended to {@code logFile}. Returns the exit code.
     */
    static int run(String image, String mainClass, List<String> args, Map<String, String> env, Path logFile,
                   Duration timeout) throws InterruptedException {
        Process process = launch(image, mainClass, args, env, logFile);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(image + " " + String.join(" ", args) + " did not exit within " + timeout);
        }
        return process.exitValue();
    }

    private static Process launch(String image, String mainClass, List<String> args, Map<String, String> env,
                                  Path logFile) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MEGABYTES + "m",
                "-XX:+UseG1GC",
                "-Dai.djl.offline=true",
                "-cp", imageLib(image) + "/*",
                mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_")
                || (name.startsWith("DIGITS_") && !name.equals("DIGITS_HOME")));
        // Kafka's clients at INFO, configuration dumps included, so that the security test's scan for secrets
        // reads all a production log would hold (and more)
        builder.environment().put("DIGITS_KAFKA_LOG_LEVEL", "INFO");
        builder.environment().putAll(env);
        try {
            Files.writeString(logFile, "---- start: " + image + " " + String.join(" ", args) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + image + " " + String.join(" ", args), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /ready} answers 200; fails at once if the process exits first. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            if (status("/ready") == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service was not ready within " + timeout + ":\n" + logTail());
            }
            Thread.sleep(250);
        }
    }

    /** The HTTP status of {@code path}, or -1 if the port does not answer. */
    int status(String path) {
        return get(path).map(HttpResponse::statusCode).orElse(-1);
    }

    /** {@code /metrics}, parsed; empty if the port does not answer. */
    Optional<MetricsScrape> scrape() {
        return get("/metrics").filter(r -> r.statusCode() == 200).map(r -> MetricsScrape.parse(r.body()));
    }

    private Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The heap in use right after a full collection, requested with {@code jcmd <pid> GC.run}: what the process
     * really keeps alive, free of the saw-tooth of garbage between collections. -1 if it cannot be measured.
     */
    long heapAfterGcBytes() throws InterruptedException {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                return -1;
            }
        } catch (IOException e) {
            return -1;
        }
        return scrape().map(m -> (long) m.heapUsedBytes()).orElse(-1L);
    }

    /** The resident set size of the process, from {@code /proc}. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Waits for the process to exit by itself; its exit code. SIGKILL and an AssertionError after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the service did not exit within " + timeout + ":\n" + logTail());
        }
        return process.exitValue();
    }

    /** SIGKILL: the process gets no chance to commit, flush or leave its group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("pid " + process.pid() + " survived SIGKILL");
        }
        log.info("service under test (pid {}) killed with SIGKILL", process.pid());
    }

    /** SIGSTOP: the process freezes with its connections open (no heartbeats, no commits), as in a long pause. */
    void pause() {
        Signals.stop(process.pid());
        log.info("service under test (pid {}) stopped with SIGSTOP", process.pid());
    }

    /** SIGCONT after {@link #pause()}: it carries on where it stopped, unaware of the time that passed. */
    void resume() {
        Signals.resume(process.pid());
        log.info("service under test (pid {}) continued with SIGCONT", process.pid());
    }

    /** SIGTERM, then the exit code; SIGKILL if it does not exit within {@code timeout}. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the service did not exit within " + timeout + " of SIGTERM:\n" + logTail());
        }
        return process.exitValue();
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * An image's {@code /app/lib} ({@code streams-app}, {@code trainer} or {@code producer}), laid out afresh once
     * per test JVM by {@code docker/app-libs.sh IMAGE} in this module's {@code target/app-under-test/IMAGE/lib}
     * (from {@code IMAGE/target}, so that module must have been packaged: {@code -am} does that).
     */
    static synchronized Path imageLib(String image) {
        Path lib = IMAGE_LIBS.get(image);
        if (lib == null) {
            Path root = Path.of(System.getProperty("digits.root", "..")).toAbsolutePath().normalize();
            lib = root.resolve("reliability-tests/target/app-under-test/" + image + "/lib");
            try {
                if (Files.exists(lib)) { // jars of an earlier build must not linger
                    try (var old = Files.walk(lib)) {
                        for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
                Process layOut = new ProcessBuilder("bash", root.resolve("docker/app-libs.sh").toString(), image,
                        lib.toString()).directory(root.toFile()).redirectErrorStream(true).start();
                String output = new String(layOut.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!layOut.waitFor(2, TimeUnit.MINUTES) || layOut.exitValue() != 0) {
                    throw new IllegalStateException("docker/app-libs.sh " + image + " failed: " + output);
                }
                log.info("{}", output.strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out the " + image + " image's jars", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            IMAGE_LIBS.put(image, lib);
        }
        return lib;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
