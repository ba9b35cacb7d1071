package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelRecords;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.streams.metrics.MeterNames;
import io.digits.trainer.TestModels;
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
 * while the current one keeps serving; a candidate published on the topic is scored beside the live model from then
 * on, without a restart, until it is cleared.
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
        String v2 = TestModels.publishCopy(trainer, trainer.open(NAME, v1));
        String v3 = TestModels.publishCopy(trainer, trainer.open(NAME, v1));
        TopicNames topics = TopicNames.prefixed("m.");
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
            ModelArtifact corrupt = trainer.open(NAME, v3);
            publishCorrupt(corrupt, topics.models(), ModelRecords.liveKey(NAME), new LivePointer(NAME, corrupt.version(),
                    corrupt.manifest().sha256(), List.of(), Instant.now().toString()));
            awaitTrue(Duration.ofSeconds(30), () -> both.stream().allMatch(s -> rejected(s) == 1));
            for (ClassificationService s : both) {
                assertThat(s.servedModel().version()).contains(v1);
                assertThat(s.notReadyReason()).isNull();
            }
            assertThat(Files.exists(folder.resolve("empty-registry-1").resolve(NAME).resolve(v3))).isFalse();
        }
    }

    @Test
    void aCandidatePublishedOnTheTopicIsShadowedWithoutARestartUntilCleared() throws Exception {
        ModelRegistry trainer = new ModelRegistry(folder.resolve("trainer"));
        String live = TestRegistries.publishTrained(trainer);
        String candidate = TestRegistries.publishUntrained(trainer);
        TopicNames topics = TopicNames.prefixed("c.");
        ModelTopic models = new ModelTopic(new KafkaClients(kafka.bootstrapServers(), new Properties()), topics.models(),
                Duration.ofSeconds(30));
        models.createIfMissing();
        models.publish(trainer.open(NAME, live), true);
        int perPhase = 200;
        MnistDataset test = TestImages.mnistTest().limit(perPhase);
        try (ClassificationService service = ClassificationService.start(config("it-shadow-" + UUID.randomUUID(), topics, 1));
             KafkaProducer<String, byte[]> producer = producer()) {
            assertThat(service.candidateModel().version()).isEmpty();
            awaitTrue(Duration.ofSeconds(90), () -> service.notReadyReason() == null);
            List<String> phases = List.of("before-", "shadowed-", "cleared-");
            for (String phase : phases) {
                if (phase.equals("shadowed-")) {
                    models.publishCandidate(trainer.open(NAME, candidate));
                    awaitTrue(Duration.ofSeconds(30), () -> service.candidateModel().version().equals(Optional.of(candidate)));
                } else if (phase.equals("cleared-")) {
                    models.clearCandidate(NAME);
                    awaitTrue(Duration.ofSeconds(30), () -> service.candidateModel().version().isEmpty());
                }
                for (int i = 0; i < perPhase; i++) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.images(), phase + i, test.images()[i]);
                    r.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
                    producer.send(r);
                }
                producer.flush();
                int done = (phases.indexOf(phase) + 1) * perPhase;
                awaitTrue(Duration.ofSeconds(60), () -> predicted(service) == done);
            }
            assertThat(service.servedModel().version()).contains(live);

            // read_committed: every image scored once by the live model; the candidate's predictions exactly for
            // the images sent while it was set, each once, naming it
            List<ConsumerRecord<String, Prediction>> predictions = readPredictions(topics.predictions(), 3 * perPhase);
            assertThat(predictions.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting())))
                    .hasSize(3 * perPhase).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(predictions).allSatisfy(r -> assertThat(r.value().model()).isEqualTo(live));
            List<ConsumerRecord<String, Prediction>> shadow = readPredictions(topics.shadowPredictions(), perPhase);
            assertThat(shadow.stream().map(ConsumerRecord::key).sorted().toList()).isEqualTo(
                    java.util.stream.IntStream.range(0, perPhase).mapToObj(i -> "shadowed-" + i).sorted().toList());
            assertThat(shadow).allSatisfy(r -> {
                assertThat(r.value().model()).isEqualTo(candidate);
                assertThat(RecordHeaders.text(r.headers(), RecordHeaders.MODEL_VERSION)).contains(candidate);
            });
            Map<String, Integer> liveDigit = predictions.stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value().digit()));
            long agreed = shadow.stream().filter(r -> liveDigit.get(r.key()) == r.value().digit()).count();
            var meters = service.meterRegistry();
            assertThat(meters.get(MeterNames.SHADOW_SCORED).tag(MeterNames.TAG_VERSION, candidate).counter().count())
                    .isEqualTo(perPhase);
            assertThat(meters.get(MeterNames.SHADOW_AGREED).tag(MeterNames.TAG_VERSION, candidate).counter().count())
                    .isEqualTo(agreed);
            assertThat(meters.get(MeterNames.MODEL_LABELLED).tags(MeterNames.TAG_VERSION, candidate, MeterNames.TAG_ROLE,
                    "candidate").counters().stream().mapToDouble(Counter::count).sum()).isEqualTo(perPhase);
            assertThat(meters.find(MeterNames.CANDIDATE_INFO).gauges()).isEmpty();
            assertThat(rejected(service)).isZero();

            // a corrupt candidate is refused (metric, log line) and not scored; the live model serves on
            ModelArtifact corrupt = trainer.open(NAME, TestModels.publishCopy(trainer, trainer.open(NAME, live)));
            publishCorrupt(corrupt, topics.models(), ModelRecords.candidateKey(NAME), CandidatePointer.nominated(NAME,
                    corrupt.version(), corrupt.manifest().sha256(), Instant.now()));
            awaitTrue(Duration.ofSeconds(30), () -> rejected(service) == 1);
            assertThat(service.candidateModel().version()).isEmpty();
            assertThat(service.servedModel().version()).contains(live);
            assertThat(service.notReadyReason()).isNull();
        }
    }

    private static double predicted(ClassificationService s) {
        return s.meterRegistry().find(MeterNames.PREDICTIONS).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double rejected(ClassificationService s) {
        Counter c = s.meterRegistry().find(MeterNames.MODEL_LOADS).tag(MeterNames.TAG_OUTCOME, MeterNames.OUTCOME_REJECTED).counter();
        return c == null ? 0 : c.count();
    }

    /** {@code artifact}'s records with one byte of chunk 1 flipped, and {@code pointer} to it, in one transaction. */
    private static void publishCorrupt(ModelArtifact artifact, String topic, String pointerKey, Object pointer)
            throws Exception {
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
            producer.send(new ProducerRecord<>(topic, pointerKey, ModelRecords.json(pointer)));
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
