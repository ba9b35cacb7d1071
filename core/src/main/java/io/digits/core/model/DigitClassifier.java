package io.digits.core.model;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.digits.core.image.MnistPreprocessor;

/**
 * Classifies preprocessed images (784 floats each, see {@link MnistPreprocessor}) into digit
 * probabilities. Not thread-safe: one per thread, from {@link LoadedModel#newClassifier()}.
 */
public final class DigitClassifier implements AutoCloseable {
    private final Predictor<float[][], float[][]> predictor;
    private final String version;

    DigitClassifier(Model model, String version) {
        this.predictor = model.newPredictor(new BatchTranslator());
        this.version = version;
    }

    /** The model version whose predictions these are. */
    public String version() {
        return version;
    }

    /** Probabilities of the ten digits for each image of the batch. */
    public float[][] classify(float[][] images) {
        if (images.length == 0) {
            return new float[0][];
        }
        try {
            return predictor.predict(images);
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    /** Probabilities of the ten digits for one image. */
    public float[] classify(float[] image) {
        return classify(new float[][] {image})[0];
    }

    /** The most probable digit. */
    public static int argmax(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        predictor.close();
    }

    /** A whole batch as one (n, 1, 28, 28) tensor in, softmax probabilities out. */
    private static final class BatchTranslator implements NoBatchifyTranslator<float[][], float[][]> {
        @Override
        public NDList processInput(TranslatorContext ctx, float[][] images) {
            NDManager manager = ctx.getNDManager();
            float[] flat = new float[images.length * MnistPreprocessor.PIXELS];
            for (int i = 0; i < images.length; i++) {
                System.arraycopy(images[i], 0, flat, i * MnistPreprocessor.PIXELS, MnistPreprocessor.PIXELS);
            }
            NDArray batch = manager.create(flat, new Shape(images.length, 1, MnistPreprocessor.SIDE, MnistPreprocessor.SIDE));
            return new NDList(batch);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray probabilities = list.singletonOrThrow().softmax(1);
            int n = (int) probabilities.getShape().get(0);
            float[] flat = probabilities.toFloatArray();
            float[][] out = new float[n][DigitNetwork.CLASSES];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * DigitNetwork.CLASSES, out[i], 0, DigitNetwork.CLASSES);
            }
            return out;
        }
    }
}
