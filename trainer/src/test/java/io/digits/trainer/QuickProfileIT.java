package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick profile, exactly as {@code ./digits train} runs it, on the real 60k/10k MNIST: at least 99%. */
class QuickProfileIT {

    @Test
    void reachesNinetyNinePercentOnTheOfficialTestSet(@TempDir Path registry) throws Exception {
        TrainingOptions options = TrainingOptions.builder(TrainingProfile.QUICK).progress(false).registry(registry)
                .build();

        TrainingResult result = new Trainer().run(options);

        assertThat(result.history()).hasSize(TrainingProfile.QUICK.epochs());
        assertThat(result.trainImages()).isEqualTo(54_000);
        assertThat(result.confusion().total()).isEqualTo(10_000);
        assertThat(result.testAccuracy()).isGreaterThanOrEqualTo(0.99);
        ModelArtifact published = new ModelRegistry(registry).latest("digits");
        assertThat(published.manifest().testAccuracy()).isEqualTo(result.testAccuracy());
    }
}
