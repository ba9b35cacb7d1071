package io.digits.producer.score;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.record.Prediction;
import io.digits.producer.source.ImageKeys;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adds up predictions and dead letters as they are read; {@link #report} takes a snapshot. Knows
 * nothing of Kafka, so the scorer, the demo and tests feed it the same way. Not thread-safe.
 */
public final class ScoreTally {
    private final long startedAt;
    private final ConfusionMatrix matrix = new ConfusionMatrix();
    private final LatencyRecorder predictLatency = new LatencyRecorder();
    private final LatencyRecorder liveLatency = new LatencyRecorder();
    private final LatencyRecorder appendLatency = new LatencyRecorder();
    private final Map<String, ModelTally> models = new TreeMap<>();
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final Map<String, SortedMap<Integer, Integer>> csvDigits = new TreeMap<>();
    private long predictions;
    private long lowConfidence;
    private long deadLetters;
    private long unreadable;
    private long firstPredictedAt = Long.MAX_VALUE;
    private long lastPredictedAt = Long.MIN_VALUE;

    /** @param startedAt when scoring started (epoch ms): predictions made later were seen live */
    public ScoreTally(long startedAt) {
        this.startedAt = startedAt;
    }

    /**
     * Counts one prediction.
     *
     * @param receivedAt when the scorer read it (epoch ms)
     */
    public void prediction(Prediction p, long receivedAt) {
        prediction(p, receivedAt, -1);
    }

    /**
     * Counts one prediction.
     *
     * @param receivedAt    when the scorer read it (epoch ms)
     * @param logAppendTime when the broker wrote it, if the topic stamps records with LogAppendTime, else -1
     */
    public void prediction(Prediction p, long receivedAt, long logAppendTime) {
        if (logAppendTime >= 0) {
            appendLatency.record(logAppendTime - p.inputTimestamp());
        }
        predictions++;
        long latency = p.predictedAt() - p.inputTimestamp();
        predictLatency.record(latency);
        if (p.predictedAt() >= startedAt) {
            liveLatency.record(receivedAt - p.inputTimestamp());
        }
        firstPredictedAt = Math.min(firstPredictedAt, p.predictedAt());
        lastPredictedAt = Math.max(lastPredictedAt, p.predictedAt());
        if (p.lowConfidence()) {
            lowConfidence++;
        }
        if (p.label() != null) {
            matrix.add(p.label(), p.digit());
        } else {
            ImageKeys.parseCsvRow(p.id()).ifPresent(row ->
                    csvDigits.computeIfAbsent(row.fileName(), f -> new TreeMap<>()).put(row.row(), p.digit()));
        }
        models.computeIfAbsent(p.model(), ModelTally::new).add(p, latency);
    }

    /** Counts one dead letter with its {@code digits.reason} header, if it had one. */
    public void deadLetter(Optional<String> reason) {
        deadLetters++;
        deadLetterReasons.merge(reason.orElse("unknown"), 1L, Long::sum);
    }

    /** Counts a record on the predictions topic that is not a valid prediction. */
    public void unreadable() {
        unreadable++;
    }

    /** Records read so far: predictions, dead letters and unreadable ones (what {@code --expect} counts). */
    public long seen() {
        return predictions + deadLetters + unreadable;
    }

    public long predictions() {
        return predictions;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public long lowConfidence() {
        return lowConfidence;
    }

    /** Accuracy over the labelled predictions so far, NaN without any. */
    public double accuracy() {
        return matrix.total() == 0 ? Double.NaN : matrix.accuracy();
    }

    /** A snapshot of the score so far. */
    public ScoreReport report(OptionalLong expected, boolean timedOut) {
        ConfusionMatrix copy = new ConfusionMatrix().merge(matrix);
        Map<String, SortedMap<Integer, Integer>> csv = new TreeMap<>();
        csvDigits.forEach((file, rows) -> csv.put(file, new TreeMap<>(rows)));
        double spanSeconds = predictions < 2 ? 0 : (lastPredictedAt - firstPredictedAt) / 1000.0;
        return new ScoreReport(predictions, deadLetters, unreadable, lowConfidence, copy,
                predictLatency.percentiles(), liveLatency.percentiles(), appendLatency.percentiles(),
                models.values().stream().map(ModelTally::score).toList(),
                new TreeMap<>(deadLetterReasons), csv, spanSeconds, expected, timedOut);
    }

    private static final class ModelTally {
        private final String model;
        private final LatencyRecorder latency = new LatencyRecorder();
        private long predictions;
        private long labelled;
        private long correct;
        private long lowConfidence;

        ModelTally(String model) {
            this.model = model;
        }

        void add(Prediction p, long latencyMillis) {
            predictions++;
            latency.record(latencyMillis);
            if (p.lowConfidence()) {
                lowConfidence++;
            }
            if (p.label() != null) {
                labelled++;
                if (p.label() == p.digit()) {
                    correct++;
                }
            }
        }

        ModelScore score() {
            return new ModelScore(model, predictions, labelled, correct, lowConfidence, latency.percentiles());
        }
    }
}
