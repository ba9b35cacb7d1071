package io.digits.trainer;

import io.digits.core.drift.InputProfile;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.mnist.MnistDataset;

/**
 * The manifest's input profile, measured on the held-out validation split with the trained model through
 * {@link DigitClassifier}, the inference path serving uses. The validation split rather than MNIST's test set: it
 * is what the training data looks like without being what the model learned from, and it leaves the test set
 * independent of the reference, so MNIST test images streamed to the service measure the drift signal's noise
 * honestly.
 */
final class ValidationProfile {
    static final String SOURCE = "validation split";
    private static final int BATCH = 500;

    private ValidationProfile() {
    }

    /** The profile of the images of {@code train} at {@code validation}, as raw MNIST images reach the service. */
    static InputProfile of(DigitClassifier classifier, MnistDataset train, int[] validation) {
        InputProfile.Builder profile = InputProfile.builder(SOURCE);
        for (int start = 0; start < validation.length; start += BATCH) {
            int n = Math.min(BATCH, validation.length - start);
            float[][] images = new float[n][];
            for (int k = 0; k < n; k++) {
                images[k] = MnistPreprocessor.normalise(train.images()[validation[start + k]]);
            }
            float[][] probabilities = classifier.classify(images);
            for (int k = 0; k < n; k++) {
                profile.add(images[k], probabilities[k]);
            }
        }
        return profile.build();
    }
}
