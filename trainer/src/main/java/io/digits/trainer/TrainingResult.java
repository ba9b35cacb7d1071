package io.digits.trainer;

import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelEvaluation;
import java.util.List;

/**
 * The outcome of {@link Trainer#run}: the published artifact and what was measured on the way.
 *
 * @param artifact       the published, verified model version
 * @param evaluation     accuracy and per-class metrics on the official 10k test set
 * @param confusion      counts of (true digit, predicted digit) on the test set
 * @param history        one entry per epoch
 * @param trainImages    size of the training split
 * @param seconds        wall time of the whole run, data loading to publication
 */
public record TrainingResult(
        ModelArtifact artifact,
        ModelEvaluation evaluation,
        long[][] confusion,
        List<EpochStats> history,
        int trainImages,
        double seconds) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    public double testAccuracy() {
        return evaluation.testAccuracy();
    }
}
