package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.SetMetrics;
import java.nio.file.Path;
import java.util.Map;
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

        // beyond MNIST's test set: every set measured, recorded in the manifest, well above chance (10%)
        Map<String, SetMetrics> ood = published.manifest().outOfDistribution();
        assertThat(ood).isEqualTo(result.outOfDistribution())
                .containsKeys("mnist-png", "downsample-8", "downsample-16", "blur", "thick", "thin", "low-contrast",
                        "jpeg", "fonts");
        System.out.println(OodTable.header());
        ood.forEach((set, m) -> System.out.println(OodTable.row(set, m)));
        ood.forEach((set, m) -> {
            assertThat(m.accuracy()).as(set).isGreaterThan(0.5);
            assertThat(m.recall()).as(set).hasSize(10);
            assertThat(published.folder().resolve(OodEvaluation.galleryFile(set))).isNotEmptyFile();
        });
        assertThat(ood.get("downsample-8").accuracy()).isLessThan(result.testAccuracy());
        assertThat(published.manifest().oodRegression()).isNull();
    }
}
