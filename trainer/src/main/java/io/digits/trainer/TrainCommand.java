package io.digits.trainer;

import io.digits.command.CommandLines;
import io.digits.command.KafkaOptions;
import io.digits.command.RegistryOptions;
import io.digits.command.StopOnShutdown;
import io.digits.core.Topics;
import io.digits.core.model.ClassMetrics;
import io.digits.core.model.topic.ModelTopic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digits train}: parses the options, runs the {@link Trainer} and prints where the model went.
 * Ctrl-C stops after the current batch and deletes the unpublished draft before the JVM exits.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the CNN on MNIST, evaluate it on the 10k test set and publish a new model version.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "quick", paramLabel = "quick|full",
            description = "quick: 2 epochs, ~99.1%% in a few minutes; full: the seed's 30-epoch recipe (default: ${DEFAULT-VALUE}).")
    TrainingProfile profile;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the profile's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per step (default: the profile's).")
    Integer batchSize;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N training images (default: all 60,000).")
    int limit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "PyTorch threads (default: one per core).")
    int threads;

    @Mixin
    RegistryOptions models;

    @Option(names = "--no-augment", description = "Train on the raw images even in the full profile.")
    boolean noAugment;

    @Option(names = "--no-scan-augment", description = "Leave out the full profile's scan degradations (resolution, "
            + "blur, pen width), i.e. train with the seed's augmentation only.")
    boolean noScanAugment;

    @Option(names = "--ood-every-epoch", description = "Also measure the sets beyond MNIST's test set after every "
            + "epoch: a log line, metrics.json and the training curves (a few seconds per epoch).")
    boolean oodEveryEpoch;

    @Option(names = "--average-last", paramLabel = "N",
            description = "Publish the mean of the weights at the end of the last N epochs when it validates at least "
                    + "as well as the last epoch's; 0 = the last epoch's weights (default: the profile's, full 10, "
                    + "quick 0).")
    Integer averageLast;

    @Option(names = "--ood-margin", paramLabel = "POINTS", defaultValue = "2.0",
            description = "The publish guard: refuse a model whose mean accuracy beyond MNIST's test set is more than "
                    + "POINTS percentage points below the current latest version's (default: ${DEFAULT-VALUE}).")
    double oodMargin;

    @Option(names = "--allow-ood-regression",
            description = "Publish even when the guard finds the model worse beyond MNIST's test set than the current "
                    + "latest version: with a warning and oodRegression in the manifest.")
    boolean allowOodRegression;

    @Option(names = "--publish", description = "Send the new version to the models topic of the --bootstrap cluster and"
            + " make it live there (classifiers need no shared folder).")
    boolean publish;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--models-topic", paramLabel = "TOPIC", defaultValue = Topics.MODELS,
            description = "Topic for --publish (default: ${DEFAULT-VALUE}).")
    String modelsTopic;

    /** Exit code when the publish guard refused the model. */
    public static final int OOD_REGRESSION = 3;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new TrainCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        TrainingOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UsageError(e.getMessage());
        }
        Trainer trainer = new Trainer();
        TrainingResult result;
        // Ctrl-C cancels after the current batch and waits until the draft is deleted and the line printed
        try (StopOnShutdown ctrlC = StopOnShutdown.install("train-shutdown", trainer::cancel, Duration.ofSeconds(30))) {
            try {
                result = trainer.run(options);
                if (publish) {
                    ModelTopic topic = new ModelTopic(kafka.clients(), modelsTopic, Duration.ofSeconds(30));
                    topic.createIfMissing();
                    topic.publish(result.artifact(), true);
                }
            } catch (CancellationException e) {
                System.err.println("train: interrupted; no model was published");
                return 130;
            } catch (Trainer.OodRegressionRefused e) {
                System.err.println("train: " + e.getMessage());
                return OOD_REGRESSION;
            }
        }
        print(result, System.out);
        return 0;
    }

    TrainingOptions options() {
        TrainingOptions.Builder options = TrainingOptions.builder(profile).seed(seed).limit(limit).threads(threads)
                .registry(models.registry()).modelName(models.modelName())
                .oodMarginPoints(oodMargin).allowOodRegression(allowOodRegression).oodEveryEpoch(oodEveryEpoch);
        if (epochs != null) {
            options.epochs(epochs);
        }
        if (batchSize != null) {
            options.batchSize(batchSize);
        }
        if (averageLast != null) {
            options.averageLastEpochs(averageLast);
        }
        if (noAugment) {
            options.augment(false).scanAugment(false);
        }
        if (noScanAugment) {
            options.scanAugment(false);
        }
        return options.build();
    }

    private static void print(TrainingResult result, PrintStream out) {
        out.printf(Locale.ROOT, "published %s version %s: test accuracy %.4f, %d epochs, %.0f s%n",
                result.artifact().manifest().name(), result.artifact().version(), result.testAccuracy(),
                result.history().size(), result.seconds());
        out.println("  " + result.artifact().folder());
        for (ClassMetrics m : result.evaluation().perClass()) {
            out.printf(Locale.ROOT, "  digit %d: precision %.4f recall %.4f f1 %.4f (%d images)%n", m.digit(),
                    m.precision(), m.recall(), m.f1(), m.support());
        }
        if (!result.outOfDistribution().isEmpty()) {
            out.printf(Locale.ROOT, "beyond MNIST's test set: mean accuracy %.4f over %d sets (pictures ood-*.png)%n",
                    result.meanOodAccuracy(), result.outOfDistribution().size());
            out.println("  " + OodTable.header());
            result.outOfDistribution().forEach((set, m) -> out.println("  " + OodTable.row(set, m)));
        }
        if (result.oodRegression() != null) {
            out.println("WARNING: published although worse beyond MNIST's test set than version "
                    + result.oodRegression().replaced() + " (flagged in the manifest): "
                    + result.oodRegression().message());
        }
    }
}
