package io.digits.producer.score;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ClassMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * What the predictions say about the pipeline: accuracy, confusion, latency, dead letters and
 * low-confidence counts, per model version.
 *
 * @param predictions       predictions read
 * @param deadLetters       dead letters read
 * @param unreadable        records on the predictions topic that were not valid predictions
 * @param lowConfidence     predictions under the review threshold
 * @param confusion         true label against predicted digit, labelled predictions only
 * @param predictLatency    predictedAt minus the input record timestamp, ms
 * @param liveLatency       time the scorer read a prediction minus the input record timestamp, ms,
 *                          for predictions made while it ran (includes commit and fetch delays)
 * @param appendLatency     the prediction record's timestamp minus the input record timestamp, ms, when
 *                          the predictions topic stamps records with LogAppendTime (the moment the broker
 *                          wrote the prediction); empty otherwise, as Kafka Streams keeps the input's
 *                          timestamp on what it writes
 * @param models            one entry per model version, by name
 * @param deadLetterReasons dead letters by {@code digits.reason}
 * @param csvDigits         predicted digit by CSV file name and ImageId, for unlabelled CSV rows
 * @param predictionSpanSeconds time from the first to the last prediction made
 * @param expected          what {@code --expect} asked for
 * @param timedOut          whether scoring stopped at {@code --timeout} before it was complete
 */
public record ScoreReport(long predictions, long deadLetters, long unreadable, long lowConfidence,
                          ConfusionMatrix confusion, Percentiles predictLatency, Percentiles liveLatency,
                          Percentiles appendLatency,
                          List<ModelScore> models, Map<String, Long> deadLetterReasons,
                          Map<String, SortedMap<Integer, Integer>> csvDigits, double predictionSpanSeconds,
                          OptionalLong expected, boolean timedOut) {

    /** Predictions, dead letters and unreadable records: what {@code --expect} counts. */
    public long seen() {
        return predictions + deadLetters + unreadable;
    }

    public long labelled() {
        return confusion.total();
    }

    /** Accuracy over the labelled predictions, NaN without any. */
    public double accuracy() {
        return labelled() == 0 ? Double.NaN : confusion.accuracy();
    }

    public List<ClassMetrics> perDigit() {
        return confusion.perClass();
    }

    /** The report as the {@code score} command prints it. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        line(out, "records", "%d predictions, %d dead letters%s%s", predictions, deadLetters,
                unreadable > 0 ? ", " + unreadable + " unreadable" : "",
                expected.isPresent() ? " (expected " + expected.getAsLong() + (timedOut ? ", timed out)" : ")")
                        : timedOut ? " (timed out)" : "");
        if (labelled() > 0) {
            line(out, "accuracy", "%.2f%% (%d of %d labelled predictions)", 100 * accuracy(), confusion.correct(),
                    labelled());
        } else {
            line(out, "accuracy", "n/a: no labelled predictions (produce with --labels)");
        }
        line(out, "low confidence", "%d (%s of predictions)", lowConfidence, percent(lowConfidence, predictions));
        line(out, "dead letters", "%d%s", deadLetters, deadLetterReasons.isEmpty() ? "" : " ("
                + deadLetterReasons.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")");
        line(out, "latency ms", "%s  (predictedAt - input record timestamp, %d predictions)",
                predictLatency.describe(), predictLatency.count());
        if (liveLatency.count() > 0) {
            line(out, "", "%s  (read by score - input record timestamp, %d predictions made while scoring)",
                    liveLatency.describe(), liveLatency.count());
        }
        if (appendLatency.count() > 0) {
            line(out, "", "%s  (prediction written to the topic - input record timestamp, LogAppendTime, %d predictions)",
                    appendLatency.describe(), appendLatency.count());
        }
        if (predictionSpanSeconds > 0) {
            line(out, "prediction rate", "%.0f/s (%d predictions made over %.1f s)",
                    predictions / predictionSpanSeconds, predictions, predictionSpanSeconds);
        }
        if (!models.isEmpty()) {
            out.append("\nby model version\n");
            out.append(String.format(Locale.ROOT, "  %-28s %11s %9s %9s %9s %7s %7s%n", "version", "predictions",
                    "labelled", "accuracy", "low-conf", "p50 ms", "p99 ms"));
            for (ModelScore m : models) {
                out.append(String.format(Locale.ROOT, "  %-28s %11d %9d %9s %9d %7d %7d%n", m.model(), m.predictions(),
                        m.labelled(), m.labelled() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * m.accuracy()),
                        m.lowConfidence(), m.latency().p50(), m.latency().p99()));
            }
        }
        if (labelled() > 0) {
            out.append("\nper digit  precision  recall      f1  support\n");
            for (ClassMetrics c : perDigit()) {
                out.append(String.format(Locale.ROOT, "  %d        %9.4f %7.4f %7.4f %8d%n", c.digit(), c.precision(),
                        c.recall(), c.f1(), c.support()));
            }
            out.append("\nconfusion matrix (rows: true digit, columns: predicted)\n").append(confusion.toTable());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String format, Object... args) {
        out.append(String.format(Locale.ROOT, "%-16s", name)).append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }
}
