package io.digits.trainer;

import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelEvaluation;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small but genuinely trained model for other modules' tests: one epoch on the first 20,000 real MNIST
 * training images (about 97-98% on the test set), trained once per machine and then reused from
 * {@code $DIGITS_HOME/test-models/<FIXTURE_VERSION>/}. Concurrent JVMs (parallel builds) wait on a file
 * lock, so only one of them trains.
 *
 * <pre>
 *   ModelArtifact artifact = TestModels.trained();
 *   try (LoadedModel model = LoadedModel.load(artifact); DigitClassifier c = model.newClassifier()) { ... }
 * </pre>
 */
public final class TestModels {
    /**
     * Bump when the recipe below, the network or what the manifest must carry changes, so stale cached models are
     * not reused (v3: the manifest carries the input profile the service measures drift against).
     */
    public static final String FIXTURE_VERSION = "v3";
    /** The least test accuracy the fixture promises. */
    public static final double MIN_ACCURACY = 0.97;
    private static final Logger LOG = LoggerFactory.getLogger(TestModels.class);
    private static ModelArtifact cached;

    private TestModels() {
    }

    /** The folder the fixture's registry lives in. */
    public static Path registryFolder() {
        return MnistFiles.digitsHome().resolve("test-models").resolve(FIXTURE_VERSION);
    }

    /** The trained model, verified (checksum and ids); trains it first if this machine has none yet. */
    public static synchronized ModelArtifact trained() {
        if (cached != null) {
            return cached;
        }
        Path folder = registryFolder();
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                ModelRegistry registry = new ModelRegistry(folder);
                if (registry.latestVersion(ModelRegistry.DEFAULT_NAME).isPresent()) {
                    cached = registry.latest(ModelRegistry.DEFAULT_NAME);
                    return cached;
                }
                LOG.info("training the test model once for this machine into {} (about a minute)", folder);
                TrainingResult result = new Trainer().run(recipe(folder));
                if (result.testAccuracy() < MIN_ACCURACY) {
                    throw new IllegalStateException("the test model reached only " + result.testAccuracy()
                            + " test accuracy; expected at least " + MIN_ACCURACY);
                }
                cached = result.artifact();
                return cached;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provide the test model in " + folder, e);
        } catch (ArtifactRejectedException e) {
            throw new IllegalStateException("the cached test model in " + folder + " is unusable (delete the folder): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Publishes the parameter file of {@code artifact} again as a new version of {@code registry} (a second, distinct
     * version of the same model: its predictions are the same); returns it.
     */
    public static String publishCopy(ModelRegistry registry, ModelArtifact artifact) throws IOException {
        ModelManifest manifest = artifact.manifest();
        try (ModelRegistry.Draft draft = registry.draft(ModelRegistry.DEFAULT_NAME)) {
            Files.copy(artifact.folder().resolve(manifest.paramsFile()), draft.folder().resolve(manifest.paramsFile()));
            return draft.publish(manifest.testAccuracy() == null ? null
                    : new ModelEvaluation(manifest.testAccuracy(), manifest.perClass()),
                    Map.of("copied-from", artifact.version()), null, null, manifest.inputProfile()).version();
        }
    }

    /** One epoch over 18,000 training images (20,000 less the validation split), batch 64, no augmentation. */
    static TrainingOptions recipe(Path registry) {
        return TrainingOptions.builder(TrainingProfile.QUICK)
                .epochs(1)
                .batchSize(64)
                .limit(20_000)
                .seed(7)
                .augment(false)
                .progress(false)
                .registry(registry)
                .build();
    }
}
