package io.digits.trainer;

/**
 * Named training recipes. {@code full} is the seed project's recipe; {@code quick} is for demos and CI:
 * it has to reach 99% on the test set in about two epochs, so it trains on the raw images (augmentation
 * pays off only over many epochs; in the first two it costs accuracy) with a larger batch, and halves the
 * learning rate for its last epoch instead of waiting three epochs for a plateau that never comes.
 */
public enum TrainingProfile {
    /** Two epochs, no augmentation, lr 0.001 then 0.0005: about 99.1% in a few minutes on two cores. */
    QUICK(2, 128, false, false, true, 0),
    /**
     * The seed's recipe: 30 epochs, augmentation, RMSprop 0.001, reduce-on-plateau; batch 128 rather than the
     * seed's 86, because on a CPU larger batches train more images per second. Beyond the seed it degrades
     * 60% of the images the way scans do ({@link ScanAugmenter}), so that it holds on digits from outside MNIST,
     * and publishes the mean of the last 10 epochs' weights (the plateau schedule has the learning rate near its
     * floor there) when it validates at least as well as the last epoch's.
     */
    FULL(30, 128, true, true, false, 10);

    private final int epochs;
    private final int batchSize;
    private final boolean augment;
    private final boolean scanAugment;
    private final boolean halveLastEpoch;
    private final int averageLastEpochs;

    TrainingProfile(int epochs, int batchSize, boolean augment, boolean scanAugment, boolean halveLastEpoch,
                    int averageLastEpochs) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.augment = augment;
        this.scanAugment = scanAugment;
        this.halveLastEpoch = halveLastEpoch;
        this.averageLastEpochs = averageLastEpochs;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Whether the seed's ImageDataGenerator augmentation is on. */
    public boolean augment() {
        return augment;
    }

    /** Whether 60% of the images are degraded the way scans degrade them ({@link ScanAugmenter}). */
    public boolean scanAugment() {
        return scanAugment;
    }

    /** Whether the last epoch runs at half the learning rate (a fixed schedule for short runs). */
    public boolean halveLastEpoch() {
        return halveLastEpoch;
    }

    /** Over how many of the last epochs' weights the published mean is taken (0 = the last epoch's weights). */
    public int averageLastEpochs() {
        return averageLastEpochs;
    }
}
