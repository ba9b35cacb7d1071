package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ServeConfigTest {

    @Test
    void onlyExactlyOnceBuffersImagesForABatch() {
        ServeConfig exactlyOnce = ServeConfig.defaults("localhost:9092", Path.of("models"));
        assertThat(exactlyOnce.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(exactlyOnce.bufferedBatchSize()).isEqualTo(ServeConfig.DEFAULT_BATCH_SIZE);

        ServeConfig atLeastOnce = new ServeConfig(exactlyOnce.bootstrapServers(), exactlyOnce.applicationId(),
                exactlyOnce.topics(), exactlyOnce.registry(), exactlyOnce.modelName(), null,
                exactlyOnce.modelPollInterval(), 1, exactlyOnce.reviewThreshold(), 32, exactlyOnce.batchLinger(),
                StreamsConfig.AT_LEAST_ONCE, 0, 3, null, exactlyOnce.imageLimits(), null);
        assertThat(atLeastOnce.batchSize()).isEqualTo(32);
        assertThat(atLeastOnce.bufferedBatchSize()).isEqualTo(1);
    }
}
