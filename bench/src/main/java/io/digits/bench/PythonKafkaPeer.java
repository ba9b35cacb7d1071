package io.digits.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.record.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Python Kafka service ({@code kafka_peer.py}, python3-confluent-kafka + torch) as a child process: it
 * consumes one topic and produces prediction JSON to another until it is closed.
 */
final class PythonKafkaPeer implements AutoCloseable {
    private final Process process;

    private PythonKafkaPeer(Process process) {
        this.process = process;
    }

    /** Starts the peer and waits until it owns its partitions. */
    static PythonKafkaPeer start(String python, Path workDir, String bootstrap, String input, String output, String group,
                                 Path weights, int batch, int threads, Duration timeout) throws IOException {
        Path script = PythonScripts.extract(workDir, "kafka_peer.py");
        Process process = new ProcessBuilder(python, script.toString(), bootstrap, input, output,
                group, weights.toString(), Integer.toString(batch), Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("kafka_peer.log").toFile()))
                .start();
        PythonKafkaPeer peer = new PythonKafkaPeer(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            line = null;
        }
        JsonNode node = line == null ? null : Json.mapper().readTree(line);
        if (node == null || !node.path("ready").asBoolean()) {
            peer.close();
            throw new IOException("the Python Kafka peer did not get its partitions (python3-confluent-kafka installed?); see "
                    + workDir.resolve("kafka_peer.log"));
        }
        return peer;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
