package io.digits.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureDistributionTest {
    private static final List<Double> EDGES = List.of(1.0, 2.0, 3.0);

    @Test
    void aValueFallsInTheBinOfTheEdgesAtOrBelowIt() {
        assertThat(FeatureDistribution.bin(EDGES, -5)).isZero();
        assertThat(FeatureDistribution.bin(EDGES, 0.99)).isZero();
        assertThat(FeatureDistribution.bin(EDGES, 1.0)).isEqualTo(1);
        assertThat(FeatureDistribution.bin(EDGES, 2.5)).isEqualTo(2);
        assertThat(FeatureDistribution.bin(EDGES, 3.0)).isEqualTo(3);
        assertThat(FeatureDistribution.bin(EDGES, 1e9)).isEqualTo(3);
    }

    @Test
    void sharesFromCountsAndThePsiOfCountsAgainstThem() {
        FeatureDistribution reference = FeatureDistribution.of(EDGES, new long[] {10, 20, 30, 40});
        assertThat(reference.shares()).containsExactly(0.1, 0.2, 0.3, 0.4);
        assertThat(reference.psi(new int[] {1, 2, 3, 4}, 10)).isCloseTo(0, within(1e-12));
        // all in the last bin: (1 - 0.4) ln(1 / 0.4) + the three emptied bins at the epsilon share
        double expected = 0.6 * Math.log(1 / 0.4);
        for (double e : new double[] {0.1, 0.2, 0.3}) {
            expected += (PopulationStability.EPSILON - e) * Math.log(PopulationStability.EPSILON / e);
        }
        assertThat(reference.psi(new int[] {0, 0, 0, 5}, 5)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void malformedDistributionsAreRefusedInOneLine() {
        assertThatThrownBy(() -> new FeatureDistribution(EDGES, List.of(0.5, 0.5)))
                .hasMessage("2 shares for 3 edges, expected 4");
        assertThatThrownBy(() -> new FeatureDistribution(List.of(2.0, 1.0), List.of(0.2, 0.3, 0.5)))
                .hasMessage("bin edges not increasing: [2.0, 1.0]");
        assertThatThrownBy(() -> new FeatureDistribution(List.of(1.0), List.of(0.2, 0.2)))
                .hasMessage("shares sum to 0.4, not 1");
        assertThatThrownBy(() -> new FeatureDistribution(List.of(1.0), List.of(-0.2, 1.2)))
                .hasMessage("share -0.2 outside 0..1");
        assertThatThrownBy(() -> FeatureDistribution.of(EDGES, new long[4]))
                .hasMessage("no values to make a distribution of");
    }
}
