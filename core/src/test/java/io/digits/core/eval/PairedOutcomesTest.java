package io.digits.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairedOutcomesTest {
    @Test
    void countsEachVersionsMatrixAndTheRecordsOnlyOneGotRight() {
        PairedOutcomes outcomes = new PairedOutcomes();
        outcomes.add(3, 3, 3); // both right
        outcomes.add(3, 3, 5); // only the incumbent
        outcomes.add(7, 1, 7); // only the challenger
        outcomes.add(7, 1, 7);
        outcomes.add(2, 4, 5); // both wrong

        assertThat(outcomes.labelled()).isEqualTo(5);
        assertThat(outcomes.onlyIncumbentRight()).isEqualTo(1);
        assertThat(outcomes.onlyChallengerRight()).isEqualTo(2);
        assertThat(outcomes.incumbent().correct()).isEqualTo(2);
        assertThat(outcomes.challenger().correct()).isEqualTo(3);
        assertThat(outcomes.challenger().count(7, 7)).isEqualTo(2);
        assertThat(outcomes.mcNemar()).isEqualTo(McNemarTest.of(1, 2));
    }

    @Test
    void travelsAsNumbersAndComesBackTheSame() {
        PairedOutcomes outcomes = new PairedOutcomes();
        for (int i = 0; i < 500; i++) {
            outcomes.add(i % 10, (i * 7) % 10, i % 13 == 0 ? (i + 1) % 10 : i % 10);
        }
        PairedOutcomes back = PairedOutcomes.fromLongs(outcomes.toLongs());

        assertThat(back.toLongs()).isEqualTo(outcomes.toLongs());
        assertThat(back.incumbent().counts()).isEqualTo(outcomes.incumbent().counts());
        assertThat(back.judgedBy(PromotionPolicy.standard().withMinLabelled(400)))
                .isEqualTo(outcomes.judgedBy(PromotionPolicy.standard().withMinLabelled(400)));
        assertThatThrownBy(() -> PairedOutcomes.fromLongs(new long[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
