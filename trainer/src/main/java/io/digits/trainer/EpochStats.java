package io.digits.trainer;

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
        double stalledSeconds) {
}
