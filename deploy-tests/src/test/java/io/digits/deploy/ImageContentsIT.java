package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.kafka.EmbeddedKafka;
import io.digits.streams.metrics.MeterNames;
import io.digits.trainer.TestModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the images hold and how they start, without a Docker engine: {@code docker/app-libs.sh TARGET DEST}
 * (the Dockerfile's own step) lays out each image's {@code /app/lib} in a temporary folder from this build,
 * and each image's ENTRYPOINT and CMD, taken from the Dockerfile with the image's ENV, run from there.
 */
class ImageContentsIT {
    /** Jars of the launcher, the demo and the bench, and of the embedded broker, that no image may hold. */
    static final List<String> IN_NO_IMAGE = List.of("kafka_2.13", "kafka-server", "scala-library", "scala-reflect",
            "bench", "cli", "kafka-embedded");
    /** What the trainer and producer need (charts, the MNIST archive) but the classifier does not. */
    static final List<String> NOT_IN_STREAMS_APP = List.of("xchart", "commons-compress", "mnist", "charts");
    private static final Pattern ISO_LOG_LINE = Pattern.compile(
            "(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  \\[.+\\] .+ - ");
    @TempDir
    static Path folder;
    private static final Dockerfile DOCKERFILE = Dockerfile.load();

    @BeforeAll
    static void layOutEachImagesAppLib() {
        for (String target : DeploymentNames.DEPLOYABLES) {
            String output = ExternalTool.BASH.run(Repo.root(), Duration.ofMinutes(2), "docker/app-libs.sh", target,
                    lib(target).toString()).successfulOutput();
            assertThat(output).startsWith("app-libs: " + target + ": ");
            System.out.println(output.strip()); // each image's jar count and size, for the record
        }
    }

    /** The folder standing for image {@code target}'s {@code /app/lib}. */
    static Path lib(String target) {
        return folder.resolve(target).resolve("app/lib");
    }

    static List<String> jars(String target) throws IOException {
        try (var files = Files.list(lib(target))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachImageHoldsJarsOnlyItsOwnAndNoModelOrData() throws IOException {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> names = jars(target);
            assertThat(names).as(target).isNotEmpty().allMatch(n -> n.endsWith(".jar"));
            assertThat(names).as(target).anyMatch(n -> n.startsWith(target + "-"));
            assertThat(names).as(target + ": the command module").filteredOn(n -> n.startsWith("command-")).hasSize(1);
            for (String other : DeploymentNames.DEPLOYABLES) {
                if (!other.equals(target)) {
                    assertThat(names).as(target).noneMatch(n -> n.startsWith(other + "-"));
                }
            }
        }
    }

    @Test
    void noImageHoldsTheBrokerScalaTheBenchOrTheLauncher() throws IOException {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> names = jars(target);
            for (String prefix : IN_NO_IMAGE) {
                assertThat(names).as(target + " holds no " + prefix + "*").noneMatch(n -> n.startsWith(prefix));
            }
        }
        List<String> classifier = jars("streams-app");
        for (String prefix : NOT_IN_STREAMS_APP) {
            assertThat(classifier).as("streams-app holds no " + prefix + "*").noneMatch(n -> n.startsWith(prefix + "-"));
        }
    }

    /** One logging configuration: only the command jar carries a logback.xml, and no jar a logback-test.xml. */
    @Test
    void eachImageHasTheOneLoggingConfiguration() throws IOException {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> withConfig = new ArrayList<>();
            for (String name : jars(target)) {
                try (ZipFile jar = new ZipFile(lib(target).resolve(name).toFile())) {
                    assertThat(jar.getEntry("logback-test.xml")).as(target + " " + name).isNull();
                    if (jar.getEntry("logback.xml") != null) {
                        withConfig.add(name);
                    }
                }
            }
            assertThat(withConfig).as(target + ": jars with a logback.xml").singleElement()
                    .satisfies(n -> assertThat(n).startsWith("command-"));
        }
    }

    @Test
    void everyImageStartsItsCommand() throws Exception {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> command = imageCommand(target);
            String subcommand = command.get(entryPoint(target).size());
            command.add("--help");
            String output = run(target, command);
            assertThat(output).as(target).startsWith("Usage: digits " + subcommand);

            // the entry point alone lists the image's subcommands, and only those
            List<String> bare = entryPoint(target);
            bare.add("--help");
            output = run(target, bare);
            assertThat(output).as(target).startsWith("Usage: digits ").contains(subcommand);
            for (String absent : List.of("demo", "bench", "fetch-data")) {
                assertThat(output).as(target).doesNotContainPattern("(?m)^  " + absent + " ");
            }
        }
    }

    private static String run(String target, List<String> command) throws Exception {
        Process process = start(target, command);
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(target).isTrue();
        assertThat(process.exitValue()).as(target + " " + command + ": " + output).isZero();
        return output;
    }

    /**
     * The classifier image's command serves for real: against an in-process broker and the trainer's test
     * model it becomes ready and exports metrics, and on SIGTERM (what Kubernetes and Docker send) it stops
     * cleanly with exit code 0.
     */
    @Test
    void classifierImageServesAndStopsCleanlyOnSigterm() throws Exception {
        TestModels.trained();
        int port = PrometheusServer.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ProcessBuilder builder = builder("streams-app", imageCommand("streams-app"));
            builder.redirectOutput(folder.resolve("serve.log").toFile());
            builder.environment().putAll(Map.of(
                    "DIGITS_BOOTSTRAP", kafka.bootstrapServers(),
                    "DIGITS_REGISTRY", TestModels.registryFolder().toString(),
                    "DIGITS_PORT", String.valueOf(port),
                    "DIGITS_PARTITIONS", "2",
                    "DIGITS_APPLICATION_ID", "image-contents-it",
                    "KAFKA_STATE_DIR", folder.resolve("state").toString(),
                    // the PyTorch library already unpacked on this machine (the image unpacks it at start)
                    "DJL_CACHE_DIR", System.getenv().getOrDefault("DJL_CACHE_DIR", builder.environment().get("DJL_CACHE_DIR"))));
            Process serve = builder.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + port);
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                int status = -1;
                while (status != 200 && System.nanoTime() < deadline && serve.isAlive()) {
                    Thread.sleep(500);
                    try {
                        status = http.send(HttpRequest.newBuilder(base.resolve("/ready")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException notListeningYet) {
                        status = -1;
                    }
                }
                assertThat(status).as("/ready; log:\n%s", log()).isEqualTo(200);
                String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains(MeterNames.PROMETHEUS.get(MeterNames.PREDICTIONS), "jvm_memory_used_bytes");
            } finally {
                serve.destroy(); // SIGTERM
            }
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
            assertThat(serve.exitValue()).as("exit code after SIGTERM; log:\n%s", log()).isZero();
            // logged through command's logback.xml (ISO timestamps), the one logging configuration
            assertThat(log()).as("the service's log").containsPattern(ISO_LOG_LINE);
        }
    }

    private static String log() throws IOException {
        Path log = folder.resolve("serve.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The image's ENTRYPOINT then CMD, with /app/lib pointing at the folder laid out here. */
    static List<String> imageCommand(String target) throws IOException {
        List<String> command = entryPoint(target);
        String json = DOCKERFILE.effective(target, "CMD").orElseThrow(() -> new AssertionError(target + " has no CMD"));
        command.addAll(List.of(Repo.JSON.readValue(json, String[].class)));
        return command;
    }

    /** The image's ENTRYPOINT, with /app/lib pointing at the folder laid out here and this JVM's java. */
    static List<String> entryPoint(String target) throws IOException {
        List<String> command = new ArrayList<>();
        String json = DOCKERFILE.effective(target, "ENTRYPOINT").orElseThrow(() -> new AssertionError(target + " has no ENTRYPOINT"));
        for (String arg : Repo.JSON.readValue(json, String[].class)) {
            command.add(arg.replace("/app/lib/", lib(target) + "/"));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        command.set(0, command.get(0).equals("java") ? java : command.get(0));
        return command;
    }

    /** Starts {@code command} with the image's ENV, its folders moved under the temporary folder. */
    static Process start(String target, List<String> command) throws IOException {
        return builder(target, command).start();
    }

    private static ProcessBuilder builder(String target, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(folder.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("DIGITS_") || k.startsWith("KAFKA_"));
        DOCKERFILE.environment(target).forEach((k, v) -> env.put(k, v.startsWith("/") ? folder + v : v));
        return builder;
    }
}
