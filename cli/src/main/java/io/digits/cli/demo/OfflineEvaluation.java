package io.digits.cli.demo;

import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.record.ContentType;
import io.digits.mnist.MnistDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model's accuracy on the same images the demo streams, computed in-process with the same
 * preprocessing and classifier the streams app uses: the figure the streamed accuracy must equal.
 */
final class OfflineEvaluation {
    private static final int BATCH = 256;

    private OfflineEvaluation() {
    }

    /**
     * Correctly classified images of {@code images}, out of {@code images.size()}; an image the
     * preprocessing refuses (the stream would dead-letter it) counts as not correct.
     */
    static long correct(LoadedModel model, MnistDataset images) {
        MnistPreprocessor preprocessor = new MnistPreprocessor();
        Optional<String> raw = Optional.of(ContentType.MNIST_784.mimeType());
        long correct = 0;
        try (DigitClassifier classifier = model.newClassifier()) {
            for (int start = 0; start < images.size(); start += BATCH) {
                int end = Math.min(start + BATCH, images.size());
                List<float[]> accepted = new ArrayList<>(end - start);
                List<Integer> labels = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    try {
                        accepted.add(preprocessor.preprocess(images.images()[i], raw));
                        labels.add(images.label(i));
                    } catch (ImageRejectedException rejected) {
                        // a dead letter in the stream: not a correct prediction
                    }
                }
                float[][] probabilities = classifier.classify(accepted.toArray(new float[0][]));
                for (int i = 0; i < probabilities.length; i++) {
                    if (DigitClassifier.argmax(probabilities[i]) == labels.get(i)) {
                        correct++;
                    }
                }
            }
        }
        return correct;
    }
}
