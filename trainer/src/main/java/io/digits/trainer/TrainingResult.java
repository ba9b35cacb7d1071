package io.digits.trainer;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelEvaluation;
import io.digits.core.model.OodRegression;
import io.digits.core.model.SetMetrics;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Trainer#run}: the published artifact and what was measured on the way.
 *
 * @param artifact       the published, verified model version
 * @param evaluation     accuracy and per-class metrics on the official 10k test set
 * @param confusion      (true digit, predicted digit) counts on the test set
 * @param history        one entry per epoch
 * @param trainImages    size of the training split
 * @param seconds        wall time of the whole run, data loading to publication
 * @param outOfDistribution accuracy and per-digit recall on each set beyond MNIST's test set (empty when not
 *                       evaluated)
 * @param oodRegression  set when the model was published despite the guard ({@code --allow-ood-regression})
 */
public record TrainingResult(
        ModelArtifact artifact,
        ModelEvaluation evaluation,
        ConfusionMatrix confusion,
        List<EpochStats> history,
        int trainImages,
        double seconds,
        Map<String, SetMetrics> outOfDistribution,
        OodRegression oodRegression) {

    public TrainingResult {
        history = List.copyOf(history);
        outOfDistribution = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outOfDistribution));
    }

    /** Mean accuracy over the sets beyond MNIST's test set, every set counting once (NaN when none). */
    public double meanOodAccuracy() {
        return SetMetrics.meanAccuracy(outOfDistribution);
    }

    public double testAccuracy() {
        return evaluation.testAccuracy();
    }
}
