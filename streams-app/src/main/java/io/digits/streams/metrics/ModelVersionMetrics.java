package io.digits.streams.metrics;

import io.digits.core.record.Prediction;
import io.digits.streams.model.ModelRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of each model version in its role (names in {@link MeterNames}): labelled and correct per true digit
 * (accuracy and per-digit recall, as Prometheus rates), confidence; and, for a candidate scored beside the live model,
 * how often both scored an image and agreed, its inference time and its failures. A version's series are created at
 * its first prediction, all ten digits at zero. Thread-safe.
 */
public final class ModelVersionMetrics {
    private final MeterRegistry registry;
    /** Per role, per version: no key built per prediction (this runs for every image). */
    private final Map<ModelRole, Map<String, Scored>> scored = new EnumMap<>(ModelRole.class);
    private final Map<String, Shadow> shadows = new ConcurrentHashMap<>();

    ModelVersionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ModelRole role : ModelRole.values()) {
            scored.put(role, new ConcurrentHashMap<>());
        }
    }

    /** One prediction of {@code role}'s model (the prediction names its version). */
    public void scored(ModelRole role, Prediction prediction) {
        scored.get(role).computeIfAbsent(prediction.model(), version -> new Scored(role, version)).record(prediction);
    }

    /** The live model and the candidate both scored one image; the candidate's classifier took {@code nanos} for it. */
    public void shadowed(Prediction live, Prediction candidate, long nanos) {
        Shadow shadow = shadow(candidate.model());
        shadow.scored.increment();
        if (live.digit() == candidate.digit()) {
            shadow.agreed.increment();
        }
        shadow.inferenceTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The candidate {@code version} failed to score {@code images} images. */
    public void shadowFailed(String version, int images) {
        shadow(version).failures.increment(images);
    }

    private Shadow shadow(String version) {
        return shadows.computeIfAbsent(version, Shadow::new);
    }

    private final class Scored {
        private final Counter[] labelled = new Counter[10];
        private final Counter[] correct = new Counter[10];
        private final DistributionSummary confidence;

        Scored(ModelRole role, String version) {
            Tags tags = Tags.of(MeterNames.TAG_VERSION, version, MeterNames.TAG_ROLE, role.tag());
            for (int digit = 0; digit < 10; digit++) {
                Tags digitTags = tags.and(MeterNames.TAG_DIGIT, Integer.toString(digit));
                labelled[digit] = Counter.builder(MeterNames.MODEL_LABELLED)
                        .description("Labelled images a model version scored, by true digit").tags(digitTags)
                        .register(registry);
                correct[digit] = Counter.builder(MeterNames.MODEL_LABELLED_CORRECT)
                        .description("Labelled images a model version scored right, by true digit").tags(digitTags)
                        .register(registry);
            }
            confidence = DistributionSummary.builder(MeterNames.MODEL_CONFIDENCE)
                    .description("Confidence of a model version's predictions").tags(tags).register(registry);
        }

        void record(Prediction prediction) {
            confidence.record(prediction.confidence());
            if (prediction.label() != null) {
                labelled[prediction.label()].increment();
                if (prediction.label() == prediction.digit()) {
                    correct[prediction.label()].increment();
                }
            }
        }
    }

    private final class Shadow {
        private final Counter scored;
        private final Counter agreed;
        private final Timer inferenceTime;
        private final Counter failures;

        Shadow(String version) {
            Tags tags = Tags.of(MeterNames.TAG_VERSION, version);
            scored = Counter.builder(MeterNames.SHADOW_SCORED)
                    .description("Images scored by both the live model and the candidate").tags(tags).register(registry);
            agreed = Counter.builder(MeterNames.SHADOW_AGREED)
                    .description("Images on which the candidate predicted the live model's digit").tags(tags)
                    .register(registry);
            inferenceTime = Timer.builder(MeterNames.SHADOW_INFERENCE_TIME)
                    .description("Time in the candidate's classifier per image").tags(tags)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
            failures = Counter.builder(MeterNames.SHADOW_FAILURES)
                    .description("Images the candidate failed to score").tags(tags).register(registry);
        }
    }
}
