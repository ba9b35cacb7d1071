package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelArtifact;
import io.digits.core.record.ModelAnnouncement;
import io.digits.core.record.ModelAnnouncementSerde;
import io.digits.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** --announce on a real KRaft broker: the record a streams app reloads from. */
class ModelAnnouncerIT {

    @Test
    void announcesThePublishedVersionKeyedByModelName() throws Exception {
        ModelArtifact artifact = TestModels.trained();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, Topics.MODELS);

            ModelAnnouncer.announce(artifact, new KafkaClients(kafka.bootstrapServers(), new Properties()), Topics.MODELS);

            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "announcer-it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (ModelAnnouncementSerde serde = new ModelAnnouncementSerde();
                 KafkaConsumer<String, ModelAnnouncement> consumer =
                         new KafkaConsumer<>(config, new StringDeserializer(), serde.deserializer())) {
                consumer.subscribe(List.of(Topics.MODELS));
                ConsumerRecord<String, ModelAnnouncement> record = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (record == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, ModelAnnouncement> r : consumer.poll(Duration.ofMillis(500))) {
                        record = r;
                    }
                }
                assertThat(record).as("an announcement within 30 s").isNotNull();
                assertThat(record.key()).isEqualTo(artifact.manifest().name());
                assertThat(record.value()).isEqualTo(new ModelAnnouncement(artifact.manifest().name(),
                        artifact.version(), artifact.folder().toAbsolutePath().toString(), artifact.manifest().sha256()));
            }
        }
    }

    @Test
    void anUnreachableBrokerIsAClearError() {
        ModelArtifact artifact = TestModels.trained();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelAnnouncer.announce(artifact, new KafkaClients("localhost:1", new Properties()),
                        Topics.MODELS, Duration.ofSeconds(3)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("cannot announce the model on digits.models via localhost:1");
    }
}
