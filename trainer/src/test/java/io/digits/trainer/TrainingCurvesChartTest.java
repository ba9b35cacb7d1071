package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingCurvesChartTest {

    @Test
    void drawsThreePanelsAndAFourthWhenTheSetsBeyondMnistWereMeasuredPerEpoch() {
        List<EpochStats> plain = List.of(epoch(1, Map.of()), epoch(2, Map.of()));
        List<EpochStats> measured = List.of(epoch(1, Map.of("uci-8x8", 0.6, "fonts", 0.8)),
                epoch(2, Map.of("uci-8x8", 0.7, "fonts", 0.9)));

        BufferedImage three = TrainingCurvesChart.render(plain, "model");
        BufferedImage four = TrainingCurvesChart.render(measured, "model");

        assertThat(four.getWidth()).isGreaterThan(three.getWidth() * 4 / 3);
        assertThat(measured.get(1).meanBeyondMnist()).isEqualTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(plain.get(1).meanBeyondMnist()).isNaN();
    }

    private static EpochStats epoch(int n, Map<String, Double> beyondMnist) {
        return new EpochStats(n, 1e-3f, 0.5 / n, 0.9, 0.4 / n, 0.95, 60, 900, 0.1, beyondMnist);
    }
}
