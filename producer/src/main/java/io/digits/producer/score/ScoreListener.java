package io.digits.producer.score;

import io.digits.core.record.Prediction;
import java.util.OptionalLong;

/** Hears how scoring goes: the CLI shows live accuracy on a progress bar. */
public interface ScoreListener {
    ScoreListener SILENT = new ScoreListener() {
    };

    /** Scoring starts; {@code expected} records will be read, if known. */
    default void started(OptionalLong expected) {
    }

    /** Each prediction as it is read (the demo collects the misclassified ones). */
    default void prediction(Prediction prediction) {
    }

    /** After each poll: the tally so far. */
    default void progress(ScoreTally tally) {
    }

    /** A record on the predictions topic could not be read as a prediction. */
    default void unreadable(String topic, int partition, long offset, String problem) {
    }

    default void finished(ScoreReport report) {
    }
}
