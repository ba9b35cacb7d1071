package io.digits.core.model;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.digits.core.image.MnistPreprocessor;

/**
 * Classifies preprocessed images (784 floats each, see {@link MnistPreprocessor}) into digit
 * probabilities. Not thread-safe: one per thread, from {@link LoadedModel#newClassifier()}.
 *
 * <p>Speed (measured in {@code bench/}, see bench/README.md): a batch of 32 images costs about half as much per
 * image as single images. PyTorch's intra-op thread count is set on the calling thread (default 1): the cores
 * are best used by one classifier per thread rather than by splitting each inference across cores.
 */
public final class DigitClassifier implements AutoCloseable {
    private final Predictor<float[][], float[][]> predictor;
    private final String version;
    private final int intraOpThreads;
    private Thread preparedThread;

    DigitClassifier(Model model, String version) {
        this(model, version, 1);
    }

    DigitClassifier(Model model, String version, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, was " + intraOpThreads);
        }
        this.predictor = model.newPredictor(new BatchTranslator());
        this.version = version;
        this.intraOpThreads = intraOpThreads;
    }

    /** The model version whose predictions these are. */
    public String version() {
        return version;
    }

    /** How many threads PyTorch uses inside one inference of this classifier. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Probabilities of the ten digits for each image of the batch. */
    public float[][] classify(float[][] images) {
        if (images.length == 0) {
            return new float[0][];
        }
        prepareCallingThread();
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

    /**
     * OpenMP keeps the intra-op thread count, and PyTorch its grad mode, per native thread (the engine turns grad
     * mode off only on the thread that loaded it): set both on whichever thread classifies. Without grad mode, a model fresh
     * from training (parameters that require gradients) does not record an autograd graph per inference.
     */
    private void prepareCallingThread() {
        Thread current = Thread.currentThread();
        if (current != preparedThread) {
            JniUtils.setNumThreads(intraOpThreads);
            JniUtils.setGradMode(false);
            preparedThread = current;
        }
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
