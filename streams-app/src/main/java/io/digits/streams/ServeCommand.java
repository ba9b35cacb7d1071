package io.digits.streams;

import io.digits.command.CommandLines;
import io.digits.command.KafkaOptions;
import io.digits.command.RegistryOptions;
import io.digits.command.TopicOptions;
import io.digits.core.Topics;
import io.digits.core.eval.PromotionPolicy;
import io.digits.core.image.ImageLimits;
import io.digits.core.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digits serve}: runs the classification service until SIGTERM or Ctrl-C, then closes it cleanly and exits
 * 0. Every option is a flag, else a {@code DIGITS_*} variable, else its default; {@code KAFKA_*} variables pass
 * through as Kafka client properties.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Classify the images on Kafka with the newest model of the registry; serve /metrics, /health and /ready.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions models;

    @Option(names = "--model-version", paramLabel = "VERSION", defaultValue = "${env:DIGITS_MODEL_VERSION}",
            description = "Serve this version and do not reload (env DIGITS_MODEL_VERSION; default: the newest, reloaded when a newer one is published).")
    String modelVersion;

    @Option(names = "--model-poll", paramLabel = "SECONDS", defaultValue = "${env:DIGITS_MODEL_POLL:-" + ServeConfig.DEFAULT_MODEL_POLL_SECONDS + "}",
            description = "How often to look for a newer model (env DIGITS_MODEL_POLL; default ${DEFAULT-VALUE}).")
    int modelPollSeconds;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:DIGITS_PORT:-" + ServeConfig.DEFAULT_HTTP_PORT + "}",
            description = "HTTP port of /metrics, /health and /ready (env DIGITS_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:DIGITS_THREADS}",
            description = "Stream threads, each with its own single-threaded classifier (env DIGITS_THREADS; "
                    + "default: one per core, the fastest way to use the cores, see bench/README.md).")
    Integer threads;

    @Option(names = "--review-threshold", paramLabel = "P", defaultValue = "${env:DIGITS_REVIEW_THRESHOLD:-" + ServeConfig.DEFAULT_REVIEW_THRESHOLD + "}",
            description = "Predictions under this confidence are flagged and copied to the review topic "
                    + "(env DIGITS_REVIEW_THRESHOLD; default ${DEFAULT-VALUE}).")
    double reviewThreshold;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "${env:DIGITS_BATCH_SIZE:-" + ServeConfig.DEFAULT_BATCH_SIZE + "}",
            description = "Images classified together; 1 classifies each at once (env DIGITS_BATCH_SIZE; default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-linger-ms", paramLabel = "MS", defaultValue = "${env:DIGITS_BATCH_LINGER_MS}",
            description = "Longest an image waits for its batch to fill (env DIGITS_BATCH_LINGER_MS; default "
                    + ServeConfig.DEFAULT_BATCH_LINGER_MS + ", or a tenth of --latency-budget).")
    Long batchLingerMs;

    @Option(names = "--latency-budget", paramLabel = "MS", defaultValue = "${env:DIGITS_LATENCY_BUDGET_MS}",
            description = "The end-to-end p99 to aim for, in ms (at least " + LatencyBudget.MIN_MS + "): sets the commit interval (half of it "
                    + "under exactly-once), the batch and producer lingers and the poll time together; see bench/README.md, "
                    + "\"Latency you can choose\" (env DIGITS_LATENCY_BUDGET_MS; default: Kafka's settings, commit every 100 ms).")
    Long latencyBudgetMs;

    @Option(names = "--processing-guarantee", paramLabel = "G", defaultValue = "${env:DIGITS_PROCESSING_GUARANTEE:-" + StreamsConfig.EXACTLY_ONCE_V2 + "}",
            description = "exactly_once_v2 or at_least_once (env DIGITS_PROCESSING_GUARANTEE; default ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "${env:DIGITS_APPLICATION_ID:-" + ServeConfig.DEFAULT_APPLICATION_ID + "}",
            description = "Kafka Streams application id (env DIGITS_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Mixin
    TopicOptions newTopics;

    @Option(names = "--images-topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_IMAGES_TOPIC:-" + Topics.IMAGES + "}",
            description = "Input topic (env DIGITS_IMAGES_TOPIC; default ${DEFAULT-VALUE}).")
    String imagesTopic;

    @Option(names = "--predictions-topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_PREDICTIONS_TOPIC:-" + Topics.PREDICTIONS + "}",
            description = "Output topic (env DIGITS_PREDICTIONS_TOPIC; default ${DEFAULT-VALUE}).")
    String predictionsTopic;

    @Option(names = "--dead-letters-topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_DEAD_LETTERS_TOPIC:-" + Topics.DEAD_LETTERS + "}",
            description = "Dead-letter topic (env DIGITS_DEAD_LETTERS_TOPIC; default ${DEFAULT-VALUE}).")
    String deadLettersTopic;

    @Option(names = "--review-topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_REVIEW_TOPIC:-" + Topics.REVIEW + "}",
            description = "Low-confidence copies (env DIGITS_REVIEW_TOPIC; default ${DEFAULT-VALUE}).")
    String reviewTopic;

    @Option(names = "--shadow-predictions-topic", paramLabel = "TOPIC",
            defaultValue = "${env:DIGITS_SHADOW_PREDICTIONS_TOPIC:-" + Topics.SHADOW_PREDICTIONS + "}",
            description = "The candidate model's predictions (env DIGITS_SHADOW_PREDICTIONS_TOPIC; default ${DEFAULT-VALUE}).")
    String shadowPredictionsTopic;

    @Option(names = "--models-topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_MODELS_TOPIC:-" + Topics.MODELS + "}",
            description = "The models topic the live model comes from (env DIGITS_MODELS_TOPIC; default ${DEFAULT-VALUE}).")
    String modelsTopic;

    @Option(names = "--max-image-bytes", paramLabel = "N", defaultValue = "${env:DIGITS_MAX_IMAGE_BYTES:-" + ImageLimits.DEFAULT_MAX_BYTES + "}",
            description = "Largest accepted record value (env DIGITS_MAX_IMAGE_BYTES; default ${DEFAULT-VALUE}).")
    int maxImageBytes;

    @Option(names = "--max-image-pixels", paramLabel = "N", defaultValue = "${env:DIGITS_MAX_IMAGE_PIXELS:-" + ImageLimits.DEFAULT_MAX_PIXELS + "}",
            description = "Largest accepted width x height, checked before decoding (env DIGITS_MAX_IMAGE_PIXELS; default ${DEFAULT-VALUE}).")
    long maxImagePixels;

    @Option(names = "--auto-promote", defaultValue = "${env:DIGITS_AUTO_PROMOTE:-false}",
            description = "Promote the candidate when it beats the live model on labelled images, and roll a promotion "
                    + "back when the version it replaced proves better (the rule: README, \"Live model quality\"); needs "
                    + "Write on the models topic (env DIGITS_AUTO_PROMOTE; default ${DEFAULT-VALUE}).")
    boolean autoPromote;

    @Option(names = "--promotion-labelled", paramLabel = "N",
            defaultValue = "${env:DIGITS_PROMOTION_LABELLED:-" + PromotionPolicy.STANDARD_LABELLED + "}",
            description = "Labelled images both versions must score before an automatic decision, taken once there "
                    + "(env DIGITS_PROMOTION_LABELLED; default ${DEFAULT-VALUE}).")
    long promotionLabelled;

    /** The configuration these options describe, with the {@code KAFKA_*} variables of this process. */
    public ServeConfig config() {
        try {
            ServeConfig.Builder builder = ServeConfig.builder(kafka.bootstrap(), models.registry())
                    .applicationId(applicationId)
                    .topics(new TopicNames(imagesTopic, predictionsTopic, deadLettersTopic, reviewTopic,
                            shadowPredictionsTopic, modelsTopic))
                    .modelName(models.modelName())
                    .pinnedVersion(blankToNull(modelVersion))
                    .modelPollInterval(Duration.ofSeconds(modelPollSeconds))
                    .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
                    .reviewThreshold(reviewThreshold)
                    .batchSize(batchSize)
                    .latencyBudget(latencyBudgetMs == null ? null : LatencyBudget.ofMillis(latencyBudgetMs))
                    .processingGuarantee(processingGuarantee)
                    .httpPort(port)
                    .partitions(newTopics.partitions())
                    .replicationFactor(newTopics.replicationFactor())
                    .imageLimits(new ImageLimits(maxImageBytes, maxImagePixels))
                    .autoPromote(autoPromote ? PromotionPolicy.standard().withMinLabelled(promotionLabelled) : null)
                    .kafka(KafkaClientProperties.fromEnv());
            if (batchLingerMs != null) {
                builder.batchLinger(Duration.ofMillis(batchLingerMs)); // over the budget's
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UsageError(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        ServeConfig config = config();
        CountDownLatch terminate = new CountDownLatch(1);
        // handled from the start, so a SIGTERM while starting also ends in a clean close and exit 0
        try (TerminationSignals signals = TerminationSignals.onTerminate(terminate::countDown);
             ClassificationService service = ClassificationService.start(config)) {
            while (!terminate.await(1, TimeUnit.SECONDS)) {
                if (service.awaitStop(0, TimeUnit.SECONDS)) {
                    if (service.failure() != null) {
                        throw new IllegalStateException(service.failure()); // one line, exit 1 (CommandLines)
                    }
                    log.error("Kafka Streams stopped{}; exiting", service.failed() ? " after a fatal error" : "");
                    return CommandLines.FAILURE;
                }
            }
            log.info("termination requested; closing");
        }
        return 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
