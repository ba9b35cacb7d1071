package io.digits.trainer;

import ai.djl.training.tracker.Tracker;

/**
 * Keras' {@code ReduceLROnPlateau} as a learning-rate tracker the optimizer reads. DJL's trackers only see
 * the update count, so the training loop reports the monitored metric once per epoch via
 * {@link #epochEnded(double)}, and the optimizer reads the current rate on every step.
 *
 * <p>Keras semantics (mode "max", for an accuracy): an epoch improves when the metric exceeds the best so
 * far by more than {@code minDelta}; after {@code patience} epochs without improvement the rate is
 * multiplied by {@code factor}, floored at {@code minLr}, and the wait starts again; no reduction once the
 * rate is at the floor. The seed used patience 3, factor 0.5, min lr 1e-5 on validation accuracy (Keras'
 * default minDelta 1e-4, cooldown 0).
 */
public final class ReduceLrOnPlateau implements Tracker {
    public static final int SEED_PATIENCE = 3;
    public static final float SEED_FACTOR = 0.5f;
    public static final float SEED_MIN_LR = 1e-5f;
    public static final double KERAS_MIN_DELTA = 1e-4;

    private final int patience;
    private final float factor;
    private final float minLr;
    private final double minDelta;
    private volatile float learningRate;
    private double best = Double.NEGATIVE_INFINITY;
    private int wait;

    public ReduceLrOnPlateau(float initialLr, int patience, float factor, float minLr, double minDelta) {
        if (patience < 1 || factor <= 0 || factor >= 1 || minLr < 0 || initialLr <= 0) {
            throw new IllegalArgumentException("bad plateau settings: lr " + initialLr + ", patience " + patience
                    + ", factor " + factor + ", min lr " + minLr);
        }
        this.learningRate = initialLr;
        this.patience = patience;
        this.factor = factor;
        this.minLr = minLr;
        this.minDelta = minDelta;
    }

    /** The seed's settings: patience 3, factor 0.5, min lr 1e-5, Keras' min delta. */
    public static ReduceLrOnPlateau seed(float initialLr) {
        return new ReduceLrOnPlateau(initialLr, SEED_PATIENCE, SEED_FACTOR, SEED_MIN_LR, KERAS_MIN_DELTA);
    }

    @Override
    public float getNewValue(int numUpdate) {
        return learningRate;
    }

    public float learningRate() {
        return learningRate;
    }

    /**
     * Reports an epoch's validation accuracy; returns true when this reduced the learning rate.
     */
    public boolean epochEnded(double monitored) {
        if (monitored > best + minDelta) {
            best = monitored;
            wait = 0;
            return false;
        }
        wait++;
        if (wait >= patience && learningRate > minLr) {
            learningRate = Math.max(learningRate * factor, minLr);
            wait = 0;
            return true;
        }
        return false;
    }

    /** Multiplies the rate by {@code scale} now, outside the plateau rule (a fixed schedule step). */
    public void scale(float scale) {
        learningRate = Math.max(learningRate * scale, minLr);
    }
}
