package io.digits.producer.send;

import io.digits.core.kafka.KafkaClients;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer configuration of {@code produce}: idempotent with {@code acks=all} (no loss, no
 * duplicates from retries), and compression and batching chosen by measurement (see the module
 * README: {@code ProducerThroughputBenchmark}). Any of it can be overridden with {@code KAFKA_*}.
 */
public final class ProducerSettings {
    public static final String COMPRESSION = "lz4";
    public static final int LINGER_MS = 20;
    public static final int BATCH_SIZE = 256 * 1024;

    private ProducerSettings() {
    }

    /** A producer of image records with these settings under {@code clients}, {@code forced} over all. */
    public static KafkaProducer<String, byte[]> imageProducer(KafkaClients clients, Map<?, ?> forced) {
        return clients.producer(tuned(), forced, new StringSerializer(), new ByteArraySerializer());
    }

    public static Properties tuned() {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "digits-producer");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
        props.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_SIZE));
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return props;
    }
}
