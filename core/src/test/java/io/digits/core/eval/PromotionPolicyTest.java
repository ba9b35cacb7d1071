package io.digits.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
    private static final PromotionPolicy POLICY = PromotionPolicy.standard();

    /** {@code support} labelled records of each digit, {@code correct[d]} of digit d read right, the rest read as d + 1. */
    private static ConfusionMatrix matrix(int support, int... correct) {
        ConfusionMatrix m = new ConfusionMatrix();
        for (int digit = 0; digit < 10; digit++) {
            for (int i = 0; i < support; i++) {
                m.add(digit, i < correct[digit] ? digit : (digit + 1) % 10);
            }
        }
        return m;
    }

    private static int[] all(int correct) {
        int[] counts = new int[10];
        Arrays.fill(counts, correct);
        return counts;
    }

    @Test
    void theOneSidedQuantilesAreTheNormalOnes() {
        assertThat(PromotionPolicy.normalQuantile(0.95)).isCloseTo(1.6448536269514722, within(1e-8));
        assertThat(PromotionPolicy.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-8));
        assertThat(PromotionPolicy.normalQuantile(0.01)).isCloseTo(-2.3263478740408408, within(1e-8));
        assertThat(PromotionPolicy.normalQuantile(0.999)).isCloseTo(3.090232306167813, within(1e-7));
    }

    @Test
    void waitsUntilTheLabelledRecordsTheVerdictIsTakenAt() {
        var verdict = POLICY.judge(matrix(199, all(190)), matrix(199, all(199)), 0, 90);
        assertThat(verdict.decision()).isEqualTo(PromotionPolicy.Decision.WAIT);
        assertThat(verdict.reason()).isEqualTo("waiting: 1990 of 2000 labelled records");
    }

    @Test
    void promotesAChallengerWhoseLowerBoundIsAboveTheMargin() {
        // 98.0% against 99.5% on 2,000: b = 10, c = 40, d = 0.015; variance (50 - 900/2000) / 2000^2, so the 95%
        // one-sided lower bound is 0.015 - 1.6449 * 0.0035196 = 0.0092108
        var verdict = POLICY.judge(matrix(200, all(196)), matrix(200, all(199)), 10, 40);
        assertThat(verdict.decision()).isEqualTo(PromotionPolicy.Decision.PROMOTE);
        assertThat(verdict.difference()).isCloseTo(0.015, within(1e-12));
        assertThat(verdict.lowerBound()).isCloseTo(0.015 - 1.6448536269514722 * Math.sqrt((50 - 0.45) / 4e6), within(1e-9));
        assertThat(verdict.lowerBound()).isCloseTo(0.0092108, within(1e-6));
        assertThat(verdict.reason()).startsWith("promote: 2000 labelled: accuracy +1.50 points (only the incumbent right 10,"
                + " only the challenger 40), 95% lower bound +0.92 points against a margin of 0.00; worst digit");
    }

    @Test
    void keepsTheIncumbentWhenTheGainIsWithinChance() {
        // 45 against 50 discordant records: d = 0.0025, lower bound 0.0025 - 1.6449 * 0.0048734 < 0
        var verdict = POLICY.judge(matrix(200, all(196)), matrix(200, 197, 196, 197, 196, 197, 196, 197, 196, 196, 196),
                45, 50);
        assertThat(verdict.decision()).isEqualTo(PromotionPolicy.Decision.KEEP);
        assertThat(verdict.lowerBound()).isNegative();
        assertThat(verdict.reason()).startsWith("keep: not better beyond the margin;");
    }

    @Test
    void aMarginRaisesTheBar() {
        PromotionPolicy strict = new PromotionPolicy(2_000, 0.01, 0.05, 0.03, 100);
        var verdict = strict.judge(matrix(200, all(196)), matrix(200, all(199)), 10, 40);
        assertThat(verdict.decision()).isEqualTo(PromotionPolicy.Decision.KEEP); // lower bound 0.92 points < 1
    }

    @Test
    void keepsTheIncumbentWhenOneDigitFallsTooFarHoweverTheAverageRises() {
        // digit 3: 196 -> 186 of 200 (5 points); the others 196 -> 199: 1977 against 1960, b = 13, c = 30, whose
        // lower bound alone (+0.31 points) would promote
        int[] challenger = all(199);
        challenger[3] = 186;
        var verdict = POLICY.judge(matrix(200, all(196)), matrix(200, challenger), 13, 30);
        assertThat(verdict.lowerBound()).isPositive();
        assertThat(verdict.decision()).isEqualTo(PromotionPolicy.Decision.KEEP);
        assertThat(verdict.worstDigit()).isEqualTo(3);
        assertThat(verdict.worstDrop()).isCloseTo(0.05, within(1e-12));
        assertThat(verdict.reason()).startsWith("keep: digit 3 fell too far;").endsWith("worst digit 3 -5.00 points (limit -3.00)");
    }

    @Test
    void aDigitWithTooFewRecordsIsNotJudged() {
        PromotionPolicy policy = new PromotionPolicy(2_000, 0.0, 0.05, 0.03, 201); // every digit has 200
        int[] challenger = all(199);
        challenger[3] = 150;
        var verdict = policy.judge(matrix(200, all(196)), matrix(200, challenger), 46, 27);
        assertThat(verdict.worstDigit()).isEqualTo(-1);
        assertThat(verdict.reason()).endsWith("no digit judged");
    }

    @Test
    void refusesCountsThatCannotBelongToTheSameRecords() {
        assertThatThrownBy(() -> POLICY.judge(matrix(200, all(196)), matrix(199, all(196)), 0, 0))
                .hasMessage("the versions were not judged on the same records: 2000 and 1990 labelled");
        assertThatThrownBy(() -> POLICY.judge(matrix(200, all(196)), matrix(200, all(196)), 1500, 600))
                .hasMessage("discordant counts 1500 and 600 do not fit 2000 records");
        assertThatThrownBy(() -> new PromotionPolicy(2_000, 0, 0.5, 0.03, 100)).hasMessage("alpha must be in (0, 0.5), got 0.5");
    }
}
