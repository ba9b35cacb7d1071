package io.digits.trainer;

import java.util.Map;

/**
 * What one epoch measured.
 *
 * @param epoch              1-based
 * @param learningRate       the rate this epoch trained with
 * @param trainLoss          mean categorical cross-entropy over the epoch's batches (dropout on, augmented)
 * @param trainAccuracy      share of training images classified right while training
 * @param validationLoss     mean loss on the held-out split (inference mode)
 * @param validationAccuracy accuracy on the held-out split
 * @param seconds            wall time of the training pass (not the validation)
 * @param imagesPerSecond    training images per second
 * @param stalledSeconds     how long training waited for the background thread's batches
 * @param beyondMnist        accuracy per set beyond MNIST's test set after this epoch, in set order (empty unless
 *                           {@code --ood-every-epoch})
 */
public record EpochStats(
        int epoch,
        float learningRate,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double seconds,
        double imagesPerSecond,
        double stalledSeconds,
        Map<String, Double> beyondMnist) {

    public EpochStats {
        beyondMnist = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(beyondMnist));
    }

    /** Mean accuracy over {@link #beyondMnist}'s sets, NaN when not measured. */
    public double meanBeyondMnist() {
        return beyondMnist.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
