package io.digits.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.drift.InputProfile;
import io.digits.core.model.ModelManifest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window, the gauges and the model switch, on made-up images whose features are known. */
class InputDriftMonitorTest {
    private static final int WINDOW = 100;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InputDriftMonitor monitor = new InputDriftMonitor(registry, WINDOW);

    /** A 28x28 image: a full-ink bar {@code width} pixels wide and 20 high. */
    private static float[] bar(int width) {
        float[] image = new float[784];
        for (int y = 4; y < 24; y++) {
            for (int x = 4; x < 4 + width; x++) {
                image[y * 28 + x] = 1f;
            }
        }
        return image;
    }

    private static float[] probabilities(int digit, float confidence) {
        float[] p = new float[10];
        p[digit] = confidence;
        p[(digit + 1) % 10] = 1 - confidence;
        return p;
    }

    /** A reference of 3 and 7 in equal shares, each a bar of 4 or 8 pixels, all at confidence 0.999. */
    private static ModelManifest manifest(String version, boolean withProfile) {
        InputProfile.Builder profile = InputProfile.builder("test");
        for (int i = 0; i < 1000; i++) {
            profile.add(bar(i % 2 == 0 ? 4 : 8), probabilities(i % 2 == 0 ? 3 : 7, 0.9995f));
        }
        return new ModelManifest("digits", version, "2026-11-28T00:00:00Z", "seed-cnn-v1", "mnist-com-v1",
                new long[] {1, 28, 28}, "digits-0000.params", "ab".repeat(32), 0.98, List.of(), Map.of(), Map.of(),
                null, withProfile ? profile.build() : null);
    }

    private double psi(String feature) {
        Gauge gauge = registry.find(MeterNames.DRIFT_PSI).tag(MeterNames.TAG_FEATURE, feature).gauge();
        assertThat(gauge).as("gauge for " + feature).isNotNull();
        return gauge.value();
    }

    private void observe(String version, int images, int width, int digit, double confidence) {
        for (int i = 0; i < images; i++) {
            monitor.observe(version, bar(width), digit + (i % 2) * 4, confidence);
        }
    }

    @Test
    void aGaugePerFeatureNaNUntilTheWindowIsFullThenThePsiOfTheLastImages() {
        monitor.serving(manifest("v1", true));
        assertThat(registry.find(MeterNames.DRIFT_PSI).gauges()).extracting(g -> g.getId().getTag("feature"))
                .containsExactlyInAnyOrder("digit", "confidence", "ink", "box-width", "box-height");

        observe("v1", WINDOW - 1, 4, 3, 0.9995);
        assertThat(psi("digit")).isNaN();
        observe("v1", 1, 4, 7, 0.9995);
        // 3 and 7 in equal numbers as in the reference; every bar is 4 wide where the reference has half 4, half 8
        assertThat(psi("digit")).isZero();
        assertThat(psi("confidence")).isZero();
        assertThat(psi("box-height")).isZero();
        assertThat(psi("box-width")).isGreaterThan(2);

        // a window's worth of the reference's own mix pushes the narrow bars out of the ring entirely
        for (int i = 0; i < WINDOW; i++) {
            monitor.observe("v1", bar(i % 2 == 0 ? 4 : 8), i % 2 == 0 ? 3 : 7, 0.9995);
        }
        assertThat(psi("box-width")).isZero();
        assertThat(psi("ink")).isZero();
        // then low confidence only
        observe("v1", WINDOW, 4, 3, 0.6);
        assertThat(psi("confidence")).isGreaterThan(5);
    }

    @Test
    void aNewVersionStartsAnEmptyWindowAndImagesOfTheOldOneAreNotCounted() {
        monitor.serving(manifest("v1", true));
        observe("v1", WINDOW, 4, 3, 0.6);
        assertThat(psi("confidence")).isGreaterThan(5);

        monitor.serving(manifest("v2", true));
        assertThat(psi("confidence")).isNaN();
        observe("v1", WINDOW, 4, 3, 0.6); // a thread finishing its batch with the replaced version
        assertThat(psi("confidence")).isNaN();
        observe("v2", WINDOW, 4, 3, 0.9995);
        assertThat(psi("confidence")).isZero();
        assertThat(registry.find(MeterNames.DRIFT_PSI).gauges()).hasSize(5);
    }

    @Test
    void aModelWithoutAProfileHasNoDriftGauges() {
        monitor.serving(manifest("v1", true));
        monitor.serving(manifest("v0", false));
        assertThat(registry.find(MeterNames.DRIFT_PSI).gauges()).isEmpty();
        observe("v0", WINDOW, 4, 3, 0.6);
        assertThat(registry.find(MeterNames.DRIFT_PSI).gauges()).isEmpty();
    }
}
