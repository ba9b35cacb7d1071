package io.digits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.record.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing and reading model artifacts with a real (initialised, untrained) seed CNN on the PyTorch
 * engine: what is published loads back with identical outputs; what cannot be trusted is refused.
 */
class ModelRegistryTest {
    private static final String NAME = ModelRegistry.DEFAULT_NAME;
    private static final int IMAGES = 16;
    @TempDir
    Path root;

    @Test
    void publishedModelLoadsBackWithIdenticalOutputs() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        float[][] images = images();
        float[][] before;
        ModelManifest manifest;
        try (Model model = initialisedModel(); DigitClassifier classifier = new DigitClassifier(model, "in-memory", 1);
             ModelRegistry.Draft draft = registry.draft(NAME)) {
            before = classifier.classify(images);
            draft.saveParameters(model);
            ConfusionMatrix matrix = new ConfusionMatrix();
            for (int i = 0; i < images.length; i++) {
                matrix.add(i % 10, DigitClassifier.argmax(before[i]));
            }
            manifest = draft.publish(matrix.evaluation(), Map.of("epochs", 0, "note", "untrained"));
        }
        assertThat(registry.versions(NAME)).containsExactly(manifest.version());
        assertThat(registry.latestVersion(NAME)).contains(manifest.version());

        ModelArtifact artifact = registry.latest(NAME);
        assertThat(artifact.manifest()).usingRecursiveComparison().isEqualTo(manifest);
        assertThat(artifact.folder()).isEqualTo(registry.root().resolve(NAME).resolve(manifest.version()));
        // the registry only finds the folder: the artifact opens and checks it by itself
        assertThat(ModelArtifact.open(artifact.folder()).manifest()).usingRecursiveComparison().isEqualTo(manifest);
        assertThat(artifact.manifest().architecture()).isEqualTo(DigitNetwork.ARCHITECTURE_ID);
        assertThat(artifact.manifest().preprocessing()).isEqualTo(MnistPreprocessor.PREPROCESSING_ID);
        assertThat(artifact.manifest().perClass()).hasSize(10);
        assertThat(artifact.manifest().training()).containsEntry("note", "untrained");
        try (LoadedModel loaded = LoadedModel.load(artifact); DigitClassifier classifier = loaded.newClassifier()) {
            assertThat(classifier.version()).isEqualTo(manifest.version());
            float[][] after = classifier.classify(images);
            for (int i = 0; i < images.length; i++) {
                assertThat(after[i]).containsExactly(before[i]);
                double sum = 0;
                for (float p : after[i]) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void aNameThatIsNotOneFolderOfTheRegistryIsRefusedBeforeAnythingIsWritten() {
        ModelRegistry registry = new ModelRegistry(root.resolve("registry"));
        for (String name : new String[] {"../outside", "a/b", ".draft-x", "latest/..", ""}) {
            assertThatThrownBy(() -> registry.draft(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a model name is");
            assertThatThrownBy(() -> registry.versions(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root.resolve("outside")).doesNotExist();
        assertThat(root.resolve("registry")).doesNotExist();
    }

    @Test
    void latestPointsToTheNewestVersion() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        assertThat(registry.latestVersion(NAME)).isEmpty();
        assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("no model 'digits' in " + root.toAbsolutePath().normalize() + ": train one with ./digits train");
        String first = publish(registry);
        String second = publish(registry);
        assertThat(second).isNotEqualTo(first);
        assertThat(registry.versions(NAME)).containsExactly(first, second);
        assertThat(registry.latestVersion(NAME)).contains(second);
        assertThat(registry.latest(NAME).version()).isEqualTo(second);
        assertThat(registry.open(NAME, first).version()).isEqualTo(first);
    }

    @Test
    void aTamperedParameterFileIsRefusedInOneLine() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        String version = publish(registry);
        Path folder = root.resolve(NAME).resolve(version);
        Path params = folder.resolve(registry.latest(NAME).manifest().paramsFile());
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(params, bytes);
        assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessageStartingWith("checksum mismatch for " + params + ": manifest says ")
                .hasMessageNotContaining("\n");
        Files.delete(params);
        assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("model " + folder + " lacks its parameter file " + params.getFileName());
    }

    @Test
    void anUnknownArchitectureOrPreprocessingIsRefusedInOneLine() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        String version = publish(registry);
        Path folder = root.resolve(NAME).resolve(version);
        Path manifest = folder.resolve(ModelArtifact.MANIFEST);
        ObjectNode json = (ObjectNode) Json.mapper().readTree(manifest.toFile());

        Files.write(manifest, Json.mapper().writeValueAsBytes(json.deepCopy().put("architecture", "resnet-50")));
        assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("model " + folder + " has architecture 'resnet-50', this build serves '"
                        + DigitNetwork.ARCHITECTURE_ID + "'");

        Files.write(manifest, Json.mapper().writeValueAsBytes(json.deepCopy().put("preprocessing", "raw-v0")));
        assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessageContaining("was trained with preprocessing 'raw-v0'");

        Files.writeString(manifest, "{\"name\": \"digits\"");
        assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(ArtifactRejectedException.class)
                .hasMessageStartingWith("unreadable manifest " + manifest).hasMessageNotContaining("\n");
    }

    @Test
    void anAbandonedDraftLeavesNothing() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        String published = publish(registry);
        Path draftFolder;
        try (Model model = initialisedModel(); ModelRegistry.Draft draft = registry.draft(NAME)) {
            draftFolder = draft.folder();
            draft.saveParameters(model);
            Files.writeString(draft.folder().resolve("metrics.json"), "{}");
            assertThat(Files.list(draftFolder)).isNotEmpty();
            // the trainer fails here: no publish
        }
        assertThat(draftFolder).doesNotExist();
        try (Stream<Path> left = Files.list(root.resolve(NAME))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(published, ModelRegistry.LATEST);
        }
        assertThat(registry.versions(NAME)).containsExactly(published);
        assertThat(registry.latestVersion(NAME)).contains(published);
    }

    @Test
    void twoDraftsStartedAtOnceGetDifferentVersions() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        try (ModelRegistry.Draft first = registry.draft(NAME); ModelRegistry.Draft second = registry.draft(NAME)) {
            assertThat(second.version()).isNotEqualTo(first.version());
        }
    }

    @Test
    void versionsSortInTimeOrderWithNumericSuffixes() {
        assertThat(java.util.stream.Stream.of("20261124-071530-10", "20261124-071531", "20261124-071530-2",
                        "20261124-071530").sorted(ModelRegistry.VERSION_ORDER).toList())
                .containsExactly("20261124-071530", "20261124-071530-2", "20261124-071530-10", "20261124-071531");
    }

    @Test
    void aPublishedModelIsReadableByOtherUsers() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        String version = publish(registry);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve(NAME).resolve(version)))).isEqualTo("rwxr-xr-x");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve(NAME).resolve(ModelRegistry.LATEST)))).startsWith("rw-r--r");
    }

    private static String publish(ModelRegistry registry) throws Exception {
        try (Model model = initialisedModel(); ModelRegistry.Draft draft = registry.draft(NAME)) {
            draft.saveParameters(model);
            return draft.publish(null, Map.of()).version();
        }
    }

    /** The seed CNN with Xavier-initialised, untrained parameters. */
    private static Model initialisedModel() {
        Model model = Model.newInstance(NAME, "PyTorch");
        Block block = DigitNetwork.build();
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
        model.setBlock(block);
        return model;
    }

    private static float[][] images() {
        // the outputs of an untrained network only need inputs that differ: seeded noise, through the real normalisation
        Random random = new Random(42);
        float[][] images = new float[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            byte[] raw = new byte[MnistPreprocessor.PIXELS];
            random.nextBytes(raw);
            images[i] = MnistPreprocessor.normalise(raw);
        }
        return images;
    }
}
