package io.digits.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real Prometheus server (Debian's package) in a temporary folder, scraping one target every second. */
final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts Prometheus scraping {@code metricsPath} on {@code target} (host:port) as job {@code job}, evaluating
     * the rules in {@code ruleFile}, and waits until it is ready.
     */
    static PrometheusServer start(Path folder, String job, String target, String metricsPath, Path ruleFile)
            throws IOException, InterruptedException {
        Path executable = ExternalTool.PROMETHEUS.require();
        Path config = folder.resolve("prometheus.yml");
        Files.copy(ruleFile, folder.resolve("rules.yml"));
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - rules.yml
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ["%s"]
                """.formatted(job, metricsPath, target));
        int port = freePort();
        Path log = folder.resolve("prometheus.log");
        Process process = new ProcessBuilder(executable.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + folder.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready within " + timeout + ":\n" + Files.readString(log));
    }

    /** The {@code data} of an instant query through the HTTP API ({@code /api/v1/query}); fails on a query error. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Repo.JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus rejected " + promql + ": " + response.body());
        }
        return body.path("data");
    }

    /** Every loaded rule as {@code name: health lastError}. */
    java.util.List<String> ruleHealth() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.List<String> rules = new java.util.ArrayList<>();
        for (JsonNode group : Repo.JSON.readTree(response.body()).path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " " + rule.path("lastError").asText());
            }
        }
        return rules;
    }

    /** Every metric name Prometheus has stored. */
    java.util.List<String> metricNames() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/label/__name__/values")).build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.List<String> names = new java.util.ArrayList<>();
        Repo.JSON.readTree(response.body()).path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The health of the scrape target as Prometheus reports it ({@code up}, {@code down}, {@code unknown}) and its last error. */
    String targetHealth() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode target = Repo.JSON.readTree(response.body()).path("data").path("activeTargets").path(0);
        return target.path("health").asText() + " " + target.path("lastError").asText();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
