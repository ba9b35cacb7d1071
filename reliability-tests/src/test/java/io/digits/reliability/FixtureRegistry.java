package io.digits.reliability;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.initializer.XavierInitializer;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.trainer.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** A test's own model registry, published into the way the trainer publishes: the fixture model, copies, a corrupt one. */
final class FixtureRegistry {
    private final ModelRegistry registry;

    FixtureRegistry(Path folder) {
        this.registry = new ModelRegistry(folder);
    }

    Path root() {
        return registry.root();
    }

    /** A published version, as {@code ./digits models publish} reads it from a folder. */
    ModelArtifact open(String version) throws ArtifactRejectedException {
        return registry.open(ModelRegistry.DEFAULT_NAME, version);
    }

    /** Publishes the trainer's trained fixture model's parameters as a new version; returns the version. */
    String publishTrained() throws IOException {
        ModelArtifact artifact = TestModels.trained();
        ModelManifest manifest = artifact.manifest();
        try (ModelRegistry.Draft draft = registry.draft(ModelRegistry.DEFAULT_NAME)) {
            Files.copy(artifact.folder().resolve(manifest.paramsFile()), draft.folder().resolve(manifest.paramsFile()));
            return draft.publish(null, Map.of("copied-from", artifact.version())).version();
        }
    }

    /** Publishes the trainer's weak fixture model (one epoch on a few hundred images) as a new version; returns it. */
    String publishWeak() throws IOException {
        ModelArtifact artifact = TestModels.weak();
        ModelManifest manifest = artifact.manifest();
        try (ModelRegistry.Draft draft = registry.draft(ModelRegistry.DEFAULT_NAME)) {
            Files.copy(artifact.folder().resolve(manifest.paramsFile()), draft.folder().resolve(manifest.paramsFile()));
            return draft.publish(null, Map.of("copied-from", artifact.version(), "fixture", "weak")).version();
        }
    }

    /**
     * Publishes the trained fixture model blind to {@code digit}: the bias of that digit's output set to -10,000, so
     * it never predicts it and reads every image of it as another digit, while it reads the other nine exactly as the
     * fixture does. Two such versions, blind to different digits, are each better than the other on traffic without
     * the other's digit: a controlled way to make one version better, then worse, on live traffic. Returns the version.
     */
    String publishBlindTo(int digit) throws IOException, ArtifactRejectedException {
        // a fresh, initialised network (the form a model is saved from) given the fixture's parameters
        try (Model fixture = TestModels.trained().loadModel();
             Model blind = Model.newInstance(ModelRegistry.DEFAULT_NAME, "PyTorch");
             ModelRegistry.Draft draft = registry.draft(ModelRegistry.DEFAULT_NAME)) {
            Block block = DigitNetwork.build();
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            blind.setBlock(block);
            block.initialize(blind.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
            ParameterList from = fixture.getBlock().getParameters();
            ParameterList to = block.getParameters();
            for (int i = 0; i < to.size(); i++) {
                from.valueAt(i).getArray().copyTo(to.valueAt(i).getArray());
            }
            NDArray outputBias = to.valueAt(to.size() - 1).getArray();
            if (outputBias.getShape().size() != DigitNetwork.CLASSES) {
                throw new IllegalStateException("the last parameter is not the output bias: " + outputBias.getShape());
            }
            outputBias.set(new NDIndex(digit), -10_000f);
            draft.saveParameters(blind);
            return draft.publish(null, Map.of("copied-from", TestModels.trained().version(), "fixture",
                    "blind to " + digit)).version();
        }
    }

    /**
     * Publishes a version whose parameter file is random bytes, correctly checksummed: it passes the checksum
     * and must be refused when loading. Returns the version.
     */
    String publishCorrupt(long seed) throws IOException {
        ModelManifest fixture = TestModels.trained().manifest();
        try (ModelRegistry.Draft draft = registry.draft(ModelRegistry.DEFAULT_NAME)) {
            byte[] garbage = new byte[64 * 1024];
            new Random(seed).nextBytes(garbage);
            Files.write(draft.folder().resolve(fixture.paramsFile()), garbage);
            return draft.publish(null, Map.of("fixture", "corrupt")).version();
        }
    }
}
