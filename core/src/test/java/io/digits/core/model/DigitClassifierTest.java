package io.digits.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.digits.core.image.MnistPreprocessor;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tuned inference path gives the same probabilities as the network's plain forward pass. */
class DigitClassifierTest {
    private static final float TOLERANCE = 1e-5f;
    private static Model model;
    private static float[][] images;

    @BeforeAll
    static void randomNetworkAndImages() {
        model = Model.newInstance("classifier-test", "PyTorch");
        Block block = DigitNetwork.build();
        model.setBlock(block);
        // parameters that require gradients, like a model straight from training
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
        Random random = new Random(42);
        images = new float[7][MnistPreprocessor.PIXELS];
        for (float[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
            }
        }
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void givesTheSoftmaxOfThePlainForwardPass() {
        float[][] expected = referenceProbabilities(images);
        try (DigitClassifier classifier = new DigitClassifier(model, "v", 1)) {
            assertSame(classifier.classify(images), expected);
        }
    }

    @Test
    void aBatchGivesWhatImagesOneByOneGive() {
        try (DigitClassifier classifier = new DigitClassifier(model, "v", 1)) {
            float[][] batch = classifier.classify(images);
            for (int i = 0; i < images.length; i++) {
                assertThat(classifier.classify(images[i])).containsExactly(batch[i], within(TOLERANCE));
            }
        }
    }

    @Test
    void threadCountAndCallingThreadDoNotChangeTheResult() throws Exception {
        float[][] expected = referenceProbabilities(images);
        try (DigitClassifier two = new DigitClassifier(model, "v", 2); DigitClassifier one = new DigitClassifier(model, "v", 1)) {
            assertThat(two.intraOpThreads()).isEqualTo(2);
            assertSame(two.classify(images), expected);
            assertSame(CompletableFuture.supplyAsync(() -> one.classify(images)).get(), expected);
        }
    }

    @Test
    void emptyBatchGivesNoProbabilitiesAndBadThreadCountIsRefused() {
        try (DigitClassifier classifier = new DigitClassifier(model, "v", 1)) {
            assertThat(classifier.classify(new float[0][])).isEmpty();
        }
        assertThatThrownBy(() -> new DigitClassifier(model, "v", 0)).hasMessageContaining("at least 1");
    }

    private static void assertSame(float[][] actual, float[][] expected) {
        assertThat(actual).hasNumberOfRows(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).containsExactly(expected[i], within(TOLERANCE));
        }
    }

    /** Logits from the block's own forward pass, softmax computed here in double precision. */
    private static float[][] referenceProbabilities(float[][] batch) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            float[] flat = new float[batch.length * MnistPreprocessor.PIXELS];
            for (int i = 0; i < batch.length; i++) {
                System.arraycopy(batch[i], 0, flat, i * MnistPreprocessor.PIXELS, MnistPreprocessor.PIXELS);
            }
            NDList input = new NDList(manager.create(flat, new Shape(batch.length, 1, 28, 28)));
            float[] logits = model.getBlock().forward(new ParameterStore(manager, false), input, false)
                    .singletonOrThrow().toFloatArray();
            float[][] probabilities = new float[batch.length][DigitNetwork.CLASSES];
            for (int i = 0; i < batch.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < DigitNetwork.CLASSES; c++) {
                    max = Math.max(max, logits[i * DigitNetwork.CLASSES + c]);
                }
                double sum = 0;
                for (int c = 0; c < DigitNetwork.CLASSES; c++) {
                    sum += Math.exp(logits[i * DigitNetwork.CLASSES + c] - max);
                }
                for (int c = 0; c < DigitNetwork.CLASSES; c++) {
                    probabilities[i][c] = (float) (Math.exp(logits[i * DigitNetwork.CLASSES + c] - max) / sum);
                }
            }
            return probabilities;
        }
    }
}
