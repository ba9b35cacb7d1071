package io.digits.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.drift.InputFeature;
import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.mnist.MnistDataset;
import io.digits.streams.TestImages;
import io.digits.trainer.Degradations;
import io.digits.trainer.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift signal on real data: the trainer's trained test model (its manifest's profile was measured on its
 * validation split), MNIST's test images through the service's preprocessing, and the same digits degraded the way
 * the trainer's evaluation sets degrade them. MNIST keeps every feature's PSI low in every window (under 0.1 drawn
 * at random, under the alert's 0.25 in file order); degraded digits move at least one far above 0.25.
 */
class InputDriftTest {
    private static final Logger log = LoggerFactory.getLogger(InputDriftTest.class);
    private static final int WINDOW = InputDriftMonitor.DEFAULT_WINDOW;
    private static final int BATCH = 32;
    private static final int SIDE = MnistPreprocessor.SIDE;
    /** Under this, no shift (the usual reading of PSI). */
    private static final double NO_SHIFT = 0.1;
    /** The alert's threshold (prometheus/alerts.yml, DigitsInputDrift). */
    private static final double ALERT = 0.25;
    private static final long SEED = 20_261_128L;

    private static ModelArtifact artifact;
    private static LoadedModel model;
    private static DigitClassifier classifier;
    private final MnistPreprocessor preprocessor = new MnistPreprocessor();

    @BeforeAll
    static void loadModel() throws Exception {
        artifact = TestModels.trained();
        model = LoadedModel.load(artifact);
        classifier = model.newClassifier();
    }

    @AfterAll
    static void closeModel() {
        classifier.close();
        model.close();
    }

    /**
     * MNIST's test images in a random order, as the reference's validation images were drawn from MNIST's training
     * set: every window under the no-shift level on every feature.
     */
    @Test
    void everyWindowOfShuffledMnistTestImagesStaysUnderTheNoShiftLevel() throws Exception {
        List<Integer> order = IntStream.range(0, TestImages.mnistTest().size()).boxed()
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(order, new Random(SEED));
        double worst = worstWindow("shuffled", order.stream().mapToInt(Integer::intValue).toArray());
        assertThat(worst).isLessThan(NO_SHIFT);
    }

    /**
     * MNIST's test images in file order: its first 5,000 come from NIST's cleaner writers (Census employees), its last
     * 5,000 from its harder ones (students), while the reference mixes both. A window of one group alone drifts
     * measurably on ink, but no window reaches the alert's threshold.
     */
    @Test
    void noWindowOfMnistTestImagesInFileOrderReachesTheAlertThreshold() throws Exception {
        double worst = worstWindow("in file order", IntStream.range(0, TestImages.mnistTest().size()).toArray());
        assertThat(worst).isLessThan(ALERT);
    }

    /** Streams the test images in {@code order}; the largest PSI of any feature in any full window. */
    private double worstWindow(String what, int[] order) throws Exception {
        MnistDataset test = TestImages.mnistTest();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InputDriftMonitor monitor = new InputDriftMonitor(registry, WINDOW);
        monitor.serving(artifact.manifest());
        double worst = 0;
        for (int from = 0; from + WINDOW <= order.length; from += WINDOW) {
            stream(monitor, test, Arrays.copyOfRange(order, from, from + WINDOW), UnaryOperator.identity());
            Map<String, Double> psi = psi(registry);
            log.info("MNIST test images {}, {} to {}: PSI {}", what, from, from + WINDOW - 1, psi);
            worst = Math.max(worst, psi.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        log.info("MNIST test images {}: the largest PSI of any feature in any of the {} windows is {}", what,
                order.length / WINDOW, String.format("%.4f", worst));
        return worst;
    }

    @Test
    void thickStrokesMoveTheScoreAboveTheAlertThreshold() throws Exception {
        Map<String, Double> psi = degraded("thick (dilated 1 px)",
                grid -> Degradations.morph(grid, SIDE, true, 1));
        assertThat(psi.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(ALERT);
    }

    @Test
    void lowResolutionScansMoveTheScoreAboveTheAlertThreshold() throws Exception {
        Map<String, Double> psi = degraded("downsample-8 (8x8 and back)",
                grid -> Degradations.downAndUp(grid, SIDE, 8));
        assertThat(psi.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(ALERT);
    }

    /** The first window of MNIST test digits, each degraded by {@code degradation}: the PSI of every feature. */
    private Map<String, Double> degraded(String what, UnaryOperator<float[]> degradation) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InputDriftMonitor monitor = new InputDriftMonitor(registry, WINDOW);
        monitor.serving(artifact.manifest());
        stream(monitor, TestImages.mnistTest(), IntStream.range(0, WINDOW).toArray(), degradation);
        Map<String, Double> psi = psi(registry);
        log.info("{}: PSI {}", what, psi);
        return psi;
    }

    /**
     * The test digits at {@code indices}, degraded and sent as raw MNIST records would be, through the service's
     * preprocessing and the model, into the monitor, in batches as the service classifies them.
     */
    private void stream(InputDriftMonitor monitor, MnistDataset test, int[] indices, UnaryOperator<float[]> degradation)
            throws ImageRejectedException {
        for (int start = 0; start < indices.length; start += BATCH) {
            int n = Math.min(BATCH, indices.length - start);
            float[][] inputs = new float[n][];
            for (int k = 0; k < n; k++) {
                byte[] raw = raw(degradation.apply(Degradations.ink(test.images()[indices[start + k]])));
                inputs[k] = preprocessor.preprocess(raw, Optional.empty());
            }
            float[][] probabilities = classifier.classify(inputs);
            for (int k = 0; k < n; k++) {
                int digit = DigitClassifier.argmax(probabilities[k]);
                monitor.observe(classifier.version(), inputs[k], digit, probabilities[k][digit]);
            }
        }
    }

    /** Ink 0..1 as a raw 784-byte MNIST record. */
    private static byte[] raw(float[] ink) {
        byte[] raw = new byte[ink.length];
        for (int i = 0; i < ink.length; i++) {
            raw[i] = (byte) Math.round(255 * Math.max(0f, Math.min(1f, ink[i])));
        }
        return raw;
    }

    private static Map<String, Double> psi(SimpleMeterRegistry registry) {
        Map<String, Double> psi = new LinkedHashMap<>();
        for (InputFeature feature : InputFeature.values()) {
            psi.put(feature.tag(), registry.find(MeterNames.DRIFT_PSI).tag(MeterNames.TAG_FEATURE, feature.tag())
                    .gauge().value());
        }
        return psi;
    }
}
