package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class KerasRmsPropTest {
    private static final float[] START = {0.5f, -1.0f, 2.0f, 0.0f};
    private static final float[] SLOPE = {0.3f, -2.0f, 0.01f, 1.5f};

    @Test
    void oneStepEqualsTheClosedFormAndZeroesTheRealGradient() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray weight = manager.create(START);
            weight.setRequiresGradient(true);
            KerasRmsProp rmsprop = KerasRmsProp.builder().build();

            step(weight, rmsprop);

            float[] after = weight.toFloatArray();
            for (int i = 0; i < START.length; i++) {
                // ms = (1 - rho) g^2; w = w - lr g / (sqrt(ms) + eps)
                double ms = (1 - 0.9) * SLOPE[i] * SLOPE[i];
                double expected = START[i] - 0.001 * SLOPE[i] / (Math.sqrt(ms) + 1e-7);
                assertThat((double) after[i]).as("weight %d", i).isCloseTo(expected, within(1e-6));
            }
            assertThat(weight.getGradient().toFloatArray()).containsOnly(0f);

            step(weight, rmsprop);

            float[] twice = weight.toFloatArray();
            for (int i = 0; i < START.length; i++) {
                // the second step sees only its own gradient (not 2g) and ms = rho * ms1 + (1 - rho) g^2
                double ms1 = 0.1 * SLOPE[i] * SLOPE[i];
                double ms2 = 0.9 * ms1 + 0.1 * SLOPE[i] * SLOPE[i];
                double expected = after[i] - 0.001 * SLOPE[i] / (Math.sqrt(ms2) + 1e-7);
                assertThat((double) twice[i]).as("weight %d after two steps", i).isCloseTo(expected, within(1e-6));
            }
            rmsprop.closeState();
        }
    }

    @Test
    void leavesNoArrayOpenAfterAThousandSteps() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray weight = manager.create(START);
            weight.setRequiresGradient(true);
            KerasRmsProp rmsprop = KerasRmsProp.builder().build();
            step(weight, rmsprop);
            int before = manager.getManagedArrays().size();

            for (int i = 0; i < 1000; i++) {
                step(weight, rmsprop);
            }

            assertThat(manager.getManagedArrays()).hasSize(before);
            rmsprop.closeState();
        }
    }

    /** A backward pass of sum(slope * w), so the gradient is the slope, then one update, as DJL's trainer does. */
    private static void step(NDArray weight, KerasRmsProp rmsprop) {
        NDManager manager = weight.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = scratch.create(SLOPE).mul(weight).sum(); // attached to scratch, closed below
                collector.backward(loss);
            }
            // DJL's parameter server: the optimizer gets a copy of the gradient
            try (NDArray gradient = weight.getGradient(); NDArray copy = gradient.duplicate()) {
                rmsprop.update("w", weight, copy);
            }
        }
    }
}
