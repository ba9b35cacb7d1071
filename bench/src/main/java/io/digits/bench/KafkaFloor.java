package io.digits.bench;

import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import io.digits.streams.ServeConfig;
import io.digits.streams.metrics.ServingMetrics;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Kafka's own floor under a configuration of the service: the same Kafka Streams settings (guarantee, commit
 * interval, lingers, poll time: {@link ServeConfig#streamsProperties}), the same topics, records of the same
 * size (a {@link Prediction} with ten probabilities and the model version), but no preprocessing, no batch
 * buffer and no inference. What the service's latency would be if classifying cost nothing.
 */
final class KafkaFloor implements AutoCloseable {
    private final KafkaStreams streams;

    private KafkaFloor(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Starts the pass-through for {@code config} (its topics and settings) and waits until it runs. */
    static KafkaFloor start(ServeConfig config, String modelVersion, Duration timeout) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(config.topics().images(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new PassThrough(modelVersion))
                .to(config.topics().predictions(), Produced.with(Serdes.String(), new PredictionSerde()));
        KafkaStreams streams = new KafkaStreams(builder.build(), config.streamsProperties(ServingMetrics.unregistered()));
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(30));
                throw new IllegalStateException("the pass-through did not start: Kafka Streams is " + state);
            }
            Thread.sleep(50);
        }
        return new KafkaFloor(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** Any image in, a prediction of the usual size out (digit 0 at a tenth each), key and timestamp kept. */
    private static final class PassThrough implements FixedKeyProcessor<String, byte[], Prediction> {
        private final String modelVersion;
        private final float[] uniform = new float[10];
        private FixedKeyProcessorContext<String, Prediction> context;

        PassThrough(String modelVersion) {
            this.modelVersion = modelVersion;
            Arrays.fill(uniform, 0.1f);
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Prediction> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            context.forward(record.withValue(new Prediction(record.key(), 0, 0.1f, uniform, modelVersion,
                    RecordHeaders.label(record.headers()).orElse(null), true, record.timestamp(),
                    System.currentTimeMillis())));
        }
    }
}
