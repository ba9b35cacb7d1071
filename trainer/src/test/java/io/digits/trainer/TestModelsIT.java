package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import org.junit.jupiter.api.Test;

class TestModelsIT {

    @Test
    void providesAVerifiedModelThatReallyClassifiesMnist() throws Exception {
        ModelArtifact artifact = TestModels.trained();

        assertThat(artifact.manifest().testAccuracy()).isGreaterThanOrEqualTo(TestModels.MIN_ACCURACY);
        assertThat(TestModels.trained()).isSameAs(artifact);
        assertThat(artifact.manifest().inputProfile()).as("the reference drift is measured against").isNotNull();
        assertThat(artifact.manifest().inputProfile().images())
                .isEqualTo(((Number) artifact.manifest().training().get("validationImages")).longValue());
        MnistDataset test = MnistFiles.defaultLocation().test().limit(1000);
        int correct = 0;
        try (LoadedModel model = LoadedModel.load(artifact); DigitClassifier classifier = model.newClassifier()) {
            for (int i = 0; i < test.size(); i++) {
                float[] p = classifier.classify(MnistPreprocessor.normalise(test.images()[i]));
                if (DigitClassifier.argmax(p) == test.label(i)) {
                    correct++;
                }
            }
        }
        assertThat(correct / 1000.0).isGreaterThanOrEqualTo(0.95);
    }
}
