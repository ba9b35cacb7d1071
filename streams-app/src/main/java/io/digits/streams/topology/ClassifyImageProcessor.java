package io.digits.streams.topology;

import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.image.RejectReason;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.record.Prediction;
import io.digits.core.record.RecordHeaders;
import io.digits.streams.deadletter.DeadLetterProcessingHandler;
import io.digits.streams.deadletter.InferenceFailedException;
import io.digits.streams.deadletter.RecordRejectedException;
import io.digits.streams.metrics.ServingMetrics;
import io.digits.streams.model.ModelRole;
import io.digits.streams.model.ThreadClassifiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image record in, prediction out, key kept. Each record is preprocessed at once (core's
 * {@link MnistPreprocessor}); one that cannot be is thrown as a {@link RecordRejectedException}, which
 * {@link DeadLetterProcessingHandler} turns into a dead letter with the record's own bytes.
 *
 * <p>Classification runs in batches when the batch size is above 1, since the engine classifies a batch faster
 * than its images one by one. Accepted images wait in a changelogged state store, not only in memory: the input
 * offset of a waiting image may be committed, and after a crash the store is restored from its changelog (under
 * exactly-once in the same transaction as the offsets), so a waiting image is never lost nor classified twice.
 * A batch is classified when it is full; when its input goes quiet (no image came since the previous check, a
 * wall-clock punctuation every {@link #lingerCheckInterval}); and at the latest after the linger time. So what
 * arrives together is classified together: a busy service fills its batches, while an image that arrives alone
 * waits about one check interval, not the whole linger time.
 *
 * <p>While a candidate model is served, it scores every batch after the live model: its predictions are forwarded
 * with {@link ModelRole#CANDIDATE} (the topology sends them to the shadow-predictions topic), after the live ones
 * and in the same transaction. A candidate that fails is counted ({@code digits.shadow.failures}) and skipped; the
 * live predictions go out regardless.
 */
final class ClassifyImageProcessor implements Processor<String, byte[], String, ModelPrediction> {
    static final String JSON = "application/json";

    private static final Logger log = LoggerFactory.getLogger(ClassifyImageProcessor.class);
    private final MnistPreprocessor preprocessor;
    private final ThreadClassifiers classifiers;
    private final ThreadClassifiers candidates;
    private final ServingMetrics metrics;
    private final double reviewThreshold;
    private final int batchSize;
    private final Duration linger;
    private ProcessorContext<String, ModelPrediction> context;
    private KeyValueStore<Long, PendingImage> buffer;
    private long nextSequence;
    private int waiting;
    /** When the oldest waiting image arrived (wall clock), if any waits. */
    private long oldestWaitingSince;
    /** Whether an image joined the batch since the previous punctuation. */
    private boolean arrivedSinceCheck;
    /** The model version this task last scored with. */
    private String lastVersion;
    /** The candidate version whose last failure this task logged (one line per version, the meter counts them all). */
    private String loggedCandidateFailure;

    ClassifyImageProcessor(MnistPreprocessor preprocessor, ThreadClassifiers classifiers, ThreadClassifiers candidates,
                           ServingMetrics metrics, double reviewThreshold, int batchSize, Duration linger) {
        this.preprocessor = preprocessor;
        this.classifiers = classifiers;
        this.candidates = candidates;
        this.metrics = metrics;
        this.reviewThreshold = reviewThreshold;
        this.batchSize = batchSize;
        this.linger = linger;
    }

    @Override
    public void init(ProcessorContext<String, ModelPrediction> context) {
        this.context = context;
        if (batchSize > 1) {
            buffer = context.getStateStore(ClassificationTopology.BATCH_BUFFER);
            // After a restart the buffer holds what was restored from its changelog: count it exactly (not by
            // approximateNumEntries(), an estimate for persistent stores), so restored images are classified at
            // the first punctuation even when no new input comes.
            waiting = 0;
            nextSequence = 0;
            try (KeyValueIterator<Long, PendingImage> restored = buffer.all()) {
                while (restored.hasNext()) {
                    nextSequence = Math.max(nextSequence, restored.next().key + 1);
                    waiting++;
                }
            }
            oldestWaitingSince = context.currentSystemTimeMs();
            context.schedule(lingerCheckInterval(linger), PunctuationType.WALL_CLOCK_TIME, this::classifyLingering);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PendingImage image = new PendingImage(record.key(), id(record), record.timestamp(),
                RecordHeaders.label(record.headers()).orElse(null), preprocess(record),
                context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
        if (buffer == null) {
            classify(List.of(image));
            return;
        }
        if (waiting == 0) {
            oldestWaitingSince = context.currentSystemTimeMs();
        }
        buffer.put(nextSequence++, image);
        arrivedSinceCheck = true;
        if (++waiting >= batchSize) {
            classifyWaiting();
        }
    }

    /**
     * How often the punctuation looks for a lingered-out batch: a quarter of the linger time (at least 1 ms), so an
     * image waits at most about 1.25 times the linger time, not up to twice it as with a check every linger time.
     */
    static Duration lingerCheckInterval(Duration linger) {
        return Duration.ofMillis(Math.max(1, linger.toMillis() / 4));
    }

    /**
     * The punctuation: classifies the waiting images when none joined them since the previous check (the input
     * went quiet) or once the oldest has waited the linger time. (Flushing at every punctuation would cut batches
     * short under load, since a punctuation follows every few records.)
     */
    private void classifyLingering(long now) {
        if (waiting > 0 && (!arrivedSinceCheck || now - oldestWaitingSince >= linger.toMillis())) {
            classifyWaiting();
        }
        arrivedSinceCheck = false;
    }

    /** Classifies every waiting image, in batches, and removes them from the buffer. */
    private void classifyWaiting() {
        List<KeyValue<Long, PendingImage>> all = new ArrayList<>(waiting);
        try (KeyValueIterator<Long, PendingImage> iterator = buffer.all()) {
            iterator.forEachRemaining(all::add);
        }
        for (int from = 0; from < all.size(); from += batchSize) {
            List<KeyValue<Long, PendingImage>> batch = all.subList(from, Math.min(all.size(), from + batchSize));
            classify(batch.stream().map(kv -> kv.value).toList());
            for (KeyValue<Long, PendingImage> kv : batch) {
                buffer.delete(kv.key);
            }
        }
        waiting = 0;
    }

    private void classify(List<PendingImage> images) {
        float[][] inputs = new float[images.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = images.get(i).image();
        }
        ThreadClassifiers.Scorer scorer = classifiers.forCurrentThread();
        noteSwitch(scorer.model(), images.get(0).offset());
        Headers headers = predictionHeaders(scorer.model());
        long start = System.nanoTime();
        float[][] probabilities;
        try {
            probabilities = scorer.classifier().classify(inputs);
        } catch (RuntimeException e) {
            throw new InferenceFailedException(inputs.length, e);
        }
        long nanosPerImage = (System.nanoTime() - start) / inputs.length;
        long now = System.currentTimeMillis();
        List<Prediction> live = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            PendingImage image = images.get(i);
            Prediction prediction = prediction(image, probabilities[i], scorer.classifier().version(), now);
            metrics.predicted(prediction, inputs[i], nanosPerImage);
            metrics.versions().scored(ModelRole.LIVE, prediction);
            live.add(prediction);
            context.forward(new Record<>(image.key(), ModelPrediction.live(prediction),
                    image.timestamp(), headers));
        }
        candidates.forCurrentThreadIfServing().ifPresent(candidate -> shadow(candidate, images, inputs, live));
    }

    /** The candidate scores the batch the live model just scored; a failure is counted and logged, never thrown. */
    private void shadow(ThreadClassifiers.Scorer candidate, List<PendingImage> images, float[][] inputs,
                        List<Prediction> live) {
        String version = candidate.model().version();
        long start = System.nanoTime();
        float[][] probabilities;
        try {
            probabilities = candidate.classifier().classify(inputs);
        } catch (RuntimeException e) {
            metrics.versions().shadowFailed(version, inputs.length);
            if (!version.equals(loggedCandidateFailure)) {
                loggedCandidateFailure = version;
                log.warn("candidate model {} failed to score {} image(s); the live predictions went out: {}", version,
                        inputs.length, e.toString());
            }
            return;
        }
        long nanosPerImage = (System.nanoTime() - start) / inputs.length;
        long now = System.currentTimeMillis();
        Headers headers = predictionHeaders(candidate.model());
        for (int i = 0; i < inputs.length; i++) {
            PendingImage image = images.get(i);
            Prediction prediction = prediction(image, probabilities[i], version, now);
            metrics.versions().scored(ModelRole.CANDIDATE, prediction);
            metrics.versions().shadowed(live.get(i), prediction, nanosPerImage);
            context.forward(new Record<>(image.key(), ModelPrediction.candidate(prediction, live.get(i)),
                    image.timestamp(), headers));
        }
    }

    private Prediction prediction(PendingImage image, float[] probabilities, String version, long now) {
        int digit = DigitClassifier.argmax(probabilities);
        float confidence = probabilities[digit];
        return new Prediction(image.id(), digit, confidence, probabilities, version, image.label(),
                confidence < reviewThreshold, image.timestamp(), now);
    }

    private float[] preprocess(Record<String, byte[]> record) {
        try {
            if (record.value() == null) {
                throw new ImageRejectedException(RejectReason.EMPTY, "the record has no value");
            }
            return preprocessor.preprocess(record.value(), RecordHeaders.text(record.headers(), RecordHeaders.CONTENT_TYPE));
        } catch (ImageRejectedException e) {
            throw new RecordRejectedException(e);
        }
    }

    /** The record key, or where the record came from when it has none. */
    private String id(Record<String, byte[]> record) {
        if (record.key() != null) {
            return record.key();
        }
        return context.recordMetadata().map(ClassifyImageProcessor::where).orElse("unknown@" + record.timestamp());
    }

    private static String where(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }

    /** Every prediction names the version and the parameters' SHA-256 of the model that made it. */
    private static Headers predictionHeaders(LoadedModel model) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(JSON));
        headers.add(RecordHeaders.MODEL_VERSION, RecordHeaders.utf8(model.version()));
        headers.add(RecordHeaders.MODEL_SHA256, RecordHeaders.utf8(model.artifact().manifest().sha256()));
        return headers;
    }

    /**
     * This task's input partition switched versions at {@code offset} (the first record the new one scores): a log
     * line and the {@code digits.model.switch.offset} gauge. A task reads one partition of the images topic.
     */
    private void noteSwitch(LoadedModel model, long offset) {
        String version = model.version();
        if (version.equals(lastVersion)) {
            return;
        }
        int partition = context.taskId().partition();
        if (lastVersion != null) {
            log.info("partition {} switched model from {} to {} at offset {}", partition, lastVersion, version, offset);
        } else {
            log.info("partition {} scores with model {} from offset {}", partition, version, offset);
        }
        lastVersion = version;
        metrics.switched(partition, offset);
    }
}
