package io.digits.trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSprop as Keras computes it (DJL's own {@code Optimizer.rmsprop()} is not implemented on PyTorch):
 *
 * <pre>
 *   ms = rho * ms + (1 - rho) * g^2
 *   w  = w - lr * g / (sqrt(ms) + epsilon)
 * </pre>
 *
 * with Keras' defaults lr 0.001, rho 0.9 and epsilon 1e-7 (tf.keras' value; the epsilon sits outside the
 * square root, as in Keras). Every update works in place on the weight and its mean square; temporaries
 * are closed at once, so nothing accumulates over a run.
 *
 * <p>DJL's parameter server hands an optimizer a copy of the gradient and, unlike its built-in PyTorch
 * optimizers, does not zero the parameter's real gradient for a custom one; PyTorch adds every backward
 * pass to it. This optimizer zeroes it after the update, so each step sees only its own batch.
 */
public final class KerasRmsProp extends Optimizer {
    public static final float DEFAULT_LEARNING_RATE = 0.001f;
    public static final float DEFAULT_RHO = 0.9f;
    public static final float DEFAULT_EPSILON = 1e-7f;

    private final ParameterTracker learningRate;
    private final float rho;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> meanSquares = new ConcurrentHashMap<>();

    private KerasRmsProp(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.rho = builder.rho;
        this.epsilon = builder.epsilon;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int step = updateCount(parameterId);
        float lr = learningRate.getNewValue(parameterId, step);
        NDArray meanSquare = withDefaultState(meanSquares, parameterId, weight.getDevice(), k -> weight.zerosLike());
        try (NDArray squared = grad.square()) {
            meanSquare.muli(rho).addi(squared.muli(1 - rho));
        }
        try (NDArray denominator = meanSquare.sqrt()) {
            denominator.addi(epsilon);
            try (NDArray delta = grad.div(denominator)) {
                weight.subi(delta.muli(lr));
            }
        }
        if (weight.hasGradient()) {
            try (NDArray realGradient = weight.getGradient()) {
                realGradient.subi(realGradient);
            }
        }
    }

    /** Closes the optimizer's state arrays (they live outside any manager). */
    public void closeState() {
        meanSquares.values().forEach(perDevice -> perDevice.values().forEach(NDArray::close));
        meanSquares.clear();
    }

    /** Builds a {@link KerasRmsProp}; unset values are Keras' defaults. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate = Tracker.fixed(DEFAULT_LEARNING_RATE);
        private float rho = DEFAULT_RHO;
        private float epsilon = DEFAULT_EPSILON;

        private Builder() {
        }

        public Builder optLearningRateTracker(ParameterTracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        public Builder optRho(float value) {
            this.rho = value;
            return this;
        }

        public Builder optEpsilon(float value) {
            this.epsilon = value;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public KerasRmsProp build() {
            return new KerasRmsProp(this);
        }
    }
}
