package io.digits.core.eval;

import java.util.Arrays;

/**
 * What an incumbent version and a challenger made of the same labelled records: each one's confusion matrix, and how
 * many records only the incumbent got right and only the challenger, what {@link PromotionPolicy} and
 * {@link McNemarTest} judge them by. {@link #toLongs()} and {@link #fromLongs} carry it in a state store. Not
 * thread-safe.
 */
public final class PairedOutcomes {
    private static final int DIGITS = 10;
    private static final int CELLS = DIGITS * DIGITS;
    private final ConfusionMatrix incumbent;
    private final ConfusionMatrix challenger;
    private long onlyIncumbentRight;
    private long onlyChallengerRight;

    public PairedOutcomes() {
        this(new ConfusionMatrix(), new ConfusionMatrix(), 0, 0);
    }

    private PairedOutcomes(ConfusionMatrix incumbent, ConfusionMatrix challenger, long onlyIncumbentRight,
                           long onlyChallengerRight) {
        this.incumbent = incumbent;
        this.challenger = challenger;
        this.onlyIncumbentRight = onlyIncumbentRight;
        this.onlyChallengerRight = onlyChallengerRight;
    }

    /** One labelled record: its label, the incumbent's digit and the challenger's. */
    public void add(int label, int incumbentDigit, int challengerDigit) {
        incumbent.add(label, incumbentDigit);
        challenger.add(label, challengerDigit);
        boolean incumbentRight = incumbentDigit == label;
        boolean challengerRight = challengerDigit == label;
        if (incumbentRight && !challengerRight) {
            onlyIncumbentRight++;
        } else if (challengerRight && !incumbentRight) {
            onlyChallengerRight++;
        }
    }

    public long labelled() {
        return incumbent.total();
    }

    public ConfusionMatrix incumbent() {
        return incumbent;
    }

    public ConfusionMatrix challenger() {
        return challenger;
    }

    public long onlyIncumbentRight() {
        return onlyIncumbentRight;
    }

    public long onlyChallengerRight() {
        return onlyChallengerRight;
    }

    /** McNemar's test on the records only one of the two got right. */
    public McNemarTest mcNemar() {
        return McNemarTest.of(onlyIncumbentRight, onlyChallengerRight);
    }

    /** What {@code policy} says of the challenger against the incumbent. */
    public PromotionPolicy.Verdict judgedBy(PromotionPolicy policy) {
        return policy.judge(incumbent, challenger, onlyIncumbentRight, onlyChallengerRight);
    }

    /** The counts as 202 numbers: the incumbent's matrix, the challenger's (row by row), then the two discordant counts. */
    public long[] toLongs() {
        long[] out = new long[2 * CELLS + 2];
        copy(incumbent.counts(), out, 0);
        copy(challenger.counts(), out, CELLS);
        out[2 * CELLS] = onlyIncumbentRight;
        out[2 * CELLS + 1] = onlyChallengerRight;
        return out;
    }

    /** The inverse of {@link #toLongs()}. */
    public static PairedOutcomes fromLongs(long[] in) {
        if (in.length != 2 * CELLS + 2) {
            throw new IllegalArgumentException("paired outcomes are " + (2 * CELLS + 2) + " numbers, got " + in.length);
        }
        return new PairedOutcomes(matrix(in, 0), matrix(in, CELLS), in[2 * CELLS], in[2 * CELLS + 1]);
    }

    private static void copy(long[][] counts, long[] out, int from) {
        for (int i = 0; i < DIGITS; i++) {
            System.arraycopy(counts[i], 0, out, from + i * DIGITS, DIGITS);
        }
    }

    private static ConfusionMatrix matrix(long[] in, int from) {
        long[][] counts = new long[DIGITS][];
        for (int i = 0; i < DIGITS; i++) {
            counts[i] = Arrays.copyOfRange(in, from + i * DIGITS, from + (i + 1) * DIGITS);
        }
        return ConfusionMatrix.of(counts);
    }
}
