package io.digits.streams;

import io.digits.core.Topics;
import io.digits.core.eval.PromotionPolicy;
import io.digits.core.image.ImageLimits;
import io.digits.core.kafka.KafkaClientProperties;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.kafka.TopicLayout;
import io.digits.core.model.ModelRegistry;
import io.digits.streams.deadletter.DeadLetters;
import io.digits.streams.metrics.ServingMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the classification service is configured with, immutable. Build it with
 * {@code ServeConfig.builder(bootstrap, registry)...build()}, which starts from the defaults below; change one with
 * {@link #toBuilder()}. {@link ServeCommand} builds it from flags, {@code DIGITS_*} variables and defaults;
 * {@link #streamsProperties} is the one Kafka Streams configuration, used by {@code main} and by the tests alike.
 *
 * @param bootstrapServers    Kafka bootstrap servers
 * @param applicationId       Kafka Streams application id (consumer group, transactional id prefix)
 * @param topics              topic names
 * @param registry            the model registry folder
 * @param modelName           the model name inside the registry
 * @param pinnedVersion       serve exactly this version and do not reload; null = newest, hot reload on
 * @param modelPollInterval   how often the registry is checked for a newer model
 * @param threads             stream threads (each with its own classifier)
 * @param reviewThreshold     predictions under this confidence are flagged and copied to the review topic
 * @param batchSize           images classified together (1 = each at once, no buffer)
 * @param batchLinger         longest an image waits for its batch to fill
 * @param latencyBudget       the end-to-end p99 asked for, which sets the commit interval, the lingers and the poll
 *                            time ({@link LatencyBudget}); null = Kafka's defaults and {@code batchLinger}
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param httpPort            port of /metrics, /health and /ready (0 = any free port)
 * @param partitions          partitions of topics created at start
 * @param replicationFactor   replication of topics created at start; null = the broker's default
 * @param imageLimits         bytes and pixels accepted before decoding
 * @param autoPromote         the rule the service promotes a candidate and rolls a promotion back by
 *                            ({@code serve --auto-promote}); null = the pointers change only by hand
 * @param kafka               extra client properties ({@code KAFKA_*} passthrough); the named options win
 */
public record ServeConfig(
        String bootstrapServers,
        String applicationId,
        TopicNames topics,
        Path registry,
        String modelName,
        String pinnedVersion,
        Duration modelPollInterval,
        int threads,
        double reviewThreshold,
        int batchSize,
        Duration batchLinger,
        LatencyBudget latencyBudget,
        String processingGuarantee,
        int httpPort,
        int partitions,
        Short replicationFactor,
        ImageLimits imageLimits,
        PromotionPolicy autoPromote,
        Properties kafka) {

    public static final String DEFAULT_APPLICATION_ID = "digits-classifier";
    public static final double DEFAULT_REVIEW_THRESHOLD = 0.9;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final long DEFAULT_BATCH_LINGER_MS = 5;
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(DEFAULT_BATCH_LINGER_MS);
    public static final long DEFAULT_MODEL_POLL_SECONDS = 5;
    public static final Duration DEFAULT_MODEL_POLL_INTERVAL = Duration.ofSeconds(DEFAULT_MODEL_POLL_SECONDS);
    public static final int MAX_BATCH_SIZE = 1024;
    /**
     * The commit interval under at-least-once unless {@code KAFKA_COMMIT_INTERVAL_MS} says otherwise: every second.
     * A crash classifies again everything since the last commit, as duplicates at-least-once allows; Kafka's
     * default of 30 s made that 15,000-18,000 of 20,000 images in CrashRecoveryIT. Committing every 5 s instead
     * did not lower the p99 at half load: the medians of 3 passes were 23 ms every second and 58 ms every 5 s
     * (bench/README.md, "Latency you can choose"). (Exactly-once keeps Kafka's 100 ms.)
     */
    public static final long AT_LEAST_ONCE_COMMIT_INTERVAL_MS = 1_000;
    /**
     * The producer linger under at-least-once unless a latency budget or {@code KAFKA_LINGER_MS} says otherwise: a
     * prediction is visible as soon as it is sent, so Kafka Streams' 100 ms would be most of its latency (Kafka's own
     * producer default is 5 ms since 4.0). bench/README.md, "Latency you can choose", has the figures.
     */
    public static final long AT_LEAST_ONCE_LINGER_MS = 5;
    /** Kafka Streams' default {@code poll.ms}, the longest poll time the service sets. */
    static final long KAFKA_POLL_MS = 100;
    /** {@link Topics#DEFAULT_PARTITIONS}, the partitions of every topic a command creates. */
    public static final int DEFAULT_PARTITIONS = Topics.DEFAULT_PARTITIONS;

    /** Checks every value; an {@link IllegalArgumentException} names the first bad one in one line. */
    public ServeConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "the bootstrap servers must be set");
        require(applicationId != null && !applicationId.isBlank(), "the application id must be set");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelPollInterval, "modelPollInterval");
        Objects.requireNonNull(batchLinger, "batchLinger");
        Objects.requireNonNull(imageLimits, "imageLimits");
        require(threads >= 1, "threads must be at least 1, was " + threads);
        require(reviewThreshold >= 0 && reviewThreshold <= 1,
                "the review threshold must be within 0..1, was " + reviewThreshold);
        require(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE, "batch size must be 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
        require(!batchLinger.isNegative() && !batchLinger.isZero(), "the batch linger time must be positive");
        require(!modelPollInterval.isNegative() && !modelPollInterval.isZero(), "the model poll interval must be positive");
        require(StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee) || StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee),
                "processing guarantee must be " + StreamsConfig.EXACTLY_ONCE_V2 + " or " + StreamsConfig.AT_LEAST_ONCE
                        + ", was " + processingGuarantee);
        require(httpPort >= 0 && httpPort <= 65_535, "port must be 0..65535, was " + httpPort);
        new TopicLayout(partitions, replicationFactor); // checks them
        require(autoPromote == null || pinnedVersion == null,
                "automatic promotion changes the live version, which a pinned version (" + pinnedVersion + ") forbids");
        Properties copy = new Properties();
        if (kafka != null) {
            copy.putAll(kafka);
        }
        kafka = copy;
    }

    /** A builder holding the defaults, for {@code bootstrapServers} and a registry folder. */
    public static Builder builder(String bootstrapServers, Path registry) {
        return new Builder(bootstrapServers, registry);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(bootstrapServers, registry).applicationId(applicationId).topics(topics).modelName(modelName)
                .pinnedVersion(pinnedVersion).modelPollInterval(modelPollInterval).threads(threads)
                .reviewThreshold(reviewThreshold).batchSize(batchSize).latencyBudget(latencyBudget).batchLinger(batchLinger)
                .processingGuarantee(processingGuarantee).httpPort(httpPort).partitions(partitions)
                .replicationFactor(replicationFactor).imageLimits(imageLimits).autoPromote(autoPromote).kafka(kafka);
    }

    /**
     * The batch size the topology buffers to. Waiting images live in a changelogged store; only exactly-once
     * commits that changelog, the outputs and the input offsets atomically. Under at-least-once a buffer's
     * delete can reach the broker before the prediction it made room for, and a crash then loses the image
     * (CrashRecoveryIT saw it once), so at-least-once classifies every image as it comes.
     */
    public int bufferedBatchSize() {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee) ? batchSize : 1;
    }

    @Override
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /** Partitions and replication of the record topics created at start when missing. */
    public TopicLayout topicLayout() {
        return new TopicLayout(partitions, replicationFactor);
    }

    /** The Kafka clients of the service: the {@code KAFKA_*} passthrough under the bootstrap servers. */
    public KafkaClients clients() {
        return new KafkaClients(bootstrapServers, kafka);
    }

    /**
     * The Kafka Streams configuration: our default commit interval and producer linger under at-least-once, a poll time of the batch
     * linger when images are batched, the latency budget's settings, the {@code KAFKA_*}
     * passthrough over it, then the named options, the dead-letter topic and the exception handlers (which
     * always win). {@code metrics} reaches the exception handlers through the configuration, the way Kafka hands
     * configuration to pluggable classes.
     */
    public Properties streamsProperties(ServingMetrics metrics) {
        Map<String, Object> defaults = new HashMap<>();
        if (StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
            defaults.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, AT_LEAST_ONCE_COMMIT_INTERVAL_MS);
            defaults.put(ProducerConfig.LINGER_MS_CONFIG, AT_LEAST_ONCE_LINGER_MS);
        }
        if (bufferedBatchSize() > 1) {
            // a stream thread blocked in poll cannot run the punctuation that classifies a waiting batch; never
            // longer than Kafka's own 100 ms, which a long linger (a test's hour) would otherwise stall the thread on
            defaults.put(StreamsConfig.POLL_MS_CONFIG, Math.min(batchLinger.toMillis(), KAFKA_POLL_MS));
        }
        if (latencyBudget != null) {
            defaults.putAll(latencyBudget.streamsDefaults(processingGuarantee));
        }
        Map<String, Object> forced = new HashMap<>();
        forced.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        forced.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        forced.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        forced.putAll(DeadLetters.streamsConfig(topics.deadLetters(), metrics));
        return clients().streamsConfig(defaults, forced);
    }

    /** One log line: the options, with the passthrough's secret values hidden. */
    public String describe() {
        return "bootstrap=" + bootstrapServers + " application-id=" + applicationId + " topics=" + topics
                + " registry=" + registry + " model=" + modelName
                + (pinnedVersion == null ? " (newest, hot reload every " + modelPollInterval.toSeconds() + " s)"
                        : " pinned to " + pinnedVersion)
                + " threads=" + threads + " batch=" + batchSize + "/" + batchLinger.toMillis() + "ms"
                + (latencyBudget == null ? "" : " latency-budget=" + latencyBudget.describe(processingGuarantee))
                + " review-threshold=" + reviewThreshold + " guarantee=" + processingGuarantee
                + (autoPromote == null ? "" : " auto-promote at " + autoPromote.minLabelled() + " labelled")
                + " port=" + httpPort + " kafka=" + KafkaClientProperties.describe(kafka);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Collects options over the defaults; {@link #build()} checks them all. */
    public static final class Builder {
        private final String bootstrapServers;
        private final Path registry;
        private String applicationId = DEFAULT_APPLICATION_ID;
        private TopicNames topics = TopicNames.DEFAULT;
        private String modelName = ModelRegistry.DEFAULT_NAME;
        private String pinnedVersion;
        private Duration modelPollInterval = DEFAULT_MODEL_POLL_INTERVAL;
        private int threads = 1;
        private double reviewThreshold = DEFAULT_REVIEW_THRESHOLD;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchLinger = DEFAULT_BATCH_LINGER;
        private LatencyBudget latencyBudget;
        private String processingGuarantee = StreamsConfig.EXACTLY_ONCE_V2;
        private int httpPort = DEFAULT_HTTP_PORT;
        private int partitions = DEFAULT_PARTITIONS;
        private Short replicationFactor;
        private ImageLimits imageLimits = ImageLimits.DEFAULT;
        private PromotionPolicy autoPromote;
        private Properties kafka = new Properties();

        private Builder(String bootstrapServers, Path registry) {
            this.bootstrapServers = bootstrapServers;
            this.registry = registry;
        }

        public Builder applicationId(String id) {
            applicationId = id;
            return this;
        }

        public Builder topics(TopicNames names) {
            topics = names;
            return this;
        }

        public Builder modelName(String name) {
            modelName = name;
            return this;
        }

        /** Serve exactly this version and do not reload; null (the default) serves the newest and reloads. */
        public Builder pinnedVersion(String version) {
            pinnedVersion = version;
            return this;
        }

        public Builder modelPollInterval(Duration interval) {
            modelPollInterval = interval;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder reviewThreshold(double threshold) {
            reviewThreshold = threshold;
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        public Builder batchLinger(Duration linger) {
            batchLinger = linger;
            return this;
        }

        /**
         * The end-to-end p99 asked for ({@link LatencyBudget}); sets the batch linger too (a later
         * {@link #batchLinger} overrides it). Null (the default) keeps Kafka's settings.
         */
        public Builder latencyBudget(LatencyBudget budget) {
            latencyBudget = budget;
            if (budget != null) {
                batchLinger = budget.batchLinger();
            }
            return this;
        }

        /** {@code exactly_once_v2} (the default) or {@code at_least_once}. */
        public Builder processingGuarantee(String guarantee) {
            processingGuarantee = guarantee;
            return this;
        }

        /** Port of /metrics, /health and /ready; 0 = any free port. */
        public Builder httpPort(int port) {
            httpPort = port;
            return this;
        }

        public Builder partitions(int n) {
            partitions = n;
            return this;
        }

        /** Replication of topics created at start; null (the default) = the broker's default. */
        public Builder replicationFactor(Short n) {
            replicationFactor = n;
            return this;
        }

        public Builder imageLimits(ImageLimits limits) {
            imageLimits = limits;
            return this;
        }

        /** Promote candidates and roll promotions back by {@code policy}; null (the default) = by hand only. */
        public Builder autoPromote(PromotionPolicy policy) {
            autoPromote = policy;
            return this;
        }

        /** The extra Kafka client properties ({@code KAFKA_*} passthrough), replacing any set before. */
        public Builder kafka(Properties properties) {
            kafka = new Properties();
            kafka.putAll(properties);
            return this;
        }

        /** The configuration; an {@link IllegalArgumentException} names the first bad value. */
        public ServeConfig build() {
            return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion,
                    modelPollInterval, threads, reviewThreshold, batchSize, batchLinger, latencyBudget, processingGuarantee,
                    httpPort,
                    partitions, replicationFactor, imageLimits, autoPromote, kafka);
        }
    }
}
