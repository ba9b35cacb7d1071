package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.streams.metrics.ServingMetrics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
    private static final ServeConfig EXACTLY_ONCE = ServeConfig.defaults("localhost:9092", Path.of("models"));
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
    void atLeastOnceCommitsEverySecondUnlessTheEnvironmentSaysOtherwise() {
        assertThat(EXACTLY_ONCE.streamsProperties(METRICS)).doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        assertThat(atLeastOnce(new Properties()).streamsProperties(METRICS))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ServeConfig.AT_LEAST_ONCE_COMMIT_INTERVAL_MS);

        Properties fromEnv = new Properties();
        fromEnv.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250");
        assertThat(atLeastOnce(fromEnv).streamsProperties(METRICS))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250");
    }

    @Test
    void theGlobalExceptionHandlerFlagReachesTheConfigurationKafkasAssignorBuildsFromTheConsumersConfigs() {
        StreamsConfig streams = new StreamsConfig(EXACTLY_ONCE.streamsProperties(METRICS));
        StreamsConfig assignors = new StreamsConfig(streams.getMainConsumerConfigs("group", "client", 0));

        assertThat(streams.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
        assertThat(assignors.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    }

    private static ServeConfig atLeastOnce(Properties kafka) {
        ServeConfig d = EXACTLY_ONCE;
        return new ServeConfig(d.bootstrapServers(), d.applicationId(), d.topics(), d.registry(), d.modelName(), null,
                d.modelPollInterval(), 1, d.reviewThreshold(), 32, d.batchLinger(), StreamsConfig.AT_LEAST_ONCE, 0,
                d.partitions(), null, d.imageLimits(), kafka);
    }
}
