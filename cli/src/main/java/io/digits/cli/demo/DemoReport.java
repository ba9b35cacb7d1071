package io.digits.cli.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.digits.core.record.Json;
import java.util.Locale;
import java.util.Map;

/**
 * What one demo run measured; every figure comes from this run.
 *
 * @param images           MNIST test images sent
 * @param injectedBad      corrupt records sent
 * @param predictions      predictions read back (read_committed)
 * @param deadLetters      dead letters read back
 * @param deadLetterReasons dead letters by reason code
 * @param accuracy         streamed accuracy over the labelled predictions
 * @param offlineAccuracy  the same model on the same images, classified in-process
 * @param accuracyMatches  whether the two are equal (same correct count out of the same images)
 * @param imagesPerSecond  records accounted for per second, from the first send to the last record read
 * @param latencyMs        end-to-end latency: input record timestamp to the prediction being readable downstream
 * @param modelVersion     the model that made the predictions
 * @param trainedFirst     whether the demo had to train the quick profile first
 * @param seconds          the pipeline part of the run (send, classify, read back)
 * @param bootstrap        the cluster used
 * @param pictures         the pictures written, by name
 */
public record DemoReport(long images, long injectedBad, long predictions, long deadLetters,
                         Map<String, Long> deadLetterReasons, double accuracy, double offlineAccuracy,
                         boolean accuracyMatches, double imagesPerSecond, Latency latencyMs, String modelVersion,
                         boolean trainedFirst, double seconds, String bootstrap, Map<String, String> pictures) {

    /** Latency percentiles in milliseconds. */
    public record Latency(long p50, long p95, long p99) {
    }

    /** Whether every record that went in came out as a prediction or a dead letter. */
    public boolean accountedFor() {
        return predictions + deadLetters == images + injectedBad;
    }

    /** The report as one JSON object (one line). */
    public String toJson() {
        try {
            Map<String, Object> json = new java.util.LinkedHashMap<>(Json.mapper().convertValue(this,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            json.put("accountedFor", accountedFor());
            return Json.mapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the demo report as JSON", e);
        }
    }

    /** The report for a person. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("demo report\n");
        row(out, "records in", "%d images + %d corrupt = %d", images, injectedBad, images + injectedBad);
        row(out, "records out", "%d predictions + %d dead letters = %d  %s", predictions, deadLetters,
                predictions + deadLetters, accountedFor() ? "(every record accounted for)" : "(RECORDS MISSING)");
        if (!deadLetterReasons.isEmpty()) {
            row(out, "dead letters", "%s", deadLetterReasons);
        }
        row(out, "accuracy", "%.2f%% streamed, %.2f%% offline on the same images: %s", 100 * accuracy,
                100 * offlineAccuracy, accuracyMatches ? "equal" : "DIFFERENT");
        row(out, "throughput", "%.0f records/s (%.1f s from first send to last record read)", imagesPerSecond, seconds);
        row(out, "latency", "p50 %d ms, p95 %d ms, p99 %d ms (input timestamp to readable downstream; "
                + "all images sent at once)", latencyMs.p50(), latencyMs.p95(), latencyMs.p99());
        row(out, "model", "%s%s", modelVersion, trainedFirst ? " (trained by this demo, quick profile)" : "");
        row(out, "cluster", "%s", bootstrap);
        pictures.forEach((name, path) -> row(out, name, "%s", path));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String format, Object... args) {
        out.append(String.format(Locale.ROOT, "  %-13s ", name + ":")).append(String.format(Locale.ROOT, format, args))
                .append('\n');
    }
}
