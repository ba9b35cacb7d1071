package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.core.eval.PromotionPolicy;
import io.digits.core.image.ImageLimits;
import io.digits.streams.metrics.ServingMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
    private static final ServeConfig EXACTLY_ONCE = ServeConfig.builder("localhost:9092", Path.of("models")).build();
    private static final ServingMetrics METRICS = ServingMetrics.unregistered();

    @Test
    void onlyExactlyOnceBuffersImagesForABatch() {
        assertThat(EXACTLY_ONCE.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(EXACTLY_ONCE.bufferedBatchSize()).isEqualTo(ServeConfig.DEFAULT_BATCH_SIZE);

        ServeConfig atLeastOnce = atLeastOnce(new Properties());
        assertThat(atLeastOnce.batchSize()).isEqualTo(32);
        assertThat(atLeastOnce.bufferedBatchSize()).isEqualTo(1);
    }

    @Test
    void atLeastOnceCommitsEverySecondAndLingersLittleUnlessTheEnvironmentSaysOtherwise() {
        assertThat(EXACTLY_ONCE.streamsProperties(METRICS)).doesNotContainKeys(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                "linger.ms");
        assertThat(atLeastOnce(new Properties()).streamsProperties(METRICS))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ServeConfig.AT_LEAST_ONCE_COMMIT_INTERVAL_MS)
                .containsEntry("linger.ms", ServeConfig.AT_LEAST_ONCE_LINGER_MS);

        Properties fromEnv = new Properties();
        fromEnv.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250");
        assertThat(atLeastOnce(fromEnv).streamsProperties(METRICS))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250");
    }

    @Test
    void aLatencyBudgetSetsTheCommitIntervalLingersAndPollTimeUnderTheEnvironment() {
        ServeConfig fifty = EXACTLY_ONCE.toBuilder().latencyBudget(LatencyBudget.ofMillis(50)).build();
        assertThat(fifty.batchLinger()).isEqualTo(Duration.ofMillis(5));
        assertThat(fifty.streamsProperties(METRICS))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 25L)
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 5L)
                .containsEntry("linger.ms", 5L);

        ServeConfig tight = EXACTLY_ONCE.toBuilder().latencyBudget(LatencyBudget.ofMillis(20)).build();
        assertThat(tight.batchLinger()).isEqualTo(Duration.ofMillis(2));
        assertThat(tight.streamsProperties(METRICS)).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10L)
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 2L);

        // at-least-once makes a prediction visible when it is sent: the commit interval stays its own
        Properties fromEnv = new Properties();
        fromEnv.put(StreamsConfig.POLL_MS_CONFIG, "7");
        fromEnv.put(StreamsConfig.producerPrefix("linger.ms"), "3");
        ServeConfig atLeastOnce = atLeastOnce(fromEnv).toBuilder().latencyBudget(LatencyBudget.ofMillis(20)).build();
        assertThat(atLeastOnce.streamsProperties(METRICS))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ServeConfig.AT_LEAST_ONCE_COMMIT_INTERVAL_MS)
                .containsEntry("linger.ms", 2L)
                .containsEntry("producer.linger.ms", "3") // Kafka Streams lets the prefixed one win
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, "7");
        assertThat(atLeastOnce.describe()).contains("latency-budget=20ms (commit 1000ms, batch and producer linger 2ms)");

        // a long linger does not stall the stream thread in poll beyond Kafka's default
        assertThat(EXACTLY_ONCE.toBuilder().batchLinger(Duration.ofHours(1)).build().streamsProperties(METRICS))
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 100L);

        assertThatThrownBy(() -> LatencyBudget.ofMillis(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the latency budget must be at least 10 ms, was 5 ms");
    }

    @Test
    void theGlobalExceptionHandlerFlagReachesTheConfigurationKafkasAssignorBuildsFromTheConsumersConfigs() {
        StreamsConfig streams = new StreamsConfig(EXACTLY_ONCE.streamsProperties(METRICS));
        StreamsConfig assignors = new StreamsConfig(streams.getMainConsumerConfigs("group", "client", 0));

        assertThat(streams.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
        assertThat(assignors.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    }

    @Test
    void toBuilderKeepsEveryOption() {
        Properties kafka = new Properties();
        kafka.put("security.protocol", "SSL");
        ServeConfig custom = ServeConfig.builder("kafka:9093", Path.of("registry"))
                .applicationId("app").topics(new TopicNames("i", "p", "d", "r", "s", "m")).modelName("other")
                .pinnedVersion("v1").modelPollInterval(Duration.ofSeconds(9)).threads(3).reviewThreshold(0.5)
                .batchSize(8).latencyBudget(LatencyBudget.ofMillis(40)).batchLinger(Duration.ofMillis(20))
                .processingGuarantee(StreamsConfig.AT_LEAST_ONCE)
                .httpPort(0).partitions(2).replicationFactor((short) 3).imageLimits(new ImageLimits(10_000, 100_000))
                .kafka(kafka).build();

        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(custom.toBuilder().threads(4).build()).isEqualTo(new ServeConfig(custom.bootstrapServers(),
                custom.applicationId(), custom.topics(), custom.registry(), custom.modelName(), custom.pinnedVersion(),
                custom.modelPollInterval(), 4, custom.reviewThreshold(), custom.batchSize(), custom.batchLinger(),
                custom.latencyBudget(), custom.processingGuarantee(), custom.httpPort(), custom.partitions(), custom.replicationFactor(),
                custom.imageLimits(), custom.autoPromote(), custom.kafka()));
        ServeConfig promoting = custom.toBuilder().pinnedVersion(null).autoPromote(PromotionPolicy.standard()).build();
        assertThat(promoting.toBuilder().build()).isEqualTo(promoting);
        assertThat(promoting.autoPromote()).isEqualTo(PromotionPolicy.standard());
    }

    @Test
    void automaticPromotionAndAPinnedVersionExcludeEachOther() {
        assertThatThrownBy(() -> ServeConfig.builder("kafka:9092", Path.of("registry")).pinnedVersion("v1")
                .autoPromote(PromotionPolicy.standard()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("automatic promotion changes the live version, which a pinned version (v1) forbids");
    }

    @Test
    void sixDifferentTopicsThePrefixedOnesBehindTheDefaults() {
        assertThat(TopicNames.prefixed("run-1-")).isEqualTo(new TopicNames("run-1-digits.images", "run-1-digits.predictions",
                "run-1-digits.dead-letters", "run-1-digits.review", "run-1-digits.shadow-predictions", "run-1-digits.models"));
        assertThat(TopicNames.DEFAULT.recordTopics()).containsExactly("digits.images", "digits.predictions",
                "digits.dead-letters", "digits.review", "digits.shadow-predictions");
        assertThatThrownBy(() -> new TopicNames("i", "p", "d", "r", "p", "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the six topics must have six different names: [i, p, d, r, p, m]");
    }

    @Test
    void theBuilderChecksEveryValueWithAOneLineMessage() {
        ServeConfig.Builder builder = EXACTLY_ONCE.toBuilder();
        assertThatThrownBy(() -> builder.batchSize(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch size must be 1.." + ServeConfig.MAX_BATCH_SIZE + ", was 0");
        assertThatThrownBy(() -> EXACTLY_ONCE.toBuilder().partitions(0).build())
                .hasMessage("partitions must be at least 1, was 0");
        assertThatThrownBy(() -> EXACTLY_ONCE.toBuilder().replicationFactor((short) 0).build())
                .hasMessage("replication factor must be at least 1, was 0");
        assertThatThrownBy(() -> ServeConfig.builder(" ", Path.of("models")).build())
                .hasMessage("the bootstrap servers must be set");
    }

    private static ServeConfig atLeastOnce(Properties kafka) {
        return EXACTLY_ONCE.toBuilder().processingGuarantee(StreamsConfig.AT_LEAST_ONCE).batchSize(32).kafka(kafka).build();
    }
}
