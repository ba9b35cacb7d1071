package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelRecords;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.streams.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models through Kafka only: two instances with empty registry folders serve what was published on the models
 * topic, follow promote and rollback under load with every image scored exactly once, and refuse a corrupt version
 * while the current one keeps serving.
 */
class ModelTopicServiceIT {
    private static final int IMAGES = 900;
    private static final String NAME = ModelRegistry.DEFAULT_NAME;
    private static EmbeddedKafka kafka;

    @TempDir
    Path folder;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private ServeConfig config(String applicationId, TopicNames topics, int instance) {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, folder.resolve("state-" + instance).toString());
        return ServeConfig.builder(kafka.bootstrapServers(), folder.resolve("empty-registry-" + instance))
                .applicationId(applicationId).topics(topics).httpPort(0).threads(1)
                .modelPollInterval(Duration.ofMillis(500)).kafka(props).build();
    }

    @Test
    void emptyRegistriesServeTheLiveModelAndFollowPromoteAndRollbackUnderLoad() throws Exception {
        ModelRegistry trainer = new ModelRegistry(folder.resolve("trainer"));
        String v1 = TestRegistries.publishTrained(trainer);
        String v2 = TestRegistries.publishCopy(trainer, trainer.open(NAME, v1));
        String v3 = TestRegistries.publishCopy(trainer, trainer.open(NAME, v1));
        TopicNames topics = new TopicNames("m.images", "m.predictions", "m.dead-letters", "m.review", "m.models");
        ModelTopic models = new ModelTopic(new KafkaClients(kafka.bootstrapServers(), new Properties()), topics.models(),
                Duration.ofSeconds(30));
        models.createIfMissing();
        models.publish(trainer.open(NAME, v1), true);
        models.publish(trainer.open(NAME, v2), false);

        String app = "it-topic-" + UUID.randomUUID();
        ServeConfig config = config(app, topics, 1);
        MnistDataset test = TestImages.mnistTest().limit(IMAGES);
        try (ClassificationService first = ClassificationService.start(config);
             ClassificationService second = ClassificationService.start(config(app, topics, 2))) {
            List<ClassificationService> both = List.of(first, second);
            for (ClassificationService s : both) {
                assertThat(s.servedModel().version()).contains(v1);
            }
            // cached in each instance's own registry folder
            assertThat(new ModelRegistry(folder.resolve("empty-registry-2")).open(NAME, v1).manifest().sha256())
                    .isEqualTo(trainer.open(NAME, v1).manifest().sha256());
            awaitTrue(Duration.ofSeconds(90), () -> both.stream().allMatch(s -> s.notReadyReason() == null));

            // images flow steadily while the live version changes twice
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    for (int i = 0; i < IMAGES; i++) {
                        producer.send(new ProducerRecord<>(topics.images(), id(i), test.images()[i]));
                        Thread.sleep(8);
                    }
                    producer.flush();
                } catch (Exception e) {
                    sendFailure.set(e);
                }
            }, "it-sender");
            sender.start();
            Thread.sleep(1_500);
            models.promote(NAME, v2);
            awaitTrue(Duration.ofSeconds(30), () -> both.stream().allMatch(s -> s.servedModel().version().equals(Optional.of(v2))));
            Thread.sleep(1_500);
            models.rollback(NAME);
            awaitTrue(Duration.ofSeconds(30), () -> both.stream().allMatch(s -> s.servedModel().version().equals(Optional.of(v1))));
            sender.join(120_000);
            assertThat(sendFailure.get()).isNull();

            // every image scored exactly once, each prediction naming its version and checksum
            List<ConsumerRecord<String, Prediction>> received = readPredictions(topics.predictions(), IMAGES);
            Map<String, Long> perId = received.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(perId).hasSize(IMAGES);
            assertThat(perId.values()).containsOnly(1L);
            assertThat(received.stream().map(r -> r.value().model()).distinct()).contains(v1, v2);
            String sha = trainer.open(NAME, v1).manifest().sha256();
            for (ConsumerRecord<String, Prediction> r : received) {
                assertThat(RecordHeaders.text(r.headers(), RecordHeaders.MODEL_VERSION)).contains(r.value().model());
                assertThat(RecordHeaders.text(r.headers(), RecordHeaders.MODEL_SHA256)).contains(sha);
            }
            for (ClassificationService s : both) {
                assertThat(s.meterRegistry().find(MeterNames.MODEL_SWITCH_OFFSET).gauges()).isNotEmpty();
                assertThat(rejected(s)).isZero();
            }

            // a corrupt version made live on the topic is refused by every instance; v1 keeps serving
            publishCorruptAndMakeLive(trainer.open(NAME, v3), topics.models());
            awaitTrue(Duration.ofSeconds(30), () -> both.stream().allMatch(s -> rejected(s) == 1));
            for (ClassificationService s : both) {
                assertThat(s.servedModel().version()).contains(v1);
                assertThat(s.notReadyReason()).isNull();
            }
            assertThat(Files.exists(folder.resolve("empty-registry-1").resolve(NAME).resolve(v3))).isFalse();
        }
    }

    private static double rejected(ClassificationService s) {
        Counter c = s.meterRegistry().find(MeterNames.MODEL_LOADS).tag(MeterNames.TAG_OUTCOME, MeterNames.OUTCOME_REJECTED).counter();
        return c == null ? 0 : c.count();
    }

    /** {@code artifact}'s records with one byte of chunk 1 flipped, and a live pointer to it, in one transaction. */
    private static void publishCorruptAndMakeLive(ModelArtifact artifact, String topic) throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact, Instant.now());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-corrupt-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ModelRecords.Chunk c : encoded.chunks()) {
                byte[] data = c.data().clone();
                if (c.index() == 1) {
                    data[10] ^= 1;
                }
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, c.key(NAME, artifact.version()), data);
                c.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(r);
            }
            producer.send(new ProducerRecord<>(topic, encoded.manifestKey(), ModelRecords.json(encoded.record())));
            producer.send(new ProducerRecord<>(topic, ModelRecords.liveKey(NAME), ModelRecords.json(new LivePointer(NAME,
                    artifact.version(), artifact.manifest().sha256(), List.of(), Instant.now().toString()))));
            producer.commitTransaction();
        }
    }

    private static List<ConsumerRecord<String, Prediction>> readPredictions(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, Prediction>> into = new ArrayList<>();
        try (KafkaConsumer<String, Prediction> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new PredictionSerde().deserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (into.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(into::add);
            }
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // anything extra would show now
            while (System.nanoTime() < quiet) {
                consumer.poll(Duration.ofMillis(200)).forEach(into::add);
            }
        }
        return into;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static String id(int i) {
        return "mnist-test-" + i;
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
