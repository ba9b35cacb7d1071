package io.digits.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Timeout(120)
class EmbeddedKafkaIT {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaIT.class);
    private static final String TOPIC = "embedded.it";

    @Test
    void transactionalRecordsReachAReadCommittedGroupAndAbortedOnesDoNot() throws Exception {
        Path logDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            log.info("Embedded Kafka started in {} ms", kafka.startupTime().toMillis());
            logDir = kafka.logDir();
            assertThat(logDir).isDirectory();
            kafka.createTopics(2, TOPIC);
            kafka.createTopics(2, TOPIC); // existing topics are left alone
            assertThat(kafka.admin().listTopics().names().get()).contains(TOPIC);

            try (var producer = transactionalProducer(kafka.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "committed-" + i));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "key-x", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "key-last", "committed-last"));
                producer.commitTransaction();
            }

            List<String> values = new ArrayList<>();
            try (var consumer = readCommittedConsumer(kafka.bootstrapServers(), "it-group")) {
                consumer.subscribe(List.of(TOPIC));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 11 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        values.add(record.value());
                    }
                }
                consumer.commitSync();
            }
            assertThat(values).hasSize(11).doesNotContain("aborted").contains("committed-0", "committed-9", "committed-last");

            // the group's committed offsets live in __consumer_offsets: a second consumer of the group gets nothing new
            try (var consumer = readCommittedConsumer(kafka.bootstrapServers(), "it-group")) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(consumer.poll(Duration.ofSeconds(3))).isEmpty();
            }
            var committed = kafka.admin().listConsumerGroupOffsets("it-group").partitionsToOffsetAndMetadata().get();
            assertThat(committed).hasSize(2);
        }
        assertThat(Files.exists(logDir)).as("log dir deleted on close").isFalse();
    }

    @Test
    void startsOnTheGivenPortAndRejectsSettingsKafkaDoesNotKnow() {
        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.ANY_PORT, Map.of("offsets.topic.replicaton.factor", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offsets.topic.replicaton.factor");
        assertThatThrownBy(() -> EmbeddedKafka.start(70_000)).isInstanceOf(IllegalArgumentException.class);

        int port;
        try (EmbeddedKafka first = EmbeddedKafka.start()) {
            port = Integer.parseInt(first.bootstrapServers().substring(first.bootstrapServers().indexOf(':') + 1));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
            kafka.close(); // idempotent with the try-with-resources close
        }
    }

    @Test
    void aStoppedBrokerComesBackOnTheSameAddressWithItsData() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, TOPIC);
            try (var producer = transactionalProducer(kafka.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "key", "before the restart"));
                producer.commitTransaction();
            }
            kafka.stopBroker();
            kafka.startBroker();
            List<String> values = new ArrayList<>();
            try (var consumer = readCommittedConsumer(kafka.bootstrapServers(), "restart-group")) {
                consumer.subscribe(List.of(TOPIC));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).containsExactly("before the restart");
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-tx",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> readCommittedConsumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }
}
