package io.digits.deploy;

import io.digits.core.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;

/** What the deployment files must agree with on the Kafka side, read from the app's own classes and jars. */
final class KafkaNames {
    /** The topics whose records carry image ids: partitioned alike, as many partitions as classifier replicas. */
    static final List<String> RECORD_TOPICS = List.of(Topics.IMAGES, Topics.PREDICTIONS, Topics.DEAD_LETTERS, Topics.REVIEW,
            Topics.SHADOW_PREDICTIONS);
    /** The compacted models topic: artifacts in chunks, the live and candidate pointers. */
    static final String COMPACTED_TOPIC = Topics.MODELS;

    private KafkaNames() {
    }

    static Set<String> allTopics() {
        Set<String> all = new HashSet<>(RECORD_TOPICS);
        all.add(COMPACTED_TOPIC);
        return all;
    }

    /** The Kafka version of the client jars the app is built with (the root pom's kafka.version). */
    static String kafkaVersion() {
        return AppInfoParser.getVersion();
    }

    /** Whether {@code KAFKA_FOO_BAR} names a real property ({@code foo.bar}) of a producer, consumer, admin or Kafka Streams. */
    static boolean isClientProperty(String envName) {
        String property = io.digits.core.kafka.KafkaClientProperties.propertyName(envName);
        return ProducerConfig.configNames().contains(property) || ConsumerConfig.configNames().contains(property)
                || AdminClientConfig.configNames().contains(property) || StreamsConfig.configDef().names().contains(property);
    }
}
