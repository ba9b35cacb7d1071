package io.digits.core.eval;

/**
 * The Wilson score interval of a proportion ({@code successes} of {@code trials}): unlike the normal approximation it
 * stays inside 0..1 and keeps its coverage near 0 and 1 and for small counts, where an accuracy usually is.
 *
 * @param successes how many of the trials succeeded
 * @param trials    how many trials
 * @param lower     the interval's lower bound, 0..1
 * @param upper     the interval's upper bound, 0..1
 */
public record WilsonInterval(long successes, long trials, double lower, double upper) {
    /** The two-sided 95% normal quantile. */
    public static final double Z_95 = 1.959963984540054;

    /** The 95% interval; for no trials, 0..1. */
    public static WilsonInterval of95(long successes, long trials) {
        return of(successes, trials, Z_95);
    }

    /** The interval for the normal quantile {@code z} (1.96 for 95%). */
    public static WilsonInterval of(long successes, long trials, double z) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (trials == 0) {
            return new WilsonInterval(0, 0, 0, 1);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double scale = 1 + z2 / n;
        // at 0 and at every trial the bound is exactly 0 or 1, which floating point misses by an ulp
        double lower = successes == 0 ? 0 : Math.max(0, (centre - half) / scale);
        double upper = successes == trials ? 1 : Math.min(1, (centre + half) / scale);
        return new WilsonInterval(successes, trials, lower, upper);
    }

    /** successes / trials, 0 when there were none. */
    public double proportion() {
        return trials == 0 ? 0 : (double) successes / trials;
    }
}
