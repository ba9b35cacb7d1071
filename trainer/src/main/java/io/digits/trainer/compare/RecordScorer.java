package io.digits.trainer.compare;

import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.record.RecordHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Scores image records with two classifiers the way the service would: the service's preprocessing ({@link
 * MnistPreprocessor}, the {@code content-type} header, the same refusals as dead-letter reasons), the {@code label}
 * header read as the service reads it, and the most probable digit. Accepted images are classified in batches.
 * Call {@link #flush()} after the last record.
 */
public final class RecordScorer implements Consumer<ConsumerRecord<String, byte[]>> {
    static final int BATCH = 64;

    private final MnistPreprocessor preprocessor;
    private final DigitClassifier a;
    private final DigitClassifier b;
    private final ComparisonTally tally;
    private final List<float[]> images = new ArrayList<>(BATCH);
    private final List<Integer> labels = new ArrayList<>(BATCH);

    public RecordScorer(MnistPreprocessor preprocessor, DigitClassifier a, DigitClassifier b, ComparisonTally tally) {
        this.preprocessor = preprocessor;
        this.a = a;
        this.b = b;
        this.tally = tally;
    }

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
        float[] image;
        try {
            image = preprocessor.preprocess(record.value(), RecordHeaders.text(record.headers(), RecordHeaders.CONTENT_TYPE));
        } catch (ImageRejectedException e) {
            tally.rejected(e.reason());
            return;
        }
        images.add(image);
        labels.add(RecordHeaders.label(record.headers()).orElse(null));
        if (images.size() >= BATCH) {
            flush();
        }
    }

    /** Classifies the images still waiting. */
    public void flush() {
        if (images.isEmpty()) {
            return;
        }
        float[][] batch = images.toArray(new float[0][]);
        float[][] byA = a.classify(batch);
        float[][] byB = b.classify(batch);
        for (int i = 0; i < batch.length; i++) {
            tally.classified(labels.get(i), DigitClassifier.argmax(byA[i]), DigitClassifier.argmax(byB[i]));
        }
        images.clear();
        labels.clear();
    }
}
