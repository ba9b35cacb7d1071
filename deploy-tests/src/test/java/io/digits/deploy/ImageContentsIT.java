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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the images hold and how they start, without a Docker engine: {@code docker/app-libs.sh} (the
 * Dockerfile's own step) lays out {@code /app/lib} in a temporary folder from this build, and each image's
 * ENTRYPOINT and CMD, taken from the Dockerfile with the image's ENV, run from there.
 */
class ImageContentsIT {
    @TempDir
    static Path folder;
    private static Path lib;
    private static final Dockerfile DOCKERFILE = Dockerfile.load();

    @BeforeAll
    static void layOutAppLib() {
        lib = folder.resolve("app/lib");
        String output = ExternalTool.BASH.run(Repo.root(), Duration.ofMinutes(2), "docker/app-libs.sh", lib.toString())
                .successfulOutput();
        assertThat(output).startsWith("app-libs: ");
    }

    @Test
    void libHoldsJarsOnlyAndNoModelOrData() throws IOException {
        try (var files = Files.list(lib)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).isNotEmpty().allMatch(n -> n.endsWith(".jar"));
            assertThat(names).anyMatch(n -> n.startsWith("cli-"));
        }
    }

    @Test
    void everyImageStartsItsCommand() throws Exception {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> command = imageCommand(target);
            command.add("--help");
            Process process = start(target, command);
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(target).isTrue();
            String subcommand = command.get(command.indexOf("io.digits.cli.Digits") + 1);
            assertThat(process.exitValue()).as(target + ": " + output).isZero();
            assertThat(output).as(target).startsWith("Usage: digits " + subcommand);
        }
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
        }
    }

    private static String log() throws IOException {
        Path log = folder.resolve("serve.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The image's ENTRYPOINT then CMD, with /app/lib pointing at the folder laid out here. */
    static List<String> imageCommand(String target) throws IOException {
        List<String> command = new ArrayList<>();
        for (String key : List.of("ENTRYPOINT", "CMD")) {
            String json = DOCKERFILE.effective(target, key).orElseThrow(() -> new AssertionError(target + " has no " + key));
            for (String arg : Repo.JSON.readValue(json, String[].class)) {
                command.add(arg.replace("/app/lib/", lib + "/"));
            }
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
