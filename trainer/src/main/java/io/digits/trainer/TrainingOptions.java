package io.digits.trainer;

import io.digits.core.model.ModelRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one training run needs, with the profile's defaults: {@link #of(TrainingProfile)}, or
 * {@link #builder(TrainingProfile)} to change some.
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
 * @param scanAugment        degrade 60% of the images per epoch as scans do: resolution, blur, pen width, noise
 *                           ({@link ScanAugmenter})
 * @param learningRate       RMSprop's initial learning rate
 * @param halveLastEpoch     run the last epoch at half the learning rate (quick profile)
 * @param validationFraction share of each class held out for validation
 * @param progress           draw a progress bar on stderr
 * @param evaluateOod        measure the model on the sets beyond MNIST's test set ({@link OodSets}) and guard the
 *                           publication with them ({@link OodGuard})
 * @param allowOodRegression publish even when the guard finds the model worse than the one it replaces there
 *                           (with a warning and {@code oodRegression} in the manifest)
 * @param oodMarginPoints    how many percentage points of mean accuracy beyond MNIST the guard tolerates losing
 * @param oodEveryEpoch      also measure the sets beyond MNIST's test set after every epoch (log, metrics.json,
 *                           training curves)
 * @param averageLastEpochs  publish the mean of the weights at the end of the last N epochs when it validates at
 *                           least as well as the last epoch's (0 or 1 = the last epoch's weights; the builder
 *                           caps it at the epochs)
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
        boolean scanAugment,
        float learningRate,
        boolean halveLastEpoch,
        double validationFraction,
        boolean progress,
        boolean evaluateOod,
        boolean allowOodRegression,
        double oodMarginPoints,
        boolean oodEveryEpoch,
        int averageLastEpochs) {

    public static final long DEFAULT_SEED = 42;
    public static final Path DEFAULT_REGISTRY = Path.of("models");
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

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
        require(averageLastEpochs >= 0 && averageLastEpochs <= epochs,
                "--average-last must be 0 or positive, got " + averageLastEpochs);
        require(oodMarginPoints >= 0 && oodMarginPoints <= 100,
                "--ood-margin must be between 0 and 100 percentage points, got " + oodMarginPoints);
    }

    /** The profile's recipe with the default seed, registry and model name. */
    public static TrainingOptions of(TrainingProfile profile) {
        return builder(profile).build();
    }

    /** A builder starting from the profile's recipe. */
    public static Builder builder(TrainingProfile profile) {
        return new Builder(profile);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(profile).epochs(epochs).batchSize(batchSize).limit(limit).seed(seed).threads(threads)
                .registry(registry).modelName(modelName).augment(augment).scanAugment(scanAugment)
                .learningRate(learningRate)
                .halveLastEpoch(halveLastEpoch).validationFraction(validationFraction).progress(progress)
                .evaluateOod(evaluateOod).allowOodRegression(allowOodRegression).oodMarginPoints(oodMarginPoints)
                .oodEveryEpoch(oodEveryEpoch).averageLastEpochs(averageLastEpochs);
    }

    public TrainingOptions withEpochs(int n) {
        return toBuilder().epochs(n).build();
    }

    public TrainingOptions withBatchSize(int n) {
        return toBuilder().batchSize(n).build();
    }

    public TrainingOptions withLimit(int n) {
        return toBuilder().limit(n).build();
    }

    public TrainingOptions withThreads(int n) {
        return toBuilder().threads(n).build();
    }

    public TrainingOptions withAugment(boolean on) {
        return toBuilder().augment(on).build();
    }

    public TrainingOptions withProgress(boolean on) {
        return toBuilder().progress(on).build();
    }

    public TrainingOptions withRegistry(Path folder) {
        return toBuilder().registry(folder).build();
    }

    /** The PyTorch intra-op thread count this run uses. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Collects options over a profile's defaults; {@link #build()} checks them. */
    public static final class Builder {
        private final TrainingProfile profile;
        private int epochs;
        private int batchSize;
        private int limit;
        private long seed = DEFAULT_SEED;
        private int threads;
        private Path registry = DEFAULT_REGISTRY;
        private String modelName = ModelRegistry.DEFAULT_NAME;
        private boolean augment;
        private boolean scanAugment;
        private float learningRate = KerasRmsProp.DEFAULT_LEARNING_RATE;
        private boolean halveLastEpoch;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private boolean progress = true;
        private boolean evaluateOod = true;
        private boolean allowOodRegression;
        private double oodMarginPoints = OodGuard.DEFAULT_MARGIN_POINTS;
        private boolean oodEveryEpoch;
        private int averageLastEpochs;

        private Builder(TrainingProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.epochs = profile.epochs();
            this.batchSize = profile.batchSize();
            this.augment = profile.augment();
            this.scanAugment = profile.scanAugment();
            this.halveLastEpoch = profile.halveLastEpoch();
            this.averageLastEpochs = profile.averageLastEpochs();
        }

        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        public Builder limit(int n) {
            limit = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder registry(Path folder) {
            registry = folder;
            return this;
        }

        public Builder modelName(String name) {
            modelName = name;
            return this;
        }

        public Builder augment(boolean on) {
            augment = on;
            return this;
        }

        public Builder scanAugment(boolean on) {
            scanAugment = on;
            return this;
        }

        public Builder progress(boolean on) {
            progress = on;
            return this;
        }

        public Builder learningRate(float rate) {
            learningRate = rate;
            return this;
        }

        public Builder halveLastEpoch(boolean on) {
            halveLastEpoch = on;
            return this;
        }

        public Builder validationFraction(double fraction) {
            validationFraction = fraction;
            return this;
        }

        public Builder evaluateOod(boolean on) {
            evaluateOod = on;
            return this;
        }

        public Builder allowOodRegression(boolean on) {
            allowOodRegression = on;
            return this;
        }

        public Builder oodMarginPoints(double points) {
            oodMarginPoints = points;
            return this;
        }

        public Builder oodEveryEpoch(boolean on) {
            oodEveryEpoch = on;
            return this;
        }

        public Builder averageLastEpochs(int n) {
            averageLastEpochs = n;
            return this;
        }

        /** The options; an {@link IllegalArgumentException} names the first bad value. */
        public TrainingOptions build() {
            return new TrainingOptions(profile, epochs, batchSize, limit, seed, threads, registry, modelName, augment,
                    scanAugment, learningRate, halveLastEpoch, validationFraction, progress, evaluateOod,
                    allowOodRegression, oodMarginPoints, oodEveryEpoch,
                    averageLastEpochs < 0 ? averageLastEpochs : Math.min(averageLastEpochs, epochs));
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
