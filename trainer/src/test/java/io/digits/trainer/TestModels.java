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
    private static ModelArtifact cachedWeak;

    private TestModels() {
    }

    /** The folder the fixture's registry lives in. */
    public static Path registryFolder() {
        return MnistFiles.digitsHome().resolve("test-models").resolve(FIXTURE_VERSION);
    }

    /** The trained model, verified (checksum and ids); trains it first if this machine has none yet. */
    public static synchronized ModelArtifact trained() {
        if (cached == null) {
            cached = cachedOrTrained(registryFolder(), recipe(registryFolder()), MIN_ACCURACY, "the test model");
        }
        return cached;
    }

    /**
     * A deliberately worse model, for tests of what must never be promoted: one epoch on the first
     * {@value #WEAK_IMAGES} training images (the seed CNN reaches about 37% on the test set from so few), trained
     * once per machine like {@link #trained()}, into {@code test-models/<FIXTURE_VERSION>-weak/}.
     */
    public static synchronized ModelArtifact weak() {
        if (cachedWeak == null) {
            Path folder = MnistFiles.digitsHome().resolve("test-models").resolve(FIXTURE_VERSION + "-weak");
            cachedWeak = cachedOrTrained(folder, TrainingOptions.builder(TrainingProfile.QUICK).epochs(1).batchSize(32)
                    .limit(WEAK_IMAGES).seed(7).augment(false).progress(false).registry(folder).build(), 0.2, "the weak test model");
        }
        return cachedWeak;
    }

    /** Training images of {@link #weak()} (with its validation split). */
    public static final int WEAK_IMAGES = 400;

    /** The newest version in {@code folder}, else trained there by {@code recipe} (at least {@code minAccuracy}). */
    private static ModelArtifact cachedOrTrained(Path folder, TrainingOptions recipe, double minAccuracy, String what) {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                ModelRegistry registry = new ModelRegistry(folder);
                if (registry.latestVersion(ModelRegistry.DEFAULT_NAME).isPresent()) {
                    return registry.latest(ModelRegistry.DEFAULT_NAME);
                }
                LOG.info("training {} once for this machine into {}", what, folder);
                TrainingResult result = new Trainer().run(recipe);
                if (result.testAccuracy() < minAccuracy) {
                    throw new IllegalStateException(what + " reached only " + result.testAccuracy()
                            + " test accuracy; expected at least " + minAccuracy);
                }
                return result.artifact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provide " + what + " in " + folder, e);
        } catch (ArtifactRejectedException e) {
            throw new IllegalStateException("the cached model in " + folder + " is unusable (delete the folder): "
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
