package io.digits.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.record.Json;
import io.digits.streams.TestRegistries;
import io.digits.streams.metrics.MeterNames;
import io.digits.streams.metrics.ServingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReloaderTest {
    @TempDir
    Path folder;
    ModelRegistry registry;
    SimpleMeterRegistry meters;
    ServedModel served;
    ModelReloader reloader;

    @BeforeEach
    void setUp() {
        registry = new ModelRegistry(folder);
        meters = new SimpleMeterRegistry();
        ServingMetrics metrics = new ServingMetrics(meters);
        served = new ServedModel(metrics, ModelRole.LIVE);
        reloader = new ModelReloader(registry, ModelRegistry.DEFAULT_NAME, served, metrics);
    }

    @AfterEach
    void tearDown() {
        reloader.close();
        served.close();
    }

    @Test
    void anEmptyRegistryIsAOneLineReason() {
        assertThatThrownBy(() -> reloader.loadInitial(null)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessageStartingWith("no model 'digits' in " + folder)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(served.version()).isEmpty();
    }

    @Test
    void switchesToANewVersionAndRefusesACorruptOneWhileTheCurrentServesOn() throws Exception {
        String first = TestRegistries.publishUntrained(registry);
        reloader.loadInitial(null);
        assertThat(served.version()).contains(first);
        assertThat(reloader.checkNow()).isFalse(); // nothing new

        String corrupt = TestRegistries.publishUntrained(registry);
        Path params = registry.open(ModelRegistry.DEFAULT_NAME, corrupt).folder()
                .resolve(registry.open(ModelRegistry.DEFAULT_NAME, corrupt).manifest().paramsFile());
        Files.write(params, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(reloader.checkNow()).isFalse();
        assertThat(served.version()).contains(first);
        assertThat(rejected()).isEqualTo(1);
        assertThat(reloader.checkNow()).isFalse(); // refused once, not again and again
        assertThat(rejected()).isEqualTo(1);

        String next = TestRegistries.publishUntrained(registry);
        assertThat(reloader.checkNow()).isTrue();
        assertThat(served.version()).contains(next);
        assertThat(meters.get(MeterNames.MODEL_LOADS).tag(MeterNames.TAG_OUTCOME, MeterNames.OUTCOME_LOADED).counter().count())
                .isEqualTo(2);
        assertThat(meters.get(MeterNames.MODEL_INFO).gauge().getId().getTag(MeterNames.TAG_VERSION)).isEqualTo(next);
    }

    @Test
    void refusesAModelBuiltForAnotherNetwork() throws Exception {
        String first = TestRegistries.publishUntrained(registry);
        reloader.loadInitial(null);
        String other = TestRegistries.publishUntrained(registry);
        Path manifest = registry.open(ModelRegistry.DEFAULT_NAME, other).folder().resolve(ModelArtifact.MANIFEST);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Json.mapper().readValue(manifest.toFile(), Map.class);
        json.put("architecture", "some-other-cnn");
        Json.mapper().writeValue(manifest.toFile(), json);
        assertThat(reloader.checkNow()).isFalse();
        assertThat(served.version()).contains(first);
        assertThat(rejected()).isEqualTo(1);
    }

    @Test
    void aPinnedVersionIsServedEvenWhenANewerOneExists() throws Exception {
        String first = TestRegistries.publishUntrained(registry);
        TestRegistries.publishUntrained(registry);
        reloader.loadInitial(first);
        assertThat(served.version()).contains(first);
    }

    double rejected() {
        return meters.get(MeterNames.MODEL_LOADS).tag(MeterNames.TAG_OUTCOME, MeterNames.OUTCOME_REJECTED).counter().count();
    }
}
