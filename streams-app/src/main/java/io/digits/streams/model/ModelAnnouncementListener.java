package io.digits.streams.model;

import io.digits.core.record.ModelAnnouncement;
import io.digits.core.record.ModelAnnouncementSerde;
import io.digits.streams.ServeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the models topic so a published model is picked up at once rather than at the next registry check:
 * an announcement of this service's model name makes {@link ModelReloader} look at the registry now. The registry
 * stays the source of truth (its {@code latest}, verified as always); an unreadable announcement is skipped with
 * a warning.
 */
public final class ModelAnnouncementListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelAnnouncementListener.class);

    private final KafkaConsumer<String, ModelAnnouncement> consumer;
    private final String topic;
    private final String modelName;
    private final ModelReloader reloader;
    private final Thread thread;
    private volatile boolean running = true;

    private final java.util.function.Consumer<RuntimeException> onFailure;

    private ModelAnnouncementListener(ServeConfig config, ModelReloader reloader,
                                      java.util.function.Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
        this.consumer = config.clients().assignedConsumer(Map.of(),
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-model-announcements"),
                new StringDeserializer(), new ModelAnnouncementSerde().deserializer());
        this.topic = config.topics().models();
        this.modelName = config.modelName();
        this.reloader = reloader;
        this.thread = new Thread(this::run, "digits-model-announcements");
        this.thread.setDaemon(true);
    }

    /** Starts listening from the end of the models topic (what came before, the registry already shows). */
    public static ModelAnnouncementListener start(ServeConfig config, ModelReloader reloader) {
        return start(config, reloader, e -> { });
    }

    /** As {@link #start(ServeConfig, ModelReloader)}; {@code onFailure} hears why listening stopped (not on close). */
    public static ModelAnnouncementListener start(ServeConfig config, ModelReloader reloader,
                                                  java.util.function.Consumer<RuntimeException> onFailure) {
        ModelAnnouncementListener listener = new ModelAnnouncementListener(config, reloader, onFailure);
        listener.thread.start();
        return listener;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running) {
                try {
                    for (ConsumerRecord<String, ModelAnnouncement> record : consumer.poll(Duration.ofSeconds(1))) {
                        announced(record.value());
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("skipping an unreadable announcement on {} at offset {}: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("stopped listening to {} (the registry is still checked): {}", topic, e.toString());
            onFailure.accept(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void announced(ModelAnnouncement announcement) {
        if (announcement == null || !modelName.equals(announcement.name())) {
            return;
        }
        log.info("model {} version {} announced; checking the registry", announcement.name(), announcement.version());
        reloader.checkNow();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
