package io.digits.trainer;

import io.digits.core.Topics;
import io.digits.core.model.ModelRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one training run needs, with the profile's defaults. Build with {@link #of(TrainingProfile)}
 * and the {@code with...} methods.
 *
 * @param profile            the recipe the defaults came from
 * @param epochs             passes over the training split
 * @param batchSize          images per optimizer step
 * @param limit              train on the first N of the 60k images (0 = all), before the validation split
 * @param seed               seeds the split, the shuffles, the augmentation and the weight initialisation
 * @param threads            PyTorch intra-op threads (0 = one per core)
 * @param registry           the model registry folder
 * @param modelName          the model's name in the registry
 * @param augment            random rotation/zoom/shift per image per epoch (the seed's ImageDataGenerator)
 * @param learningRate       RMSprop's initial learning rate
 * @param halveLastEpoch     run the last epoch at half the learning rate (quick profile)
 * @param validationFraction share of each class held out for validation
 * @param progress           draw a progress bar on stderr
 * @param announceBootstrap  Kafka bootstrap servers to announce the model on, or null for no announcement
 * @param announceTopic      the topic announcements go to
 */
public record TrainingOptions(
        TrainingProfile profile,
        int epochs,
        int batchSize,
        int limit,
        long seed,
        int threads,
        Path registry,
        String modelName,
        boolean augment,
        float learningRate,
        boolean halveLastEpoch,
        double validationFraction,
        boolean progress,
        String announceBootstrap,
        String announceTopic) {

    public static final long DEFAULT_SEED = 42;
    public static final Path DEFAULT_REGISTRY = Path.of("models");

    public TrainingOptions {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(modelName, "modelName");
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(limit >= 0, "--limit must be 0 (all) or positive, got " + limit);
        require(threads >= 0, "--threads must be 0 (one per core) or positive, got " + threads);
        require(learningRate > 0, "the learning rate must be positive, got " + learningRate);
        require(validationFraction > 0 && validationFraction < 1,
                "the validation fraction must be between 0 and 1, got " + validationFraction);
    }

    /** The profile's recipe with the default seed, registry and model name. */
    public static TrainingOptions of(TrainingProfile profile) {
        return new TrainingOptions(profile, profile.epochs(), profile.batchSize(), 0, DEFAULT_SEED, 0,
                DEFAULT_REGISTRY, ModelRegistry.DEFAULT_NAME, profile.augment(), KerasRmsProp.DEFAULT_LEARNING_RATE,
                profile.halveLastEpoch(), 0.1, true, null, Topics.MODELS);
    }

    public TrainingOptions withEpochs(int n) {
        return new TrainingOptions(profile, n, batchSize, limit, seed, threads, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withBatchSize(int n) {
        return new TrainingOptions(profile, epochs, n, limit, seed, threads, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withLimit(int n) {
        return new TrainingOptions(profile, epochs, batchSize, n, seed, threads, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(profile, epochs, batchSize, limit, s, threads, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withThreads(int n) {
        return new TrainingOptions(profile, epochs, batchSize, limit, seed, n, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withRegistry(Path dir) {
        return new TrainingOptions(profile, epochs, batchSize, limit, seed, threads, dir, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withModelName(String name) {
        return new TrainingOptions(profile, epochs, batchSize, limit, seed, threads, registry, name, augment,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withAugment(boolean on) {
        return new TrainingOptions(profile, epochs, batchSize, limit, seed, threads, registry, modelName, on,
                learningRate, halveLastEpoch, validationFraction, progress, announceBootstrap, announceTopic);
    }

    public TrainingOptions withProgress(boolean on) {
        return new TrainingOptions(profile, epochs, batchSize, limit, seed, threads, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, on, announceBootstrap, announceTopic);
    }

    /** Announce the published model on {@code topic} via {@code bootstrap} (null bootstrap: don't). */
    public TrainingOptions withAnnouncement(String bootstrap, String topic) {
        return new TrainingOptions(profile, epochs, batchSize, limit, seed, threads, registry, modelName, augment,
                learningRate, halveLastEpoch, validationFraction, progress, bootstrap, topic);
    }

    /** The PyTorch intra-op thread count this run uses. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
