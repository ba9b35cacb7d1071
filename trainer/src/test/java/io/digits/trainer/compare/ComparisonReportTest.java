package io.digits.trainer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.image.RejectReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tally and its report on a hand-made set of records, every figure counted by hand. */
class ComparisonReportTest {

    private static ComparisonReport report() {
        ComparisonTally tally = new ComparisonTally();
        for (int i = 0; i < 80; i++) {
            tally.classified(i % 10, i % 10, i % 10); // both right
        }
        for (int i = 0; i < 12; i++) {
            tally.classified(4, 4, 9); // only A right: B reads 4 as 9
        }
        for (int i = 0; i < 2; i++) {
            tally.classified(7, 1, 7); // only B right
        }
        tally.classified(3, 5, 5); // both wrong, alike
        tally.classified(null, 2, 8); // unlabelled, read differently
        tally.rejected(RejectReason.UNDECODABLE);
        tally.rejected(RejectReason.EMPTY);
        tally.rejected(RejectReason.UNDECODABLE);
        return new ComparisonReport("digits", "v1", "v2", "images", List.of(new OffsetRange(0, 0, 100)), 99, 1.5, tally);
    }

    @Test
    void countsAgreementAndTheDiscordantPairs() {
        ComparisonReport report = report();
        ComparisonTally tally = report.tally();
        assertThat(tally.classified()).isEqualTo(96);
        assertThat(tally.labelled()).isEqualTo(95);
        assertThat(tally.pairs().correct()).isEqualTo(81);
        assertThat(tally.agreement()).isEqualTo(81 / 96.0);
        assertThat(tally.confusionA().correct()).isEqualTo(92);
        assertThat(tally.confusionB().correct()).isEqualTo(82);
        assertThat(tally.mcNemar().onlyA()).isEqualTo(12);
        assertThat(tally.mcNemar().onlyB()).isEqualTo(2);
        assertThat(tally.mcNemar().exact()).isTrue();
        assertThat(tally.rejectedByReason()).containsExactly(Map.entry(RejectReason.EMPTY, 1L),
                Map.entry(RejectReason.UNDECODABLE, 2L));
        assertThat(report.disagreements()).containsExactly(new ComparisonReport.Disagreement(4, 9, 12),
                new ComparisonReport.Disagreement(1, 7, 2), new ComparisonReport.Disagreement(2, 8, 1));
        // 2 P(X <= 2), X ~ Binomial(14, 1/2) = 2 (1 + 14 + 91) / 16384
        assertThat(tally.mcNemar().pValue()).isCloseTo(212 / 16384.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(report.verdict()).isEqualTo("A (v1) is more accurate, significant at 5%");
    }

    @Test
    void textAndJsonSayTheSame() {
        ComparisonReport report = report();
        String text = report.toText();
        assertThat(text).contains("model digits: A v1 against B v2 on images")
                .contains("  read:        99 records in 1.5 s from partition 0 offsets 0..100")
                .contains("  classified:  96; rejected 3 {empty=1, undecodable=2}")
                .contains("  agreement:   84.38% (81 of 96); 15 read differently")
                .contains("  labelled:    95 records")
                .contains("    A v1: accuracy 96.84% (92 of 95)")
                .contains("    B v2: accuracy 86.32% (82 of 95)")
                .contains("only A right 12, only B right 2: exact binomial, p = 0.0129: A (v1) is more accurate")
                .contains("read differently (A's digit->B's digit count): 4->9 12, 1->7 2, 2->8 1")
                .contains("  B as A's candidate, by the promotion policy: waiting: 95 of 2000 labelled records\n");
        Map<String, Object> json = report.toMap();
        assertThat(json.get("promotion")).isEqualTo(Map.of("decision", "wait",
                "reason", "waiting: 95 of 2000 labelled records"));
        assertThat(json.get("agreed")).isEqualTo(81L);
        assertThat(json.get("rejected")).isEqualTo(Map.of("empty", 1L, "undecodable", 2L));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) json.get("a");
        assertThat(a.get("correct")).isEqualTo(92L);
        assertThat((List<?>) a.get("accuracy95")).hasSize(2);
    }

    @Test
    void withoutLabelsThereIsNoAccuracyNorTest() {
        ComparisonTally tally = new ComparisonTally();
        tally.classified(null, 3, 3);
        ComparisonReport report = new ComparisonReport("digits", "v1", "v2", "images", List.of(), 1, 0.1, tally);
        assertThat(report.toText()).contains("labelled:    none (no label header): no accuracy, no McNemar test")
                .doesNotContain("McNemar:");
        assertThat(report.toMap()).doesNotContainKey("mcNemar");
        assertThat(report.verdict()).isEqualTo("no significant difference at 5%");
    }
}
