package io.digits.trainer;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelEvaluation;
import java.util.List;

/**
 * The outcome of {@link Trainer#run}: the published artifact and what was measured on the way.
 *
 * @param artifact       the published, verified model version
 * @param evaluation     accuracy and per-class metrics on the official 10k test set
 * @param confusion      (true digit, predicted digit) counts on the test set
 * @param history        one entry per epoch
 * @param trainImages    size of the training split
 * @param seconds        wall time of the whole run, data loading to publication
 */
public record TrainingResult(
        ModelArtifact artifact,
        ModelEvaluation evaluation,
        ConfusionMatrix confusion,
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
