package io.digits.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.record.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python PyTorch peer ({@code infer_peer.py}) as a child process, driven one command line at a time, so its
 * measurements interleave with ours in the same rounds.
 */
final class PythonPeer implements AutoCloseable {
    static final String DEFAULT_PYTHON = "/usr/bin/python3";

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final String torchVersion;

    private PythonPeer(Process process) throws IOException {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.torchVersion = command("info").path("torch").asText();
    }

    /** Starts the peer with {@code python}; fails with one line when Python or its torch is missing. */
    static PythonPeer start(String python, Path workDir) throws IOException {
        Path script = PythonScripts.extract(workDir, "infer_peer.py");
        Process process = new ProcessBuilder(python, script.toString())
                .redirectError(workDir.resolve("infer_peer.log").toFile())
                .start();
        try {
            return new PythonPeer(process);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException("the Python peer did not start (" + python + " with torch; apt-get install python3-torch); see "
                    + workDir.resolve("infer_peer.log"), e);
        }
    }

    String torchVersion() {
        return torchVersion;
    }

    JsonNode command(String line) throws IOException {
        in.write(line);
        in.newLine();
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("the Python peer exited (after: " + line + ")");
        }
        JsonNode node = Json.mapper().readTree(answer);
        if (node.has("error")) {
            throw new IOException("the Python peer refused '" + line + "': " + node.get("error").asText());
        }
        return node;
    }

    /** Probabilities the peer computes for these images. */
    float[][] classify(float[][] images, Path workDir) throws IOException {
        Path file = workDir.resolve("peer-images.f32");
        float[] flat = new float[images.length * images[0].length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, flat, i * images[i].length, images[i].length);
        }
        Files.write(file, WeightsFile.littleEndian(flat));
        JsonNode rows = command("classify " + file).get("probabilities");
        float[][] probabilities = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            probabilities[i] = new float[rows.get(i).size()];
            for (int c = 0; c < probabilities[i].length; c++) {
                probabilities[i][c] = (float) rows.get(i).get(c).asDouble();
            }
        }
        return probabilities;
    }

    /** The peer classifying batches of {@code batch} with {@code threads} torch threads. */
    Workload inference(int batch, int threads) {
        return new Workload() {
            @Override
            public String name() {
                return inferenceName(batch, threads);
            }

            @Override
            public Sample measure(double seconds) throws IOException {
                command("threads " + threads);
                JsonNode result = command("infer " + batch + " " + seconds);
                return new Sample(result.get("images").asDouble(), result.get("seconds").asDouble(),
                        result.get("cpuSeconds").asDouble());
            }
        };
    }

    static String inferenceName(int batch, int threads) {
        return "python batch " + batch + ", " + threads + " torch thread" + (threads > 1 ? "s" : "");
    }

    @Override
    public void close() throws InterruptedException, IOException {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
