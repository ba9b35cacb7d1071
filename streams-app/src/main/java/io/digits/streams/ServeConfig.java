package io.digits.streams;

import io.digits.core.image.ImageLimits;
import io.digits.core.kafka.KafkaClientProperties;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelRegistry;
import io.digits.streams.deadletter.DeadLetters;
import io.digits.streams.metrics.ServingMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the classification service is configured with, immutable. {@link ServeCommand} builds it from
 * flags, {@code DIGITS_*} variables and defaults; {@link #streamsProperties} is the one Kafka Streams
 * configuration, used by {@code main} and by the tests alike.
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
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param httpPort            port of /metrics, /health and /ready (0 = any free port)
 * @param partitions          partitions of topics created at start
 * @param replicationFactor   replication of topics created at start; null = the broker's default
 * @param imageLimits         bytes and pixels accepted before decoding
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
        String processingGuarantee,
        int httpPort,
        int partitions,
        Short replicationFactor,
        ImageLimits imageLimits,
        Properties kafka) {

    public static final String DEFAULT_APPLICATION_ID = "digits-classifier";
    public static final double DEFAULT_REVIEW_THRESHOLD = 0.9;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(5);
    public static final int MAX_BATCH_SIZE = 1024;
    /**
     * The commit interval under at-least-once unless {@code KAFKA_COMMIT_INTERVAL_MS} says otherwise. A crash
     * classifies again everything since the last commit; Kafka's default of 30 s made that 15,000-18,000 of
     * 20,000 images in CrashRecoveryIT. (Exactly-once keeps Kafka's 100 ms.)
     */
    public static final long AT_LEAST_ONCE_COMMIT_INTERVAL_MS = 1_000;
    /**
     * Six: a multiple of 1, 2 and 3 stream threads or instances, so each gets the same share of the images (with
     * three partitions on two threads, one thread does twice the other's work and the pair runs at 3/4 speed).
     * The compose stack and the Kubernetes manifests create six too.
     */
    public static final int DEFAULT_PARTITIONS = 6;

    public ServeConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelPollInterval, "modelPollInterval");
        Objects.requireNonNull(imageLimits, "imageLimits");
        Objects.requireNonNull(batchLinger, "batchLinger");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (batchLinger.isNegative() || batchLinger.isZero()) {
            throw new IllegalArgumentException("the batch linger time must be positive");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (!(reviewThreshold >= 0 && reviewThreshold <= 1)) {
            throw new IllegalArgumentException("the review threshold must be within 0..1, was " + reviewThreshold);
        }
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
                && !StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
            throw new IllegalArgumentException("processing guarantee must be " + StreamsConfig.EXACTLY_ONCE_V2
                    + " or " + StreamsConfig.AT_LEAST_ONCE + ", was " + processingGuarantee);
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + httpPort);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
        if (modelPollInterval.isNegative() || modelPollInterval.isZero()) {
            throw new IllegalArgumentException("the model poll interval must be positive");
        }
        Properties copy = new Properties();
        if (kafka != null) {
            copy.putAll(kafka);
        }
        kafka = copy;
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

    /** The defaults, for {@code bootstrapServers} and a registry folder; tests change what they need with the withers. */
    public static ServeConfig defaults(String bootstrapServers, Path registry) {
        return new ServeConfig(bootstrapServers, DEFAULT_APPLICATION_ID, TopicNames.DEFAULT, registry,
                ModelRegistry.DEFAULT_NAME, null, Duration.ofSeconds(5), 1, DEFAULT_REVIEW_THRESHOLD,
                DEFAULT_BATCH_SIZE, DEFAULT_BATCH_LINGER, StreamsConfig.EXACTLY_ONCE_V2, DEFAULT_HTTP_PORT, DEFAULT_PARTITIONS, null, ImageLimits.DEFAULT, new Properties());
    }

    @Override
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    public ServeConfig withKafka(Properties extra) {
        Properties merged = kafka();
        merged.putAll(extra);
        return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion,
                modelPollInterval, threads, reviewThreshold, batchSize, batchLinger, processingGuarantee, httpPort, partitions,
                replicationFactor, imageLimits, merged);
    }

    public ServeConfig withApplicationId(String id) {
        return new ServeConfig(bootstrapServers, id, topics, registry, modelName, pinnedVersion, modelPollInterval,
                threads, reviewThreshold, batchSize, batchLinger, processingGuarantee, httpPort, partitions, replicationFactor, imageLimits, kafka);
    }

    public ServeConfig withHttpPort(int port) {
        return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion,
                modelPollInterval, threads, reviewThreshold, batchSize, batchLinger, processingGuarantee, port, partitions, replicationFactor,
                imageLimits, kafka);
    }

    public ServeConfig withModelPollInterval(Duration interval) {
        return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion, interval,
                threads, reviewThreshold, batchSize, batchLinger, processingGuarantee, httpPort, partitions, replicationFactor, imageLimits, kafka);
    }

    public ServeConfig withThreads(int n) {
        return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion,
                modelPollInterval, n, reviewThreshold, batchSize, batchLinger, processingGuarantee, httpPort, partitions, replicationFactor,
                imageLimits, kafka);
    }

    public ServeConfig withReviewThreshold(double threshold) {
        return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion,
                modelPollInterval, threads, threshold, batchSize, batchLinger, processingGuarantee, httpPort, partitions, replicationFactor,
                imageLimits, kafka);
    }

    public ServeConfig withTopics(TopicNames names) {
        return new ServeConfig(bootstrapServers, applicationId, names, registry, modelName, pinnedVersion,
                modelPollInterval, threads, reviewThreshold, batchSize, batchLinger, processingGuarantee, httpPort,
                partitions, replicationFactor, imageLimits, kafka);
    }

    public ServeConfig withBatch(int size, Duration linger) {
        return new ServeConfig(bootstrapServers, applicationId, topics, registry, modelName, pinnedVersion,
                modelPollInterval, threads, reviewThreshold, size, linger, processingGuarantee, httpPort, partitions,
                replicationFactor, imageLimits, kafka);
    }

    /** The Kafka clients of the service: the {@code KAFKA_*} passthrough under the bootstrap servers. */
    public KafkaClients clients() {
        return new KafkaClients(bootstrapServers, kafka);
    }

    /**
     * The Kafka Streams configuration: our default commit interval under at-least-once, the {@code KAFKA_*}
     * passthrough over it, then the named options, the dead-letter topic and the exception handlers (which
     * always win). {@code metrics} reaches the exception handlers through the configuration, the way Kafka hands
     * configuration to pluggable classes.
     */
    public Properties streamsProperties(ServingMetrics metrics) {
        Map<String, Object> defaults = new HashMap<>();
        if (StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
            defaults.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, AT_LEAST_ONCE_COMMIT_INTERVAL_MS);
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
                + " review-threshold=" + reviewThreshold + " guarantee=" + processingGuarantee
                + " port=" + httpPort + " kafka=" + KafkaClientProperties.describe(kafka);
    }
}
