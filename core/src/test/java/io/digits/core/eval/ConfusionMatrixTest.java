package io.digits.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.digits.core.model.ClassMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    /** 3 classes: rows are true, columns predicted. [[5,1,0],[2,3,0],[0,0,4]]: 12 of 15 correct. */
    private static ConfusionMatrix known() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        long[][] cells = {{5, 1, 0}, {2, 3, 0}, {0, 0, 4}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (long k = 0; k < cells[i][j]; k++) {
                    m.add(i, j);
                }
            }
        }
        return m;
    }

    @Test
    void computesAccuracyAndPerClassMetricsOfAKnownMatrix() {
        ConfusionMatrix m = known();
        assertThat(m.total()).isEqualTo(15);
        assertThat(m.correct()).isEqualTo(12);
        assertThat(m.accuracy()).isCloseTo(0.8, within(1e-12));
        assertThat(m.count(1, 0)).isEqualTo(2);

        List<ClassMetrics> perClass = m.perClass();
        // class 0: precision 5/7, recall 5/6; class 1: precision 3/4, recall 3/5; class 2: 1 and 1
        assertThat(perClass.get(0).precision()).isCloseTo(5.0 / 7, within(1e-12));
        assertThat(perClass.get(0).recall()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(perClass.get(0).f1()).isCloseTo(2 * (5.0 / 7) * (5.0 / 6) / (5.0 / 7 + 5.0 / 6), within(1e-12));
        assertThat(perClass.get(1).precision()).isCloseTo(0.75, within(1e-12));
        assertThat(perClass.get(1).recall()).isCloseTo(0.6, within(1e-12));
        assertThat(perClass.get(2)).isEqualTo(new ClassMetrics(2, 1, 1, 1, 4));
        assertThat(perClass).extracting(ClassMetrics::support).containsExactly(6L, 5L, 4L);
        assertThat(m.evaluation().testAccuracy()).isEqualTo(m.accuracy());
    }

    @Test
    void anEmptyClassHasZeroMetricsNotNaN() {
        ConfusionMatrix m = new ConfusionMatrix();
        assertThat(m.accuracy()).isZero();
        m.add(3, 3);
        assertThat(m.perClass().get(7)).isEqualTo(new ClassMetrics(7, 0, 0, 0, 0));
        assertThat(m.accuracy()).isEqualTo(1.0);
    }

    @Test
    void mergeAddsCounts() {
        ConfusionMatrix a = known();
        a.merge(known());
        assertThat(a.total()).isEqualTo(30);
        assertThat(a.count(0, 1)).isEqualTo(2);
        assertThat(a.accuracy()).isCloseTo(0.8, within(1e-12));
        assertThatThrownBy(() -> a.merge(new ConfusionMatrix()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10-class");
    }

    @Test
    void refusesClassesOutOfRange() {
        ConfusionMatrix m = new ConfusionMatrix();
        assertThatThrownBy(() -> m.add(10, 0)).hasMessage("label 10 is not a class in 0..9");
        assertThatThrownBy(() -> m.add(0, -1)).hasMessage("predicted -1 is not a class in 0..9");
    }

    @Test
    void printsACompactTable() {
        String table = known().toTable();
        assertThat(table.lines()).hasSize(6);
        assertThat(table.lines().toList().get(0)).startsWith("true\\pred").endsWith("recall");
        assertThat(table.lines().toList().get(2)).isEqualTo("        1   2   3   .  0.6000");
        assertThat(table).contains("accuracy 0.8000 (12 of 15)");
    }
}
