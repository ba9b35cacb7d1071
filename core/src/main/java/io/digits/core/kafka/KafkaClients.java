package io.digits.core.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds every Kafka client of the project (producer, consumer, admin, and the properties of Kafka Streams), so
 * that every one of them sees the same settings in the same order, lowest first:
 * <ol>
 *   <li>the component's defaults (what it would like, tuning a user may change);</li>
 *   <li>the {@code KAFKA_*} variables ({@code KAFKA_SASL_MECHANISM} becomes {@code sasl.mechanism}): security and
 *       tuning with no code change;</li>
 *   <li>the named options: the bootstrap servers from {@code --bootstrap};</li>
 *   <li>what the component must force to be correct (isolation level, serdes, a client id, no group).</li>
 * </ol>
 * A producer, consumer or admin client gets only the passthrough properties it knows (a {@code KAFKA_COMMIT_INTERVAL_MS}
 * meant for Kafka Streams is not an unknown-config warning in the model listener); Kafka Streams gets them all,
 * since it routes prefixed properties itself.
 */
public final class KafkaClients {
    private final String bootstrapServers;
    private final Properties passthrough;

    /**
     * @param bootstrapServers the named option, which overrides a {@code bootstrap.servers} in the passthrough
     * @param passthrough      client properties from the environment ({@link KafkaClientProperties#fromEnv()})
     */
    public KafkaClients(String bootstrapServers, Properties passthrough) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers given");
        }
        this.bootstrapServers = bootstrapServers;
        this.passthrough = copy(passthrough);
    }

    /** The clients of this process: its {@code KAFKA_*} variables under {@code bootstrapServers}. */
    public static KafkaClients fromEnv(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, KafkaClientProperties.fromEnv());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code KAFKA_*} passthrough (a copy). */
    public Properties passthrough() {
        return copy(passthrough);
    }

    /** The same passthrough with {@code more} over it (tests and the bench set client properties this way). */
    public KafkaClients withPassthrough(Map<?, ?> more) {
        Properties merged = passthrough();
        merged.putAll(more);
        return new KafkaClients(bootstrapServers, merged);
    }

    /** The same passthrough against another cluster. */
    public KafkaClients withBootstrapServers(String servers) {
        return new KafkaClients(servers, passthrough);
    }

    public Properties producerConfig(Map<?, ?> defaults, Map<?, ?> forced) {
        return layered(defaults, ProducerConfig.configNames(), forced);
    }

    public Properties consumerConfig(Map<?, ?> defaults, Map<?, ?> forced) {
        return layered(defaults, ConsumerConfig.configNames(), forced);
    }

    public Properties adminConfig(Map<?, ?> defaults, Map<?, ?> forced) {
        return layered(defaults, AdminClientConfig.configNames(), forced);
    }

    /** Kafka Streams' properties: every passthrough property, since Streams reads prefixed ones itself. */
    public Properties streamsConfig(Map<?, ?> defaults, Map<?, ?> forced) {
        return layered(defaults, null, forced);
    }

    public <K, V> KafkaProducer<K, V> producer(Map<?, ?> defaults, Map<?, ?> forced, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(producerConfig(defaults, forced), keys, values);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<?, ?> defaults, Map<?, ?> forced, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(consumerConfig(defaults, forced), keys, values);
    }

    /**
     * The settings of a consumer that reads partitions it assigns itself: no consumer group (a {@code KAFKA_GROUP_ID}
     * meant for a group member is dropped) and nothing committed.
     */
    public Properties assignedConsumerConfig(Map<?, ?> defaults, Map<?, ?> forced) {
        Properties props = consumerConfig(defaults, forced);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** A consumer with {@link #assignedConsumerConfig}: for readers that assign partitions and keep no group. */
    public <K, V> KafkaConsumer<K, V> assignedConsumer(Map<?, ?> defaults, Map<?, ?> forced, Deserializer<K> keys,
                                                      Deserializer<V> values) {
        return new KafkaConsumer<>(assignedConsumerConfig(defaults, forced), keys, values);
    }

    public Admin admin(Map<?, ?> defaults, Map<?, ?> forced) {
        return Admin.create(adminConfig(defaults, forced));
    }

    /** For a log line: the bootstrap servers and the passthrough, secret values hidden. */
    public String describe() {
        return bootstrapServers + (passthrough.isEmpty() ? "" : " " + KafkaClientProperties.describe(passthrough));
    }

    private Properties layered(Map<?, ?> defaults, Set<String> known, Map<?, ?> forced) {
        Properties props = new Properties();
        props.putAll(defaults);
        passthrough.forEach((k, v) -> {
            if (known == null || known.contains(k.toString())) {
                props.put(k, v);
            }
        });
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(forced);
        return props;
    }

    private static Properties copy(Properties source) {
        Properties copy = new Properties();
        if (source != null) {
            copy.putAll(source);
        }
        return copy;
    }
}
