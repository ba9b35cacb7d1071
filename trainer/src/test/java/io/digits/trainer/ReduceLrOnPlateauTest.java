package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected rates worked out by hand from Keras' ReduceLROnPlateau(monitor=val_acc, patience=3, factor=0.5, min_lr=1e-5). */
class ReduceLrOnPlateauTest {

    @Test
    void keepsTheRateWhileTheMetricImproves() {
        assertThat(rates(0.001f, 0.90, 0.95, 0.97, 0.98, 0.985, 0.99))
                .containsExactly(0.001f, 0.001f, 0.001f, 0.001f, 0.001f, 0.001f);
    }

    @Test
    void halvesAfterThreeEpochsWithoutImprovementAndWaitsAgain() {
        // best 0.99 at epoch 1; epochs 2, 3, 4 do not beat it -> halve after epoch 4; wait restarts
        assertThat(rates(0.001f, 0.99, 0.98, 0.99, 0.985, 0.97, 0.98, 0.975, 0.97))
                .containsExactly(0.001f, 0.001f, 0.001f, 0.0005f, 0.0005f, 0.0005f, 0.00025f, 0.00025f);
    }

    @Test
    void anImprovementSmallerThanMinDeltaDoesNotCount() {
        // gains of under 1e-4 over the best (Keras' min_delta) are no improvement: three of them reduce the rate
        assertThat(rates(0.001f, 0.99, 0.99005, 0.99009, 0.99002))
                .containsExactly(0.001f, 0.001f, 0.001f, 0.0005f);
    }

    @Test
    void anImprovementResetsTheWait() {
        assertThat(rates(0.001f, 0.99, 0.98, 0.98, 0.995, 0.98, 0.98, 0.98))
                .containsExactly(0.001f, 0.001f, 0.001f, 0.001f, 0.001f, 0.001f, 0.0005f);
    }

    @Test
    void neverGoesBelowTheMinimum() {
        List<Float> rates = rates(0.00003f, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9);
        // 3e-5 -> 1.5e-5 after epoch 4 -> 1e-5 (floored, not 7.5e-6) after epoch 7 -> stays
        assertThat(rates.get(3)).isEqualTo(0.000015f);
        assertThat(rates.get(6)).isEqualTo(0.00001f);
        assertThat(rates.get(9)).isEqualTo(0.00001f);
    }

    /** The learning rate after each epoch's report. */
    private static List<Float> rates(float initial, double... validationAccuracy) {
        ReduceLrOnPlateau plateau = ReduceLrOnPlateau.seed(initial);
        List<Float> rates = new ArrayList<>();
        for (double accuracy : validationAccuracy) {
            plateau.epochEnded(accuracy);
            rates.add(plateau.getNewValue(0));
        }
        return rates;
    }
}
