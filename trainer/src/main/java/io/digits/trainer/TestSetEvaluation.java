package io.digits.trainer;

import ai.djl.Model;
import io.digits.core.Sha256;
import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.mnist.MnistDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The trained model measured on the official test set through {@link DigitClassifier}, the same inference
 * path serving uses (inference mode, softmax, argmax).
 */
final class TestSetEvaluation {
    private static final int BATCH = 500;

    private TestSetEvaluation() {
    }

    /** Classifies every test image with the model whose parameters were just saved into {@code draft}. */
    static ConfusionMatrix of(Model model, ModelRegistry.Draft draft, MnistDataset test, int threads)
            throws IOException {
        try (DigitClassifier classifier = inMemory(model, draft).newClassifier(threads)) {
            return of(classifier, test);
        }
    }

    /** Classifies every test image with {@code classifier}. */
    static ConfusionMatrix of(DigitClassifier classifier, MnistDataset test) {
        ConfusionMatrix confusion = new ConfusionMatrix(DigitNetwork.CLASSES);
        {
            for (int start = 0; start < test.size(); start += BATCH) {
                int n = Math.min(BATCH, test.size() - start);
                float[][] images = new float[n][];
                for (int k = 0; k < n; k++) {
                    images[k] = MnistPreprocessor.normalise(test.images()[start + k]);
                }
                float[][] probabilities = classifier.classify(images);
                for (int k = 0; k < n; k++) {
                    confusion.add(test.label(start + k), DigitClassifier.argmax(probabilities[k]));
                }
            }
        }
        return confusion;
    }

    /** The model just trained, wrapped for inference (do not close it: that would close the training model). */
    static LoadedModel inMemory(Model model, ModelRegistry.Draft draft) throws IOException {
        return LoadedModel.of(model, provisionalArtifact(draft));
    }

    /** The draft as an artifact, before it has a manifest on disk: only for wrapping the in-memory model. */
    private static ModelArtifact provisionalArtifact(ModelRegistry.Draft draft) throws IOException {
        Path params;
        try (var files = Files.list(draft.folder())) {
            params = files.filter(p -> p.getFileName().toString().endsWith(".params")).findFirst()
                    .orElseThrow(() -> new IOException("no parameters saved in " + draft.folder()));
        }
        ModelManifest manifest = new ModelManifest(draft.name(), draft.version(), Instant.now().toString(),
                DigitNetwork.ARCHITECTURE_ID, MnistPreprocessor.PREPROCESSING_ID, DigitNetwork.INPUT_SHAPE.getShape(),
                params.getFileName().toString(), Sha256.of(params), null, List.of(), Map.of());
        return new ModelArtifact(draft.folder(), manifest);
    }
}
