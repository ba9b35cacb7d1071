package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.image.MnistPreprocessor;
import io.digits.core.image.RejectReason;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelRegistry;
import io.digits.core.record.ContentType;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.streams.metrics.MeterNames;
import io.digits.trainer.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole service against a real Kafka broker in this JVM, with the trainer's trained test model. */
@Timeout(300)
class ClassificationServiceIT {
    static final int IMAGES = 1_000;
    static EmbeddedKafka kafka;

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

    @Test
    void classifiesEveryImageExactlyOnceAcrossAModelSwitchAndExportsMetrics() throws Exception {
        ModelRegistry registry = new ModelRegistry(folder.resolve("registry"));
        String first = TestRegistries.publishTrained(registry);
        MnistDataset test = TestImages.mnistTest().limit(IMAGES);
        int[] offline = offlineDigits(registry, first, test);
        double offlineAccuracy = accuracy(offline, test);

        Properties kafkaProps = new Properties();
        kafkaProps.put(StreamsConfig.STATE_DIR_CONFIG, folder.resolve("state").toString());
        ServeConfig config = ServeConfig.builder(kafka.bootstrapServers(), registry.root())
                .applicationId("it-" + UUID.randomUUID()).httpPort(0).threads(2)
                .modelPollInterval(Duration.ofMillis(500)).kafka(kafkaProps).build();
        HttpClient http = HttpClient.newHttpClient();
        try (ClassificationService service = ClassificationService.start(config);
             KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, Prediction> consumer = predictionsConsumer(config)) {
            assertThat(get(http, service, "/health").statusCode()).isEqualTo(200);
            awaitTrue(Duration.ofSeconds(60), () -> get(http, service, "/ready").statusCode() == 200);

            // the first half, with three bad records among them
            send(producer, config, test, 0, IMAGES / 2);
            producer.send(new ProducerRecord<>(config.topics().images(), "bad-empty", new byte[0]));
            ProducerRecord<String, byte[]> wrongSize = new ProducerRecord<>(config.topics().images(), "bad-size", new byte[100]);
            wrongSize.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(ContentType.MNIST_784.mimeType()));
            producer.send(wrongSize);
            producer.send(new ProducerRecord<>(config.topics().images(), "bad-bytes",
                    "neither raw nor a picture".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            List<ConsumerRecord<String, Prediction>> received = new ArrayList<>();
            poll(consumer, received, IMAGES / 2, Duration.ofSeconds(120));

            // a new model is published while the stream runs: the service switches to it by itself
            String second = TestModels.publishCopy(registry, registry.open(ModelRegistry.DEFAULT_NAME, first));
            awaitTrue(Duration.ofSeconds(30), () -> service.servedModel().version().equals(Optional.of(second)));

            send(producer, config, test, IMAGES / 2, IMAGES);
            producer.flush();
            poll(consumer, received, IMAGES, Duration.ofSeconds(120));
            poll(consumer, received, Integer.MAX_VALUE, Duration.ofSeconds(3)); // anything extra would show now

            // exactly one prediction per image, and the same digits as the offline evaluation of the model
            assertThat(received).hasSize(IMAGES);
            Map<String, Prediction> byId = received.stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
            assertThat(byId).hasSize(IMAGES);
            int[] streamed = new int[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                Prediction p = byId.get(id(i));
                assertThat(p).as("prediction of %s", id(i)).isNotNull();
                assertThat(p.label()).isEqualTo(test.label(i));
                streamed[i] = p.digit();
            }
            assertThat(streamed).isEqualTo(offline);
            assertThat(accuracy(streamed, test)).isEqualTo(offlineAccuracy).isGreaterThanOrEqualTo(TestRegistries.MIN_ACCURACY);

            // both versions served; in every partition the first version's predictions come before the second's
            assertThat(received.stream().map(r -> r.value().model()).distinct()).containsExactlyInAnyOrder(first, second);
            Map<Integer, List<ConsumerRecord<String, Prediction>>> byPartition = received.stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::partition));
            for (List<ConsumerRecord<String, Prediction>> records : byPartition.values()) {
                List<String> versions = records.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset))
                        .map(r -> r.value().model()).toList();
                int switchAt = versions.indexOf(second);
                if (switchAt >= 0) {
                    assertThat(versions.subList(switchAt, versions.size())).containsOnly(second);
                }
            }

            Map<String, String> deadReasons = readDeadLetters(config, 3);
            assertThat(deadReasons).containsOnly(
                    Map.entry("bad-empty", RejectReason.EMPTY.code()),
                    Map.entry("bad-size", RejectReason.WRONG_RAW_SIZE.code()),
                    Map.entry("bad-bytes", RejectReason.UNDECODABLE.code()));

            // the same story on /metrics
            HttpResponse<String> scrape = get(http, service, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            PrometheusScrape metrics = PrometheusScrape.parse(scrape.body());
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.PREDICTIONS))).isEqualTo(IMAGES);
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.LABELLED))).isEqualTo(IMAGES);
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.LABELLED_CORRECT)) / IMAGES).isEqualTo(offlineAccuracy);
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.DEAD_LETTERS))).isEqualTo(3);
            assertThat(metrics.value(MeterNames.PROMETHEUS.get(MeterNames.DEAD_LETTERS), Map.of("reason", "empty"))).isEqualTo(1);
            assertThat(metrics.value(MeterNames.PROMETHEUS.get(MeterNames.MODEL_INFO), Map.of("version", second))).isEqualTo(1);
            assertThat(metrics.series(MeterNames.PROMETHEUS.get(MeterNames.MODEL_INFO))).hasSize(1);
            assertThat(metrics.value(MeterNames.PROMETHEUS.get(MeterNames.MODEL_LOADS), Map.of("outcome", "loaded"))).isEqualTo(2);
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.INFERENCE_TIME) + "_count")).isEqualTo(IMAGES);
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.END_TO_END_LATENCY) + "_count")).isEqualTo(IMAGES);
            assertThat(metrics.series(MeterNames.PROMETHEUS.get(MeterNames.INFERENCE_TIME) + "_bucket")).isNotEmpty();
            assertThat(metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.CONFIDENCE) + "_count")).isEqualTo(IMAGES);
            assertThat(metrics.hasSeriesStartingWith("kafka_stream_")).isTrue();
            assertThat(metrics.hasSeriesStartingWith("jvm_memory_used_bytes")).isTrue();
            assertThat(metrics.hasSeriesStartingWith("process_cpu_usage")).isTrue();
        }
    }

    @Test
    void imagesWaitingForTheirBatchWhenTheServiceStopsAreClassifiedByTheNextOne() throws Exception {
        ModelRegistry registry = new ModelRegistry(folder.resolve("registry"));
        TestRegistries.publishTrained(registry);
        Properties kafkaProps = new Properties();
        kafkaProps.put(StreamsConfig.STATE_DIR_CONFIG, folder.resolve("state").toString());
        ServeConfig config = ServeConfig.builder(kafka.bootstrapServers(), registry.root())
                .applicationId("it-restart-" + UUID.randomUUID()).httpPort(0).kafka(kafkaProps)
                .topics(TopicNames.prefixed("r."))
                .batchSize(64).batchLinger(Duration.ofHours(1)) // nothing fills or lingers out: the images stay in the buffer
                .build();
        MnistDataset test = TestImages.mnistTest().limit(10);
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, Prediction> consumer = predictionsConsumer(config)) {
            try (ClassificationService first = ClassificationService.start(config)) {
                awaitTrue(Duration.ofSeconds(60), () -> get(http, first, "/ready").statusCode() == 200);
                send(producer, config, test, 0, test.size());
                producer.flush();
                // the input offsets are committed while the images wait in the buffer (and its changelog) only
                awaitTrue(Duration.ofSeconds(60), () -> committedInputOffsets(config) == test.size());
                List<ConsumerRecord<String, Prediction>> none = new ArrayList<>();
                poll(consumer, none, Integer.MAX_VALUE, Duration.ofSeconds(2));
                assertThat(none).isEmpty();
            }
            // the next instance restores the buffer from its changelog and classifies what waited
            try (ClassificationService second = ClassificationService.start(config.toBuilder().batchLinger(Duration.ofMillis(5)).build())) {
                List<ConsumerRecord<String, Prediction>> received = new ArrayList<>();
                poll(consumer, received, test.size(), Duration.ofSeconds(120));
                poll(consumer, received, Integer.MAX_VALUE, Duration.ofSeconds(3));
                assertThat(received).extracting(ConsumerRecord::key)
                        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, test.size())
                                .mapToObj(ClassificationServiceIT::id).toList());
            }
        }
    }

    static long committedInputOffsets(ServeConfig config) {
        try {
            return kafka.admin().listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata()
                    .get().entrySet().stream().filter(e -> e.getKey().topic().equals(config.topics().images()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    static String id(int i) {
        return "mnist-test-" + i;
    }

    /** The digits the model gives the images offline, through the same preprocessing and classifier. */
    static int[] offlineDigits(ModelRegistry registry, String version, MnistDataset test) throws Exception {
        MnistPreprocessor preprocessor = new MnistPreprocessor();
        int[] digits = new int[test.size()];
        try (LoadedModel model = LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, version));
             DigitClassifier classifier = model.newClassifier()) {
            for (int i = 0; i < test.size(); i++) {
                digits[i] = DigitClassifier.argmax(classifier.classify(preprocessor.preprocess(test.images()[i], Optional.empty())));
            }
        }
        return digits;
    }

    static double accuracy(int[] digits, MnistDataset test) {
        int correct = 0;
        for (int i = 0; i < digits.length; i++) {
            correct += digits[i] == test.label(i) ? 1 : 0;
        }
        return correct / (double) digits.length;
    }

    static void send(KafkaProducer<String, byte[]> producer, ServeConfig config, MnistDataset test, int from, int to) {
        for (int i = from; i < to; i++) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.topics().images(), id(i), test.images()[i]);
            record.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
            producer.send(record);
        }
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<String, Prediction> predictionsConsumer(ServeConfig config) {
        KafkaConsumer<String, Prediction> consumer = new KafkaConsumer<>(readCommitted(), new StringDeserializer(),
                new PredictionSerde().deserializer());
        assignFromStart(consumer, config.topics().predictions(), config.partitions());
        return consumer;
    }

    static Map<String, String> readDeadLetters(ServeConfig config, int expected) {
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readCommitted(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            assignFromStart(consumer, config.topics().deadLetters(), config.partitions());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r ->
                        reasons.put(r.key(), RecordHeaders.text(r.headers(), RecordHeaders.REASON).orElse("none")));
            }
        }
        return reasons;
    }

    static Properties readCommitted() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    static void assignFromStart(KafkaConsumer<?, ?> consumer, String topic, int partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    static <V> void poll(KafkaConsumer<String, V> consumer, List<ConsumerRecord<String, V>> into, int until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (into.size() < until && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(into::add);
        }
    }

    static HttpResponse<String> get(HttpClient http, ClassificationService service, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
