package io.digits.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model the benchmark runs: the newest one in the registry, or else the seed CNN with random weights
 * published into a scratch registry (speed does not depend on the weights; accuracy figures then say so).
 */
record BenchModel(LoadedModel loaded, ModelRegistry registry, String name, boolean trained) implements AutoCloseable {

    static BenchModel resolve(Path registryFolder, String name, Path scratch) throws IOException, ArtifactRejectedException {
        ModelRegistry registry = new ModelRegistry(registryFolder);
        if (registry.latestVersion(name).isPresent()) {
            return new BenchModel(LoadedModel.load(registry.latest(name)), registry, name, true);
        }
        ModelRegistry scratchRegistry = new ModelRegistry(scratch.resolve("registry"));
        try (Model model = Model.newInstance(name, "PyTorch");
             ModelRegistry.Draft draft = scratchRegistry.draft(name)) {
            Block block = DigitNetwork.build();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
            draft.saveParameters(model);
            draft.publish(null, Map.of("note", "random weights, published by the benchmark for speed runs only"));
        }
        return new BenchModel(LoadedModel.load(scratchRegistry.latest(name)), scratchRegistry, name, false);
    }

    String describe() {
        return (trained ? "trained model " : "untrained seed CNN (random weights) ") + loaded.version()
                + " from " + registry.root();
    }

    @Override
    public void close() {
        loaded.close();
    }
}
