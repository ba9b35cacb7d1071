package io.digits.trainer;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelArtifact;
import io.digits.core.record.ModelAnnouncement;
import io.digits.core.record.ModelAnnouncementSerde;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the streams apps on the models topic (key = model name) that a new version is published. */
public final class ModelAnnouncer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelAnnouncer.class);

    private ModelAnnouncer() {
    }

    /** The announcement for {@code artifact}: its name, version, folder and checksum. */
    public static ModelAnnouncement announcementOf(ModelArtifact artifact) {
        return new ModelAnnouncement(artifact.manifest().name(), artifact.version(),
                artifact.folder().toAbsolutePath().toString(), artifact.manifest().sha256());
    }

    /** Sends the announcement and waits (up to 30 s) for the broker's acknowledgement. */
    public static void announce(ModelArtifact artifact, KafkaClients clients, String topic) throws IOException {
        announce(artifact, clients, topic, Duration.ofSeconds(30));
    }

    /** Sends the announcement and waits up to {@code timeout} for the broker's acknowledgement. */
    public static void announce(ModelArtifact artifact, KafkaClients clients, String topic, Duration timeout)
            throws IOException {
        String bootstrap = clients.bootstrapServers();
        Map<String, String> forced = Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis() / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        ModelAnnouncement announcement = announcementOf(artifact);
        try (ModelAnnouncementSerde serde = new ModelAnnouncementSerde();
             KafkaProducer<String, ModelAnnouncement> producer =
                     clients.producer(Map.of(), forced, new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, announcement.name(), announcement))
                    .get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("announced {} version {} on {}", announcement.name(), announcement.version(), topic);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            var refused = io.digits.core.kafka.KafkaAuthorization.find(e);
            if (refused.isPresent()) {
                throw new IOException(io.digits.core.kafka.KafkaAuthorization.describe(refused.get(),
                        io.digits.core.kafka.KafkaAuthorization.Access.topics(
                                io.digits.core.kafka.KafkaAuthorization.principal(clients), Map.of(topic, "Write"))), e);
            }
            throw new IOException("cannot announce the model on " + topic + " via " + bootstrap + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while announcing the model", e);
        }
    }
}
