package io.digits.core.drift;

/**
 * The population stability index (PSI) of two distributions over the same bins:
 * {@code sum over bins of (actual - expected) * ln(actual / expected)}, with every share first raised to at least
 * {@link #EPSILON}, so an empty bin on either side counts as a share of 1 in 10,000 instead of making the index
 * infinite. 0 means the same distribution; the usual reading is below 0.1 no shift, 0.1-0.25 a moderate one, above
 * 0.25 a significant one.
 */
public final class PopulationStability {
    /** The least share a bin counts with (1e-4: one image in 10,000). */
    public static final double EPSILON = 1e-4;

    private PopulationStability() {
    }

    /** The PSI of {@code actual} against {@code expected}, both shares (summing to 1) over the same bins. */
    public static double index(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("PSI of " + actual.length + " bins against " + expected.length);
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], EPSILON);
            double a = Math.max(actual[i], EPSILON);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
