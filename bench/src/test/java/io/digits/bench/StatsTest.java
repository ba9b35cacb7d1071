package io.digits.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void summarisesMedianMinAndMax() {
        assertThat(Stats.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Stats(2.0, 1.0, 3.0, 3));
        assertThat(Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
        assertThat(Stats.of(List.of(2.0)).scaled(10).max()).isEqualTo(20.0);
        assertThatThrownBy(() -> Stats.of(List.of())).hasMessageContaining("no measurements");
    }

    @Test
    void takesRatiosRoundByRound() {
        Measurements m = new Measurements(Map.of(
                "ours", List.of(new Sample(200, 1, 2), new Sample(90, 1, 1), new Sample(400, 2, 4)),
                "theirs", List.of(new Sample(100, 1, 2), new Sample(30, 1, 1), new Sample(100, 1, 1))));
        // rounds: 200/100, 90/30, 200/100 -> 2, 3, 2
        assertThat(m.ratio("ours", "theirs")).isEqualTo(new Stats(2.0, 2.0, 3.0, 3));
        assertThat(m.perCpuSecond("ours").median()).isEqualTo(100.0);
        assertThatThrownBy(() -> m.stats("nobody")).hasMessageContaining("not measured");
    }
}
