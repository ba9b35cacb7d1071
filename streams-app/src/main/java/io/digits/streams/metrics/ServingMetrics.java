package io.digits.streams.metrics;

import io.digits.core.image.RejectReason;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.SetMetrics;
import io.digits.core.record.Prediction;
import io.digits.streams.model.ModelRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's own meters (names in {@link MeterNames}), recorded by the topology, the exception handlers and
 * the model reloader. Every digit and reason series exists from the start at zero, so dashboards and rate()
 * see them before the first event. Thread-safe.
 */
public final class ServingMetrics {
    private static final double[] CONFIDENCE_BUCKETS = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999};

    private final MeterRegistry registry;
    private final Counter[] predictions = new Counter[10];
    private final Counter[] labelled = new Counter[10];
    private final Counter[] labelledCorrect = new Counter[10];
    private final Map<RejectReason, Counter> deadLetters = new EnumMap<>(RejectReason.class);
    private final Timer inferenceTime;
    private final Timer endToEndLatency;
    private final DistributionSummary confidence;
    private final Counter lowConfidence;
    private final Counter modelsLoaded;
    private final Counter modelsRejected;
    private final AtomicReference<Double> testAccuracy = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> oodAccuracy = new AtomicReference<>(Double.NaN);
    private final InputDriftMonitor drift;
    private Gauge modelInfo;
    private Gauge candidateInfo;
    private final ModelVersionMetrics versions;
    private final PromotionMetrics promotions;
    private final Map<Integer, java.util.concurrent.atomic.AtomicLong> switchOffsets = new java.util.concurrent.ConcurrentHashMap<>();

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.drift = new InputDriftMonitor(registry, InputDriftMonitor.DEFAULT_WINDOW);
        this.versions = new ModelVersionMetrics(registry);
        this.promotions = new PromotionMetrics(registry);
        for (int digit = 0; digit < 10; digit++) {
            String tag = Integer.toString(digit);
            predictions[digit] = Counter.builder(MeterNames.PREDICTIONS).description("Predictions made, by predicted digit")
                    .tag(MeterNames.TAG_DIGIT, tag).register(registry);
            labelled[digit] = Counter.builder(MeterNames.LABELLED).description("Predictions of labelled records, by true digit")
                    .tag(MeterNames.TAG_DIGIT, tag).register(registry);
            labelledCorrect[digit] = Counter.builder(MeterNames.LABELLED_CORRECT)
                    .description("Correct predictions of labelled records, by true digit")
                    .tag(MeterNames.TAG_DIGIT, tag).register(registry);
        }
        for (RejectReason reason : RejectReason.values()) {
            deadLetters.put(reason, Counter.builder(MeterNames.DEAD_LETTERS).description("Records sent to the dead-letter topic")
                    .tag(MeterNames.TAG_REASON, reason.code()).register(registry));
        }
        inferenceTime = Timer.builder(MeterNames.INFERENCE_TIME).description("Time in the classifier per image")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        endToEndLatency = Timer.builder(MeterNames.END_TO_END_LATENCY)
                .description("Input record timestamp to prediction")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        confidence = DistributionSummary.builder(MeterNames.CONFIDENCE).description("Confidence of each prediction")
                .serviceLevelObjectives(CONFIDENCE_BUCKETS).register(registry);
        lowConfidence = Counter.builder(MeterNames.LOW_CONFIDENCE)
                .description("Predictions under the review threshold").register(registry);
        modelsLoaded = Counter.builder(MeterNames.MODEL_LOADS).description("Model versions loaded or refused")
                .tag(MeterNames.TAG_OUTCOME, MeterNames.OUTCOME_LOADED).register(registry);
        modelsRejected = Counter.builder(MeterNames.MODEL_LOADS).description("Model versions loaded or refused")
                .tag(MeterNames.TAG_OUTCOME, MeterNames.OUTCOME_REJECTED).register(registry);
        Gauge.builder(MeterNames.MODEL_TEST_ACCURACY, testAccuracy, AtomicReference::get)
                .description("The served model's accuracy on the MNIST test set (from its manifest)").register(registry);
        Gauge.builder(MeterNames.MODEL_OOD_ACCURACY, oodAccuracy, AtomicReference::get)
                .description("The served model's mean accuracy beyond MNIST's test set (from its manifest)")
                .register(registry);
    }

    /** Meters that go nowhere, for exception handlers configured without a registry. */
    public static ServingMetrics unregistered() {
        return new ServingMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters per model version and role (live and candidate accuracy, agreement, the candidate's cost). */
    public ModelVersionMetrics versions() {
        return versions;
    }

    /** The meters of automatic promotion. */
    public PromotionMetrics promotions() {
        return promotions;
    }

    /**
     * One prediction made of the preprocessed {@code image}: by digit, confidence, labelled accuracy, inference time,
     * end-to-end latency, and into the drift window.
     */
    public void predicted(Prediction prediction, float[] image, long inferenceNanos) {
        predictions[prediction.digit()].increment();
        drift.observe(prediction.model(), image, prediction.digit(), prediction.confidence());
        confidence.record(prediction.confidence());
        if (prediction.lowConfidence()) {
            lowConfidence.increment();
        }
        if (prediction.label() != null) {
            labelled[prediction.label()].increment();
            if (prediction.label() == prediction.digit()) {
                labelledCorrect[prediction.label()].increment();
            }
        }
        inferenceTime.record(inferenceNanos, TimeUnit.NANOSECONDS);
        long latency = prediction.predictedAt() - prediction.inputTimestamp();
        if (latency >= 0) {
            endToEndLatency.record(latency, TimeUnit.MILLISECONDS);
        }
    }

    public void deadLettered(RejectReason reason) {
        deadLetters.get(reason).increment();
    }

    /**
     * A model version now serves in {@code role}: its info gauge names it (the previous version's series is removed);
     * the live model's manifest figures go to the accuracy gauges.
     */
    public synchronized void serving(ModelRole role, ModelManifest manifest) {
        withdrawn(role);
        if (role == ModelRole.CANDIDATE) {
            candidateInfo = Gauge.builder(MeterNames.CANDIDATE_INFO, () -> 1)
                    .description("The candidate model version scored beside the live one")
                    .tag(MeterNames.TAG_VERSION, manifest.version()).register(registry);
            return;
        }
        modelInfo = Gauge.builder(MeterNames.MODEL_INFO, () -> 1).description("The model version being served")
                .tag(MeterNames.TAG_VERSION, manifest.version()).register(registry);
        testAccuracy.set(manifest.testAccuracy() == null ? Double.NaN : manifest.testAccuracy());
        oodAccuracy.set(SetMetrics.meanAccuracy(manifest.outOfDistribution()));
        drift.serving(manifest);
    }

    /** Nothing serves in {@code role} any more: its info gauge is removed. */
    public synchronized void withdrawn(ModelRole role) {
        if (role == ModelRole.CANDIDATE && candidateInfo != null) {
            registry.remove(candidateInfo);
            candidateInfo = null;
        } else if (role == ModelRole.LIVE && modelInfo != null) {
            registry.remove(modelInfo);
            modelInfo = null;
        }
    }

    public void modelLoaded() {
        modelsLoaded.increment();
    }

    public void modelRejected() {
        modelsRejected.increment();
    }

    /** The first record of input {@code partition} that the current model version scored was at {@code offset}. */
    public void switched(int partition, long offset) {
        switchOffsets.computeIfAbsent(partition, p -> {
            java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong(-1);
            Gauge.builder(MeterNames.MODEL_SWITCH_OFFSET, value, java.util.concurrent.atomic.AtomicLong::get)
                    .description("Input offset of the first record the current model version scored, per partition")
                    .tag(MeterNames.TAG_PARTITION, Integer.toString(p)).register(registry);
            return value;
        }).set(offset);
    }
}
