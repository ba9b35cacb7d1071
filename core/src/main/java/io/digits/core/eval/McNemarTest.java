package io.digits.core.eval;

/**
 * McNemar's test of two classifiers on the same labelled records: only the records exactly one of them got right
 * count ({@code onlyA}: A right and B wrong; {@code onlyB}: the reverse). Under the hypothesis of equal accuracy each
 * of those is A's or B's with probability 1/2. With fewer than {@value #EXACT_BELOW} of them the p-value is the
 * exact two-sided binomial one; from there on the chi-square statistic with Edwards' continuity correction,
 * {@code (|b - c| - 1)^2 / (b + c)} on one degree of freedom.
 *
 * @param onlyA     records A classified right and B wrong
 * @param onlyB     records B classified right and A wrong
 * @param exact     whether {@link #pValue} is the exact binomial one
 * @param statistic the chi-square statistic (NaN for the exact test)
 * @param pValue    the two-sided p-value
 */
public record McNemarTest(long onlyA, long onlyB, boolean exact, double statistic, double pValue) {
    /** Discordant counts below this use the exact binomial test. */
    public static final int EXACT_BELOW = 25;

    public static McNemarTest of(long onlyA, long onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts cannot be negative: " + onlyA + ", " + onlyB);
        }
        long n = onlyA + onlyB;
        if (n < EXACT_BELOW) {
            return new McNemarTest(onlyA, onlyB, true, Double.NaN, exactPValue(Math.min(onlyA, onlyB), n));
        }
        double d = Math.abs(onlyA - onlyB) - 1.0;
        double chi2 = Math.max(0, d) * Math.max(0, d) / n;
        return new McNemarTest(onlyA, onlyB, false, chi2, Math.min(1, erfc(Math.sqrt(chi2 / 2))));
    }

    /** Whether the difference is significant at level {@code alpha} (e.g. 0.05). */
    public boolean significant(double alpha) {
        return pValue < alpha;
    }

    /** {@code 2 P(X <= k)} for X ~ Binomial(n, 1/2), at most 1; summed in log space, so any n works. */
    static double exactPValue(long k, long n) {
        if (n == 0) {
            return 1;
        }
        double logHalfN = n * Math.log(0.5);
        double logTerm = logHalfN; // log C(n, 0) 0.5^n
        double sum = Math.exp(logTerm);
        for (long i = 1; i <= k; i++) {
            logTerm += Math.log((double) (n - i + 1) / i);
            sum += Math.exp(logTerm);
        }
        return Math.min(1, 2 * sum);
    }

    /**
     * The complementary error function, by the Chebyshev fit of Numerical Recipes' {@code erfcc} (relative error
     * below 1.2e-7 everywhere): the chi-square(1) survival function is {@code erfc(sqrt(x / 2))}.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
