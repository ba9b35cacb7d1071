package io.digits.trainer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.digits.core.drift.InputProfile;
import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ClassMetrics;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelEvaluation;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.OodRegression;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the seed CNN on MNIST with DJL on PyTorch, evaluates it on the official test set and publishes
 * it as a new version in the model registry. {@link #run} returns what it measured.
 *
 * <p>The recipe is the seed's: categorical cross-entropy on one-hot labels, Keras' RMSprop,
 * reduce-on-plateau on validation accuracy, ImageDataGenerator-style augmentation (profile {@code full}),
 * a stratified 10% validation split. Batches are prepared on a background thread.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int PREFETCH_DEPTH = 8;
    private static final int EVAL_BATCH = 500;

    private final MnistFiles data;
    private final PrintStream progressOut;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private static List<OodSet> oodSets;

    public Trainer(MnistFiles data, PrintStream progressOut) {
        this.data = data;
        this.progressOut = progressOut;
    }

    public Trainer() {
        this(MnistFiles.defaultLocation(), System.err);
    }

    /** Asks a running {@link #run} to stop after the current batch; it then deletes its draft and throws. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Trains, evaluates and publishes one model version. */
    public TrainingResult run(TrainingOptions options) throws IOException {
        long started = System.nanoTime();
        Engine engine = startEngine(options);
        MnistDataset train = data.train().limit(options.limit() > 0 ? options.limit() : Integer.MAX_VALUE);
        MnistDataset test = data.test();
        StratifiedSplit split = StratifiedSplit.of(train.labels(), DigitNetwork.CLASSES,
                options.validationFraction(), options.seed());
        LOG.info("training {} on {} images, validating on {} (stratified), {} epochs of batch {}, augmentation {}, "
                        + "scan degradations {}, {} threads", options.profile().name().toLowerCase(Locale.ROOT),
                split.train().length, split.validation().length, options.epochs(), options.batchSize(),
                options.augment() ? "on" : "off", options.scanAugment() ? "on" : "off", options.effectiveThreads());
        engine.setRandomSeed((int) options.seed());

        ModelRegistry registry = new ModelRegistry(options.registry());
        ReduceLrOnPlateau learningRate = ReduceLrOnPlateau.seed(options.learningRate());
        KerasRmsProp optimizer = KerasRmsProp.builder().optLearningRateTracker(learningRate).build();
        List<EpochStats> history = new ArrayList<>();
        AveragedWeights averaged = null;
        try (Model model = Model.newInstance(options.modelName(), engine.getEngineName());
             ModelRegistry.Draft draft = registry.draft(options.modelName())) {
            model.setBlock(DigitNetwork.build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(categoricalCrossEntropy())
                    .optOptimizer(optimizer)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            try (ai.djl.training.Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(options.batchSize()).addAll(DigitNetwork.INPUT_SHAPE));
                Augmentation augmentation = augmentation(options);
                List<OodSet> everyEpoch = options.oodEveryEpoch() ? oodSets(test) : List.of();
                try (WeightAverage average = new WeightAverage(model.getBlock(), trainer.getManager())) {
                    int firstAveraged = options.epochs() - options.averageLastEpochs() + 1;
                    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                        if (options.halveLastEpoch() && epoch == options.epochs() && epoch > 1) {
                            learningRate.scale(0.5f);
                        }
                        EpochStats stats = trainEpoch(trainer, train, split, augmentation, options, epoch, learningRate,
                                everyEpoch);
                        history.add(stats);
                        logEpoch(stats, options.epochs());
                        if (learningRate.epochEnded(stats.validationAccuracy())) {
                            LOG.info("validation accuracy has not improved for {} epochs: learning rate now {}",
                                    ReduceLrOnPlateau.SEED_PATIENCE, learningRate.learningRate());
                        }
                        if (options.averageLastEpochs() > 1 && epoch >= firstAveraged) {
                            average.add();
                        }
                    }
                    if (average.count() > 1) {
                        averaged = chooseAverage(trainer, average, train, split, history.get(history.size() - 1));
                    }
                }
            } finally {
                optimizer.closeState();
            }
            checkCancelled();
            draft.saveParameters(model);
            ConfusionMatrix confusion = TestSetEvaluation.of(model, draft, test, options.effectiveThreads());
            ClassMetrics weakest = MetricsReport.weakest(confusion);
            LOG.info(String.format(Locale.ROOT, "test accuracy %.4f on %d images (weakest: digit %d, recall %.4f)",
                    confusion.accuracy(), confusion.total(), weakest.digit(), weakest.recall()));
            InputProfile profile = null;
            if (split.validation().length > 0) {
                try (DigitClassifier classifier = TestSetEvaluation.inMemory(model, draft)
                        .newClassifier(options.effectiveThreads())) {
                    profile = ValidationProfile.of(classifier, train, split.validation());
                }
                LOG.info("input profile for drift measured on the {} images of the {}", profile.images(),
                        profile.source());
            }
            OodEvaluation.Report ood = null;
            OodRegression regression = null;
            if (options.evaluateOod()) {
                checkCancelled();
                List<OodSet> sets = oodSets(test);
                try (DigitClassifier classifier = TestSetEvaluation.inMemory(model, draft)
                        .newClassifier(options.effectiveThreads())) {
                    ood = OodEvaluation.of(classifier, sets);
                }
                logOod(ood);
                ood.writeGalleries(draft.folder(), "model " + draft.version());
                regression = guard(registry, options, ood, sets);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> training = trainingConfig(options, split, history, averaged, seconds);
            MetricsReport.write(draft.folder(), draft.version(), history, confusion, training,
                    ood == null ? null : ood.details());
            checkCancelled();
            ModelManifest manifest = draft.publish(confusion.evaluation(), training,
                    ood == null ? null : ood.metrics(), regression, profile);
            ModelArtifact artifact = openPublished(registry, manifest);
            LOG.info("published {} version {} in {}", manifest.name(), manifest.version(), artifact.folder());
            return new TrainingResult(artifact, confusion.evaluation(), confusion, history, split.train().length,
                    seconds, ood == null ? Map.of() : ood.metrics(), regression);
        }
    }

    /** The sets beyond MNIST's test set, built once per JVM (they are the same for every model). */
    private static synchronized List<OodSet> oodSets(MnistDataset test) throws IOException {
        if (oodSets == null) {
            long t0 = System.nanoTime();
            oodSets = OodSets.build(test);
            LOG.info("built {} evaluation sets beyond MNIST's test set ({} images) in {} s", oodSets.size(),
                    oodSets.stream().mapToInt(OodSet::size).sum(), Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        }
        return oodSets;
    }

    private static void logOod(OodEvaluation.Report ood) {
        for (OodEvaluation.SetResult r : ood.sets()) {
            ClassMetrics weakest = MetricsReport.weakest(r.confusion());
            LOG.info(String.format(Locale.ROOT, "beyond MNIST: %-14s accuracy %.4f on %d images (weakest: digit %d, "
                            + "recall %.3f; most confused %s)", r.set().name(), r.accuracy(), r.confusion().total(),
                    weakest.digit(), weakest.recall(), String.join(", ", r.topConfusions(2))));
        }
        LOG.info(String.format(Locale.ROOT, "beyond MNIST: mean accuracy %.4f over %d sets", ood.meanAccuracy(),
                ood.sets().size()));
    }

    /**
     * Compares the new model with the current latest one on the very same sets (the latest is measured afresh, so
     * manifests from before these sets, or sets built from other fonts, compare fairly). Refuses a regression
     * beyond the margin unless allowed; then returns the manifest's flag.
     */
    private static OodRegression guard(ModelRegistry registry, TrainingOptions options, OodEvaluation.Report ood,
                                       List<OodSet> sets) throws IOException {
        Optional<String> latest = registry.latestVersion(options.modelName());
        if (latest.isEmpty()) {
            return null;
        }
        OodEvaluation.Report current;
        try (LoadedModel loaded = LoadedModel.load(registry.open(options.modelName(), latest.get()));
             DigitClassifier classifier = loaded.newClassifier(options.effectiveThreads())) {
            current = OodEvaluation.of(classifier, sets);
        } catch (io.digits.core.model.ArtifactRejectedException e) {
            LOG.warn("cannot compare with the current version {} beyond MNIST's test set: {}", latest.get(),
                    e.getMessage());
            return null;
        }
        OodGuard.Verdict verdict = OodGuard.check(ood.metrics(), current.metrics(), latest.get(),
                options.oodMarginPoints());
        if (!verdict.regressed()) {
            LOG.info("publish guard passed: {}", verdict.message());
            return null;
        }
        if (!options.allowOodRegression()) {
            throw new OodRegressionRefused("refused to publish: " + verdict.message()
                    + "; --allow-ood-regression publishes it anyway, flagged");
        }
        LOG.warn("!!! PUBLISHING A MODEL WORSE BEYOND MNIST'S TEST SET THAN THE ONE IT REPLACES "
                + "(--allow-ood-regression): {} !!!", verdict.message());
        return new OodRegression(latest.get(), options.oodMarginPoints(), verdict.message());
    }

    /** The publish guard's refusal: the new model is worse beyond MNIST's test set than the current one. */
    public static final class OodRegressionRefused extends RuntimeException {
        OodRegressionRefused(String message) {
            super(message);
        }
    }

    private void checkCancelled() {
        if (cancelled.get()) {
            throw new CancellationException("training cancelled");
        }
    }

    /** The seed's distortions, then the scan degradations, as the options ask. */
    static Augmentation augmentation(TrainingOptions options) {
        Augmentation augmentation = options.augment() ? ImageAugmenter.seed() : Augmentation.NONE;
        return options.scanAugment() ? augmentation.andThen(ScanAugmenter.standard()) : augmentation;
    }

    private EpochStats trainEpoch(ai.djl.training.Trainer trainer, MnistDataset train, StratifiedSplit split,
                                  Augmentation augmentation, TrainingOptions options, int epoch,
                                  ReduceLrOnPlateau learningRate, List<OodSet> beyondMnist) {
        float lr = learningRate.learningRate();
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        long stalled;
        try (BatchPrefetcher batches = new BatchPrefetcher(train, split.train(), options.batchSize(), augmentation,
                options.seed() * 1_000_003L + epoch, PREFETCH_DEPTH);
             EpochProgress progress = EpochProgress.start(options.progress(), epoch, options.epochs(),
                     batches.batches(), progressOut)) {
            while (batches.hasNext()) {
                checkCancelled();
                ImageBatch batch = batches.next();
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    NDList images = new NDList(batch.imagesArray(manager));
                    NDList labels = new NDList(batch.oneHotArray(manager));
                    float loss;
                    long[] predicted;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList logits = trainer.forward(images, labels);
                        NDArray lossValue = trainer.getLoss().evaluate(labels, logits);
                        collector.backward(lossValue);
                        loss = lossValue.getFloat();
                        predicted = logits.singletonOrThrow().argMax(1).toLongArray();
                    }
                    trainer.step();
                    lossSum += (double) loss * batch.size();
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == batch.labels()[i]) {
                            correct++;
                        }
                    }
                    seen += batch.size();
                }
                progress.step(seen, lossSum / seen, (double) correct / seen);
            }
            stalled = batches.stalledNanos();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] validation = validate(trainer, train, split.validation());
        Map<String, Double> accuracyBeyondMnist = new LinkedHashMap<>();
        for (OodSet set : beyondMnist) {
            checkCancelled();
            accuracyBeyondMnist.put(set.name(), accuracy(trainer, set.images(), set.labels()));
        }
        return new EpochStats(epoch, lr, lossSum / seen, (double) correct / seen, validation[0], validation[1],
                seconds, seen / seconds, stalled / 1e9, accuracyBeyondMnist);
    }

    private static void logEpoch(EpochStats stats, int epochs) {
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f acc %.4f | val loss %.4f val acc %.4f "
                        + "| lr %.2g | %.1f s, %.0f img/s (waited %.1f s for data)", stats.epoch(), epochs,
                stats.trainLoss(), stats.trainAccuracy(), stats.validationLoss(), stats.validationAccuracy(),
                stats.learningRate(), stats.seconds(), stats.imagesPerSecond(), stats.stalledSeconds()));
        if (!stats.beyondMnist().isEmpty()) {
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d beyond MNIST: mean %.4f | %s", stats.epoch(), epochs,
                    stats.meanBeyondMnist(), stats.beyondMnist().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                            .collect(java.util.stream.Collectors.joining(", "))));
        }
    }

    /**
     * Puts the mean of the last epochs' weights in the network and keeps it unless its validation accuracy is below
     * the last epoch's weights' (a tie keeps the mean: it sits in the middle of the region the last epochs explored,
     * which generalises at least as well as one of its edges).
     */
    private static AveragedWeights chooseAverage(ai.djl.training.Trainer trainer, WeightAverage average,
                                                 MnistDataset train, StratifiedSplit split, EpochStats last) {
        average.apply();
        double[] validation = validate(trainer, train, split.validation());
        boolean kept = validation[1] >= last.validationAccuracy();
        if (!kept) {
            average.restore();
        }
        LOG.info(String.format(Locale.ROOT, "mean of the last %d epochs' weights: val loss %.4f val acc %.4f against "
                        + "%.4f for the last epoch's weights: %s", average.count(), validation[0], validation[1],
                last.validationAccuracy(), kept ? "publishing the mean" : "publishing the last epoch's weights"));
        return new AveragedWeights(average.count(), validation[1], last.validationAccuracy(), kept);
    }

    /** What averaging the last epochs' weights measured on the validation split, and whether the mean was kept. */
    record AveragedWeights(int epochs, double validationAccuracy, double lastEpochValidationAccuracy, boolean kept) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("epochs", epochs);
            map.put("validationAccuracy", validationAccuracy);
            map.put("lastEpochValidationAccuracy", lastEpochValidationAccuracy);
            map.put("published", kept ? "mean" : "last epoch");
            return map;
        }
    }

    /** Share of {@code images} (preprocessed network inputs) read as their label, in inference mode. */
    private static double accuracy(ai.djl.training.Trainer trainer, float[][] images, int[] labels) {
        long correct = 0;
        for (int start = 0; start < images.length; start += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, images.length - start);
            ImageBatch batch = ImageBatch.of(images, labels, start, n);
            try (NDManager manager = trainer.getManager().newSubManager()) {
                long[] predicted = trainer.evaluate(new NDList(batch.imagesArray(manager))).singletonOrThrow().argMax(1)
                        .toLongArray();
                for (int i = 0; i < n; i++) {
                    if (predicted[i] == batch.labels()[i]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / images.length;
    }

    /** Mean loss and accuracy on the validation split, in inference mode (no dropout). */
    private static double[] validate(ai.djl.training.Trainer trainer, MnistDataset train, int[] indices) {
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < indices.length; start += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, indices.length - start);
            int[] slice = java.util.Arrays.copyOfRange(indices, start, start + n);
            ImageBatch batch = ImageBatch.of(train, slice);
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList labels = new NDList(batch.oneHotArray(manager));
                NDList logits = trainer.evaluate(new NDList(batch.imagesArray(manager)));
                lossSum += (double) trainer.getLoss().evaluate(labels, logits).getFloat() * n;
                long[] predicted = logits.singletonOrThrow().argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    if (predicted[i] == batch.labels()[i]) {
                        correct++;
                    }
                }
            }
        }
        return new double[] {lossSum / indices.length, (double) correct / indices.length};
    }

    /** Categorical cross-entropy on one-hot labels, from logits (the seed's loss). */
    static Loss categoricalCrossEntropy() {
        return new SoftmaxCrossEntropyLoss("categorical_crossentropy", 1, -1, false, true);
    }

    private static Engine startEngine(TrainingOptions options) {
        int threads = options.effectiveThreads();
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        return engine;
    }

    private static ModelArtifact openPublished(ModelRegistry registry, ModelManifest manifest) throws IOException {
        try {
            return registry.open(manifest.name(), manifest.version());
        } catch (io.digits.core.model.ArtifactRejectedException e) {
            throw new IOException("the model just published does not verify: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> trainingConfig(TrainingOptions options, StratifiedSplit split,
                                                      List<EpochStats> history, AveragedWeights averaged,
                                                      double seconds) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("profile", options.profile().name().toLowerCase(Locale.ROOT));
        config.put("epochs", options.epochs());
        config.put("batchSize", options.batchSize());
        config.put("trainImages", split.train().length);
        config.put("validationImages", split.validation().length);
        config.put("seed", options.seed());
        config.put("threads", options.effectiveThreads());
        config.put("augmentation", options.augment()
                ? "rotation 10 deg, zoom 10%, shift 10% (Keras ImageDataGenerator), per image per epoch" : "none");
        config.put("scanAugmentation", options.scanAugment()
                ? String.format(Locale.ROOT, "%.0f%% of images per epoch: down to 7-9 or 10-14 px and back, blur sigma "
                        + "0.4-1.4, strokes +0.5/+1 px or -0.5 px, sensor noise 3-12%%", ScanAugmenter.DEFAULT_PROBABILITY * 100) : "none");
        config.put("optimizer", String.format(Locale.ROOT, "RMSprop(lr=%s, rho=%s, epsilon=%s)",
                options.learningRate(), KerasRmsProp.DEFAULT_RHO, KerasRmsProp.DEFAULT_EPSILON));
        config.put("loss", "categorical cross-entropy, one-hot labels");
        config.put("learningRateSchedule", (options.halveLastEpoch() ? "halved for the last epoch; " : "")
                + "reduce on plateau of validation accuracy (patience 3, factor 0.5, min 1e-5)");
        config.put("weightAveraging", averaged == null ? "none" : averaged.toMap());
        config.put("finalLearningRate", history.isEmpty() ? options.learningRate()
                : history.get(history.size() - 1).learningRate());
        config.put("bestValidationAccuracy", history.stream().mapToDouble(EpochStats::validationAccuracy).max()
                .orElse(0));
        config.put("meanImagesPerSecond", history.stream().mapToDouble(EpochStats::imagesPerSecond).average()
                .orElse(0));
        config.put("trainingSeconds", Math.round(seconds * 10) / 10.0);
        config.put("machine", Machine.summary());
        return config;
    }
}
