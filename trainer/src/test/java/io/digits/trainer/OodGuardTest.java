package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.model.SetMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The publish guard's rule on made-up figures: the mean over the common sets, a margin in percentage points. */
class OodGuardTest {

    private static Map<String, SetMetrics> figures(double... accuracies) {
        Map<String, SetMetrics> out = new LinkedHashMap<>();
        for (int i = 0; i < accuracies.length; i++) {
            out.put("set" + i, new SetMetrics(1000, accuracies[i], Collections.nCopies(10, accuracies[i])));
        }
        return out;
    }

    @Test
    void aMeanDropBeyondTheMarginIsARegressionNamingTheSetsThatFell() {
        OodGuard.Verdict verdict = OodGuard.check(figures(0.90, 0.60, 0.95), figures(0.91, 0.90, 0.95), "v1", 2.0);

        assertThat(verdict.regressed()).isTrue();
        assertThat(verdict.fallenSets()).containsExactly("set1");
        assertThat(verdict.message()).contains("81.7%", "92.0%", "v1", "-10.3 points", "margin 2.0",
                "set1 60.0% (was 90.0%)").doesNotContain("\n");
    }

    @Test
    void aDropWithinTheMarginOrAnImprovementPasses() {
        assertThat(OodGuard.check(figures(0.89, 0.88), figures(0.90, 0.90), "v1", 2.0).regressed()).isFalse();
        assertThat(OodGuard.check(figures(0.95, 0.95), figures(0.90, 0.90), "v1", 2.0).regressed()).isFalse();
        // exactly at the margin is still allowed; a zero margin refuses any drop
        assertThat(OodGuard.check(figures(0.88), figures(0.90), "v1", 2.0).regressed()).isFalse();
        assertThat(OodGuard.check(figures(0.899), figures(0.90), "v1", 0.0).regressed()).isTrue();
    }

    @Test
    void onlySetsBothModelsHaveAreCompared() {
        Map<String, SetMetrics> candidate = figures(0.90, 0.10);
        Map<String, SetMetrics> current = figures(0.90);
        current.put("other", new SetMetrics(10, 1.0, Collections.nCopies(10, 1.0)));

        OodGuard.Verdict verdict = OodGuard.check(candidate, current, "v1", 2.0);

        assertThat(verdict.regressed()).isFalse();
        assertThat(verdict.message()).contains("over 1 sets");
        assertThat(OodGuard.check(figures(0.1), Map.of(), "v1", 2.0).regressed()).isFalse();
    }
}
