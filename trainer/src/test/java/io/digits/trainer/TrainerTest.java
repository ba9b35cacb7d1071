package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Sha256;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.record.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real batches on real MNIST: the whole path from data to a published, verifiable artifact. */
class TrainerTest {

    @Test
    void aTwoBatchRunPublishesACompleteLoadableArtifactWhoseChecksumVerifies(@TempDir Path registry) throws Exception {
        // 256 images less the stratified 10% validation split (rounded per digit): two batches of 128
        TrainingOptions options = TrainingOptions.builder(TrainingProfile.QUICK).epochs(1).limit(256)
                .augment(true).scanAugment(true).progress(false).registry(registry).build();

        TrainingResult result = new Trainer().run(options);

        ModelArtifact artifact = result.artifact();
        assertThat(result.history()).hasSize(1);
        assertThat(result.trainImages()).isBetween(129, 256 - 20);
        assertThat(result.confusion().total()).isEqualTo(10_000);
        Path folder = artifact.folder();
        assertThat(folder).isEqualTo(registry.resolve("digits").resolve(artifact.version()));
        for (String file : new String[] {"manifest.json", "metrics.json", "training-curves.png", "confusion-matrix.png",
                artifact.manifest().paramsFile()}) {
            assertThat(folder.resolve(file)).isNotEmptyFile();
        }
        assertThat(ImageIO.read(folder.resolve("training-curves.png").toFile()).getWidth()).isGreaterThan(1000);
        assertThat(ImageIO.read(folder.resolve("confusion-matrix.png").toFile())).isNotNull();
        assertThat(artifact.manifest().sha256()).isEqualTo(Sha256.of(folder.resolve(artifact.manifest().paramsFile())));
        assertThat(artifact.manifest().testAccuracy()).isEqualTo(result.testAccuracy()).isBetween(0.0, 1.0);
        assertThat(artifact.manifest().perClass()).hasSize(10);
        assertThat(artifact.manifest().training()).containsEntry("batchSize", 128).containsKey("optimizer")
                .hasEntrySatisfying("scanAugmentation", described -> assertThat(described.toString())
                        .startsWith("60% of images per epoch").endsWith("sensor noise 3-12%"));
        Map<?, ?> metrics = Json.mapper().readValue(folder.resolve("metrics.json").toFile(), Map.class);
        assertThat(metrics.get("epochs")).asList().hasSize(1);
        assertThat(metrics.get("confusionMatrix")).asList().hasSize(10);
        // beyond MNIST's test set: manifest section, metrics.json details and one gallery per set
        assertThat(artifact.manifest().outOfDistribution()).containsKeys("downsample-8", "jpeg", "fonts")
                .isEqualTo(result.outOfDistribution());
        assertThat(artifact.manifest().outOfDistribution().get("fonts").recall()).hasSize(10);
        assertThat(artifact.manifest().oodRegression()).as("first version: nothing to replace").isNull();
        // the reference for drift: every feature on the held-out validation split
        assertThat(artifact.manifest().inputProfile()).isNotNull();
        assertThat(artifact.manifest().inputProfile().source()).isEqualTo(ValidationProfile.SOURCE);
        assertThat(artifact.manifest().inputProfile().images()).isEqualTo(256 - result.trainImages());
        assertThat(artifact.manifest().inputProfile().features().keySet())
                .containsExactly("digit", "confidence", "ink", "box-width", "box-height");
        Map<?, ?> ood = (Map<?, ?>) metrics.get("outOfDistribution");
        assertThat(((Map<?, ?>) ood.get("sets")).keySet().stream().map(Object::toString).toList())
                .containsExactlyElementsOf(artifact.manifest().outOfDistribution().keySet());
        for (String set : artifact.manifest().outOfDistribution().keySet()) {
            assertThat(folder.resolve(OodEvaluation.galleryFile(set))).isNotEmptyFile();
        }

        // what a reader does: open the latest version (verifies checksum and ids) and classify with it
        ModelArtifact reopened = new ModelRegistry(registry).latest("digits");
        assertThat(reopened.version()).isEqualTo(artifact.version());
        try (LoadedModel model = LoadedModel.load(reopened); DigitClassifier classifier = model.newClassifier()) {
            float[] p = classifier.classify(new float[784]);
            assertThat(p).hasSize(10);
        }
        try (var leftovers = Files.list(registry.resolve("digits"))) {
            assertThat(leftovers.map(x -> x.getFileName().toString())).noneMatch(n -> n.startsWith(".draft"));
        }
    }

    @Test
    void aCancelledRunLeavesNoDraftBehind(@TempDir Path registry) throws Exception {
        Trainer trainer = new Trainer();
        trainer.cancel();
        TrainingOptions options = TrainingOptions.builder(TrainingProfile.QUICK).epochs(1).limit(256)
                .progress(false).registry(registry).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.run(options))
                .isInstanceOf(java.util.concurrent.CancellationException.class);

        try (var left = Files.list(registry.resolve("digits"))) {
            assertThat(left).isEmpty();
        }
    }
}
