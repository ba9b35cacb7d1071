package io.digits.streams;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.ModelEvaluation;
import io.digits.core.model.ModelRegistry;
import io.digits.trainer.TestModels;
import java.io.IOException;
import java.util.Map;

/** Models published into a test's own registry, the way the trainer publishes them. */
public final class TestRegistries {
    /** What the trained fixture must reach on raw MNIST test images (the trainer's promise for it). */
    public static final double MIN_ACCURACY = TestModels.MIN_ACCURACY;
    /** On MNIST digits re-encoded as PNG or JPEG: the picture path (crop, scale, centre) costs a little. */
    public static final double MIN_PICTURE_ACCURACY = 0.95;

    private TestRegistries() {
    }

    /** Publishes the trainer's test fixture (a genuinely trained model) into {@code registry}; returns the version. */
    public static String publishTrained(ModelRegistry registry) throws IOException {
        return TestModels.publishCopy(registry, TestModels.trained());
    }

    /** Publishes an initialised but untrained seed CNN; returns its version. */
    public static String publishUntrained(ModelRegistry registry) throws IOException {
        try (Model model = Model.newInstance(ModelRegistry.DEFAULT_NAME, "PyTorch")) {
            Block block = DigitNetwork.build();
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
            return publish(registry, model, null, Map.of("fixture", "untrained"));
        }
    }

    private static String publish(ModelRegistry registry, Model model, ModelEvaluation evaluation,
                                  Map<String, Object> training) throws IOException {
        try (ModelRegistry.Draft draft = registry.draft(ModelRegistry.DEFAULT_NAME)) {
            draft.saveParameters(model);
            return draft.publish(evaluation, training).version();
        }
    }
}
