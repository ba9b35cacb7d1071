package io.digits.core.eval;

import io.digits.core.model.ClassMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a challenger version may replace an incumbent, judged on the same labelled records (issue 16): the
 * challenger (a candidate scored beside the live model, or the model a promotion replaced, for a rollback) must
 *
 * <ol>
 *   <li>have seen at least {@code minLabelled} labelled records, and is judged once, there: a verdict taken again at
 *       every new record would, by chance alone, sooner or later cross any fixed bound (the peeking problem), so
 *       the number of records is fixed in advance, as in a fixed-horizon test;</li>
 *   <li>beat the incumbent's accuracy by more than {@code margin} with confidence {@code 1 - alpha}: the lower
 *       one-sided bound of the paired accuracy difference {@code d = (c - b) / n} must exceed the margin, where
 *       {@code b} records only the incumbent got right and {@code c} only the challenger, with the variance of
 *       the paired difference {@code (b + c - (c - b)^2 / n) / n^2} (the Wald bound of the statistic McNemar's test
 *       is built on; at the hundreds to thousands of records it is applied to, the normal approximation holds);</li>
 *   <li>lose no digit: on every digit with at least {@code minPerDigit} labelled records, its recall may fall at
 *       most {@code maxDigitDrop} below the incumbent's (a better average bought with one digit read much worse
 *       is not an improvement users of that digit would accept).</li>
 * </ol>
 *
 * @param minLabelled  labelled records the verdict is taken at
 * @param margin       the accuracy gain required beyond the bound, as a share (0.002 = 0.2 points)
 * @param alpha        one-sided error rate of the bound (0.05: a 95% lower bound)
 * @param maxDigitDrop the largest fall of one digit's recall accepted, as a share
 * @param minPerDigit  labelled records of a digit below which its recall is not judged
 */
public record PromotionPolicy(long minLabelled, double margin, double alpha, double maxDigitDrop, long minPerDigit) {
    /** The labelled records {@link #standard()} judges at. */
    public static final long STANDARD_LABELLED = 2_000;

    /**
     * 2,000 labelled records (about 200 a digit), a gain beyond 0 at 95% (one-sided), no digit 3 points worse
     * (judged from 100 records of it). At 200 records, one standard error of the difference of two recalls near
     * 98-99% is 1.0-1.4 points (counted as independent, which the paired records are not, so at most that): a fall
     * of 3 points is two to three of them, a real loss rather than noise.
     */
    public static PromotionPolicy standard() {
        return new PromotionPolicy(STANDARD_LABELLED, 0.0, 0.05, 0.03, 100);
    }

    /** This policy, judging at {@code labelled} records. */
    public PromotionPolicy withMinLabelled(long labelled) {
        return new PromotionPolicy(labelled, margin, alpha, maxDigitDrop, minPerDigit);
    }

    public PromotionPolicy {
        if (minLabelled < 1) {
            throw new IllegalArgumentException("the verdict needs at least one labelled record, got " + minLabelled);
        }
        if (margin < 0 || margin >= 1) {
            throw new IllegalArgumentException("the margin must be in 0..1, got " + margin);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
        if (maxDigitDrop < 0 || maxDigitDrop >= 1) {
            throw new IllegalArgumentException("the largest digit drop must be in 0..1, got " + maxDigitDrop);
        }
        if (minPerDigit < 1) {
            throw new IllegalArgumentException("minPerDigit must be at least 1, got " + minPerDigit);
        }
    }

    /** What the policy says. */
    public enum Decision {
        /** Too few labelled records yet. */
        WAIT,
        /** The challenger replaces the incumbent. */
        PROMOTE,
        /** The challenger stays out. */
        KEEP
    }

    /**
     * The verdict and why, in one line.
     *
     * @param decision   what to do
     * @param labelled   records both versions scored with a label
     * @param difference the challenger's accuracy minus the incumbent's on them
     * @param lowerBound the one-sided lower confidence bound of that difference
     * @param worstDigit the digit whose recall fell the most (-1 if none was judged)
     * @param worstDrop  by how much (negative: it rose)
     * @param reason     the line to log
     */
    public record Verdict(Decision decision, long labelled, double difference, double lowerBound, int worstDigit,
                          double worstDrop, String reason) {
    }

    /**
     * Judges {@code challenger} against {@code incumbent}: their confusion matrices on the same labelled records, and
     * how many of those only the incumbent and only the challenger got right.
     */
    public Verdict judge(ConfusionMatrix incumbent, ConfusionMatrix challenger, long onlyIncumbentRight,
                         long onlyChallengerRight) {
        long n = incumbent.total();
        if (challenger.total() != n) {
            throw new IllegalArgumentException("the versions were not judged on the same records: " + n + " and "
                    + challenger.total() + " labelled");
        }
        if (onlyIncumbentRight < 0 || onlyChallengerRight < 0 || onlyIncumbentRight + onlyChallengerRight > n) {
            throw new IllegalArgumentException("discordant counts " + onlyIncumbentRight + " and " + onlyChallengerRight
                    + " do not fit " + n + " records");
        }
        if (n < minLabelled) {
            return new Verdict(Decision.WAIT, n, Double.NaN, Double.NaN, -1, Double.NaN,
                    String.format(Locale.ROOT, "waiting: %d of %d labelled records", n, minLabelled));
        }
        double b = onlyIncumbentRight;
        double c = onlyChallengerRight;
        double d = (c - b) / n;
        double variance = Math.max(0, (b + c - (c - b) * (c - b) / n)) / ((double) n * n);
        double lower = d - normalQuantile(1 - alpha) * Math.sqrt(variance);

        List<ClassMetrics> before = incumbent.perClass();
        List<ClassMetrics> after = challenger.perClass();
        int worstDigit = -1;
        double worstDrop = Double.NEGATIVE_INFINITY;
        for (int digit = 0; digit < before.size(); digit++) {
            if (before.get(digit).support() < minPerDigit) {
                continue;
            }
            double drop = before.get(digit).recall() - after.get(digit).recall();
            if (drop > worstDrop) {
                worstDrop = drop;
                worstDigit = digit;
            }
        }
        String figures = String.format(Locale.ROOT,
                "%d labelled: accuracy %+.2f points (only the incumbent right %d, only the challenger %d), %.0f%% lower"
                        + " bound %+.2f points against a margin of %.2f", n, 100 * d, onlyIncumbentRight,
                onlyChallengerRight, 100 * (1 - alpha), 100 * lower, 100 * margin);
        String digits = worstDigit < 0 ? "no digit judged"
                : String.format(Locale.ROOT, "worst digit %d %+.2f points (limit -%.2f)", worstDigit, -100 * worstDrop,
                        100 * maxDigitDrop);
        if (worstDigit >= 0 && worstDrop > maxDigitDrop) {
            return new Verdict(Decision.KEEP, n, d, lower, worstDigit, worstDrop,
                    "keep: digit " + worstDigit + " fell too far; " + figures + "; " + digits);
        }
        if (lower <= margin) {
            return new Verdict(Decision.KEEP, n, d, lower, worstDigit, worstDrop,
                    "keep: not better beyond the margin; " + figures + "; " + digits);
        }
        return new Verdict(Decision.PROMOTE, n, d, lower, worstDigit, worstDrop, "promote: " + figures + "; " + digits);
    }

    /**
     * The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9), for the
     * one-sided bound's {@code 1 - alpha}.
     */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
