package io.digits.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityTest {
    @Test
    void theSameDistributionIsZero() {
        double[] shares = {0.1, 0.2, 0.3, 0.4};
        assertThat(PopulationStability.index(shares, shares)).isZero();
    }

    @Test
    void aWorkedExample() {
        // (0.3 - 0.5) ln(0.3/0.5) + (0.7 - 0.5) ln(0.7/0.5) = 0.1022 + 0.0673
        double psi = PopulationStability.index(new double[] {0.5, 0.5}, new double[] {0.3, 0.7});
        assertThat(psi).isCloseTo(0.2 * Math.log(0.5 / 0.3) + 0.2 * Math.log(0.7 / 0.5), within(1e-12))
                .isCloseTo(0.1695, within(1e-4));
        assertThat(PopulationStability.index(new double[] {0.3, 0.7}, new double[] {0.5, 0.5}))
                .as("symmetric").isCloseTo(psi, within(1e-12));
    }

    @Test
    void anEmptyBinCountsAtEpsilonNotInfinity() {
        double psi = PopulationStability.index(new double[] {0.5, 0.5, 0}, new double[] {0.45, 0.45, 0.1});
        double expected = 2 * (0.05 * Math.log(0.5 / 0.45))
                + (0.1 - PopulationStability.EPSILON) * Math.log(0.1 / PopulationStability.EPSILON);
        assertThat(psi).isFinite().isCloseTo(expected, within(1e-12)).isCloseTo(0.701, within(1e-3));
    }

    @Test
    void binsMustMatch() {
        assertThatThrownBy(() -> PopulationStability.index(new double[2], new double[3]))
                .hasMessage("PSI of 3 bins against 2");
    }
}
