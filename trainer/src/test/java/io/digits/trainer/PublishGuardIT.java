package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.command.CommandLines;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish guard for real: a registry whose latest version is the {@link TestModels} model (97% on MNIST),
 * and a new model of two batches (far worse everywhere) that would replace it.
 */
class PublishGuardIT {

    private static String currentVersion(Path registry) throws Exception {
        ModelArtifact fixture = TestModels.trained();
        Path target = registry.resolve("digits").resolve(fixture.version());
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(fixture.folder())) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        Files.writeString(registry.resolve("digits").resolve("latest"), fixture.version() + "\n",
                StandardCharsets.UTF_8);
        return fixture.version();
    }

    private static TrainingOptions twoBatches(Path registry) {
        return TrainingOptions.builder(TrainingProfile.QUICK).epochs(1).limit(256).progress(false)
                .registry(registry).build();
    }

    @Test
    void aWorseModelIsRefusedAndPublishedOnlyFlaggedWhenAllowed(@TempDir Path registry) throws Exception {
        String current = currentVersion(registry);

        assertThatThrownBy(() -> new Trainer().run(twoBatches(registry)))
                .isInstanceOf(Trainer.OodRegressionRefused.class)
                .hasMessageContaining("refused to publish: mean accuracy beyond MNIST's test set")
                .hasMessageContaining("current version " + current)
                .hasMessageContaining("fell on ")
                .hasMessageContaining("--allow-ood-regression");
        ModelRegistry models = new ModelRegistry(registry);
        assertThat(models.latestVersion("digits")).contains(current);
        assertThat(models.versions("digits")).containsExactly(current);

        TrainingResult allowed = new Trainer().run(twoBatches(registry).toBuilder().allowOodRegression(true).build());

        ModelManifest manifest = models.latest("digits").manifest();
        assertThat(manifest.version()).isEqualTo(allowed.artifact().version()).isNotEqualTo(current);
        assertThat(manifest.oodRegression()).isNotNull();
        assertThat(manifest.oodRegression().replaced()).isEqualTo(current);
        assertThat(manifest.oodRegression().marginPoints()).isEqualTo(OodGuard.DEFAULT_MARGIN_POINTS);
        assertThat(manifest.outOfDistribution()).containsKeys("downsample-8", "fonts");
        assertThat(allowed.oodRegression()).isEqualTo(manifest.oodRegression());
    }

    @Test
    void trainRefusesWithExitCodeThreeAndEvaluateMeasuresThePublishedModel(@TempDir Path registry) throws Exception {
        String current = currentVersion(registry);

        int code = CommandLines.of(new TrainCommand()).execute("--registry", registry.toString(), "--limit", "256",
                "--epochs", "1");

        assertThat(code).isEqualTo(TrainCommand.OOD_REGRESSION);
        assertThat(new ModelRegistry(registry).versions("digits")).containsExactly(current);

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            code = CommandLines.of(new EvaluateCommand()).execute("--registry", registry.toString(), "--json",
                    "--galleries", registry.resolve("pictures").toString());
        } finally {
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        com.fasterxml.jackson.databind.JsonNode json = io.digits.core.record.Json.mapper()
                .readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("version").asText()).isEqualTo(current);
        assertThat(json.at("/mnistTest/accuracy").asDouble()).isGreaterThanOrEqualTo(TestModels.MIN_ACCURACY);
        assertThat(json.at("/mnistTest/recall")).hasSize(10);
        com.fasterxml.jackson.databind.JsonNode sets = json.at("/outOfDistribution/sets");
        assertThat(sets.has("downsample-8")).isTrue();
        assertThat(sets.at("/fonts/sources").size()).isPositive();
        sets.fields().forEachRemaining(set -> {
            assertThat(set.getValue().get("accuracy").asDouble()).as(set.getKey()).isGreaterThan(0.3);
            assertThat(set.getValue().get("recall")).as(set.getKey()).hasSize(10);
            assertThat(registry.resolve("pictures").resolve("ood-" + set.getKey() + ".png")).isNotEmptyFile();
        });
        assertThat(sets.at("/downsample-8/accuracy").asDouble())
                .isLessThan(json.at("/mnistTest/accuracy").asDouble());
    }
}
