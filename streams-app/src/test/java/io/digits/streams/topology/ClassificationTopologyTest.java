package io.digits.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.eval.PromotionPolicy;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.image.RejectReason;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelCatalog;
import io.digits.core.model.topic.PromotionDecision;
import io.digits.core.record.ContentType;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import io.digits.mnist.MnistDataset;
import io.digits.streams.ServeConfig;
import io.digits.streams.TestImages;
import io.digits.streams.TestRegistries;
import io.digits.streams.TopicNames;
import io.digits.streams.metrics.MeterNames;
import io.digits.streams.metrics.ServingMetrics;
import io.digits.streams.model.ModelRole;
import io.digits.streams.model.ServedModel;
import io.digits.streams.model.ThreadClassifiers;
import io.digits.streams.promotion.PointersHeld;
import io.digits.trainer.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The topology of {@link ClassificationTopology} with the configuration of {@link ServeConfig}, on a test driver. */
class ClassificationTopologyTest {
    @TempDir
    static Path folder;
    static ModelRegistry registry;
    static String version;

    ServeConfig config;
    SimpleMeterRegistry meters;
    ServingMetrics metrics;
    ServedModel served;
    ThreadClassifiers classifiers;
    ServedModel candidate;
    ThreadClassifiers candidates;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> images;
    TestOutputTopic<String, Prediction> predictions;
    TestOutputTopic<String, Prediction> review;
    TestOutputTopic<String, byte[]> deadLetters;
    TestOutputTopic<String, Prediction> shadow;
    TestOutputTopic<String, byte[]> models;
    final PointersHeld pointers = new PointersHeld();

    @BeforeAll
    static void publishModel() throws Exception {
        registry = new ModelRegistry(folder.resolve("registry"));
        version = TestRegistries.publishTrained(registry);
    }

    void start(ServeConfig config) throws Exception {
        this.config = config;
        meters = new SimpleMeterRegistry();
        metrics = new ServingMetrics(meters);
        served = new ServedModel(metrics, ModelRole.LIVE);
        served.serve(LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, version)));
        classifiers = new ThreadClassifiers(served);
        candidate = new ServedModel(metrics, ModelRole.CANDIDATE);
        candidates = new ThreadClassifiers(candidate);
        driver = new TopologyTestDriver(ClassificationTopology.build(config, classifiers, candidates, pointers, metrics),
                config.streamsProperties(metrics));
        TopicNames topics = config.topics();
        images = driver.createInputTopic(topics.images(), new StringSerializer(), new ByteArraySerializer());
        PredictionSerde serde = new PredictionSerde();
        predictions = driver.createOutputTopic(topics.predictions(), new StringDeserializer(), serde.deserializer());
        review = driver.createOutputTopic(topics.review(), new StringDeserializer(), serde.deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
        shadow = driver.createOutputTopic(topics.shadowPredictions(), new StringDeserializer(), serde.deserializer());
        models = driver.createOutputTopic(topics.models(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    static ServeConfig.Builder config() {
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.STATE_DIR_CONFIG, folder.resolve("state").toString());
        return ServeConfig.builder("driver:9092", registry.root()).kafka(kafka);
    }

    /** Lets the linger time pass, so the images waiting for their batch are classified. */
    void lingerPasses() {
        driver.advanceWallClockTime(config.batchLinger());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
            classifiers.close();
            candidates.close();
            served.close();
            candidate.close();
        }
    }

    @Test
    void imagesThatArriveTogetherAreClassifiedWhenTheInputGoesQuiet() throws Exception {
        start(config().batchLinger(Duration.ofMillis(20)).build());
        Duration check = ClassifyImageProcessor.lingerCheckInterval(config.batchLinger());
        driver.advanceWallClockTime(check.dividedBy(2));
        MnistDataset test = TestImages.mnistTest().limit(3);
        for (int i = 0; i < test.size(); i++) {
            images.pipeInput(new TestRecord<>("mnist-test-" + i, test.images()[i]));
        }
        driver.advanceWallClockTime(check); // the check right after them: they are still arriving
        assertThat(predictions.isEmpty()).as("classified while images were still arriving").isTrue();
        driver.advanceWallClockTime(check); // a check with nothing new: the input went quiet
        assertThat(predictions.readRecordsToList()).hasSize(test.size());
    }

    @Test
    void aBatchThatKeepsGrowingWaitsTheLingerTimeAndNoLonger() throws Exception {
        start(config().batchLinger(Duration.ofMillis(20)).build());
        Duration linger = config.batchLinger();
        Duration check = ClassifyImageProcessor.lingerCheckInterval(linger);
        MnistDataset test = TestImages.mnistTest().limit(ServeConfig.DEFAULT_BATCH_SIZE - 1);
        int sent = 0;
        for (Duration waited = Duration.ZERO; waited.compareTo(linger) < 0; waited = waited.plus(check)) {
            images.pipeInput(new TestRecord<>("mnist-test-" + sent, test.images()[sent++])); // one per check
            assertThat(predictions.isEmpty()).as("classified before the batch filled or lingered out").isTrue();
            driver.advanceWallClockTime(check);
        }
        assertThat(predictions.readRecordsToList()).hasSize(sent);
    }

    @Test
    void classifiesRawMnistImagesKeepingTheKeyAndNamingTheModel() throws Exception {
        start(config().build());
        MnistDataset test = TestImages.mnistTest().limit(300);
        for (int i = 0; i < test.size(); i++) {
            TestRecord<String, byte[]> record = new TestRecord<>("mnist-test-" + i, test.images()[i]);
            // half declare what they are, half are sniffed
            if (i % 2 == 0) {
                record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(ContentType.MNIST_784.mimeType()));
            }
            record.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
            images.pipeInput(record);
        }

        lingerPasses();
        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(test.size());
        assertThat(deadLetters.isEmpty()).isTrue();
        int correct = 0;
        for (int i = 0; i < out.size(); i++) {
            TestRecord<String, Prediction> record = out.get(i);
            Prediction p = record.value();
            assertThat(record.key()).isEqualTo("mnist-test-" + i);
            assertThat(p.id()).isEqualTo(record.key());
            assertThat(p.model()).isEqualTo(version);
            assertThat(p.label()).isEqualTo(test.label(i));
            assertThat(p.confidence()).isEqualTo(p.probabilities()[p.digit()]);
            assertThat(RecordHeaders.text(record.headers(), RecordHeaders.CONTENT_TYPE)).contains("application/json");
            correct += p.digit() == test.label(i) ? 1 : 0;
        }
        assertThat(correct / (double) out.size()).isGreaterThanOrEqualTo(TestRegistries.MIN_ACCURACY);
    }

    @ParameterizedTest
    @MethodSource("pictureFormats")
    void classifiesMnistDigitsSentAsPictures(String format, ContentType type) throws Exception {
        start(config().build());
        MnistDataset test = TestImages.mnistTest().limit(150);
        for (int i = 0; i < test.size(); i++) {
            TestRecord<String, byte[]> record = new TestRecord<>("picture-" + i, TestImages.encode(test.images()[i], format));
            if (i % 2 == 0) {
                record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(type.mimeType()));
            }
            images.pipeInput(record);
        }
        lingerPasses();
        List<Prediction> out = predictions.readValuesToList();
        assertThat(out).hasSize(test.size());
        long correct = out.stream().filter(p -> p.digit() == test.label(Integer.parseInt(p.id().substring(8)))).count();
        assertThat(correct / (double) out.size()).isGreaterThanOrEqualTo(TestRegistries.MIN_PICTURE_ACCURACY);
    }

    static Stream<Arguments> pictureFormats() {
        return Stream.of(Arguments.of("png", ContentType.PNG), Arguments.of("jpeg", ContentType.JPEG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void sendsABadRecordToTheDeadLetterTopicWithItsOriginalBytesAndReason(RejectReason reason, byte[] value,
                                                                           String contentType) throws Exception {
        start(config().build());
        TestRecord<String, byte[]> record = new TestRecord<>("bad-1", value);
        if (contentType != null) {
            record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(contentType));
        }
        record.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8("7"));
        images.pipeInput(record);
        lingerPasses();

        assertThat(predictions.isEmpty()).isTrue();
        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(dead.key()).isEqualTo("bad-1");
        assertThat(dead.value()).isEqualTo(value);
        Headers headers = dead.headers();
        assertThat(RecordHeaders.text(headers, RecordHeaders.REASON)).contains(reason.code());
        assertThat(RecordHeaders.text(headers, RecordHeaders.LABEL)).contains("7");
        assertThat(RecordHeaders.text(headers, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME)).contains(config().build().topics().images());
        assertThat(RecordHeaders.text(headers, ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME)).contains("0");
        assertThat(RecordHeaders.text(headers, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).contains("0");
        assertThat(RecordHeaders.text(headers, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME))
                .contains("io.digits.core.image.ImageRejectedException");
        assertThat(RecordHeaders.text(headers, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                .hasValueSatisfying(m -> assertThat(m).startsWith(reason.code() + ": "));
        assertThat(headers.lastHeader(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME)).isNull();
        assertThat(meters.get(MeterNames.DEAD_LETTERS).tag(MeterNames.TAG_REASON, reason.code()).counter().count()).isEqualTo(1);
        assertThat(meters.get(MeterNames.DEAD_LETTERS).counters()).allSatisfy(c -> assertThat(c.count())
                .isEqualTo(reason.code().equals(c.getId().getTag(MeterNames.TAG_REASON)) ? 1 : 0));
    }

    static Stream<Arguments> badInputs() {
        byte[] digit = TestImages.mnistTest().images()[0];
        return Stream.of(
                Arguments.of(RejectReason.EMPTY, null, null),
                Arguments.of(RejectReason.EMPTY, new byte[0], ContentType.PNG.mimeType()),
                Arguments.of(RejectReason.UNKNOWN_CONTENT_TYPE, digit, "image/tiff"),
                Arguments.of(RejectReason.WRONG_RAW_SIZE, new byte[783], ContentType.MNIST_784.mimeType()),
                Arguments.of(RejectReason.TOO_MANY_BYTES, new byte[(1 << 20) + 1], null),
                Arguments.of(RejectReason.TOO_MANY_PIXELS, TestImages.pngHeaderOnly(5_000, 5_000), null),
                Arguments.of(RejectReason.UNDECODABLE, "not an image at all".getBytes(StandardCharsets.UTF_8), null),
                Arguments.of(RejectReason.UNDECODABLE, "not a png".getBytes(StandardCharsets.UTF_8), ContentType.PNG.mimeType()),
                Arguments.of(RejectReason.TOO_SMALL, TestImages.blankPng(4, 4), null),
                Arguments.of(RejectReason.NO_DIGIT, TestImages.blankPng(28, 28), null));
    }

    /**
     * No dead-letter series that always reads 0: every reason counted is one a record is really dead-lettered for.
     * The bad inputs above make the topology produce the input reasons; {@code processing-failed} comes from the
     * handlers (DeadLetterProcessingHandlerTest). An engine failure is not a dead letter, so it has no reason.
     */
    @Test
    void theDeadLetterCountersAreExactlyTheReasonsARecordIsDeadLetteredFor() throws Exception {
        start(config().build());
        List<Arguments> bad = badInputs().toList();
        for (int i = 0; i < bad.size(); i++) {
            Object[] input = bad.get(i).get();
            TestRecord<String, byte[]> record = new TestRecord<>("bad-" + i, (byte[]) input[1]);
            if (input[2] != null) {
                record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8((String) input[2]));
            }
            images.pipeInput(record);
        }
        lingerPasses();

        Set<String> produced = new TreeSet<>();
        for (TestRecord<String, byte[]> dead : deadLetters.readRecordsToList()) {
            produced.add(RecordHeaders.text(dead.headers(), RecordHeaders.REASON).orElseThrow());
        }
        produced.add(RejectReason.PROCESSING_FAILED.code());
        Set<String> counted = new TreeSet<>();
        meters.get(MeterNames.DEAD_LETTERS).counters().forEach(c -> counted.add(c.getId().getTag(MeterNames.TAG_REASON)));
        assertThat(counted).isEqualTo(produced);
    }

    @Test
    void flagsLowConfidencePredictionsAndCopiesThemToTheReviewTopic() throws Exception {
        start(config().reviewThreshold(0.999).build());
        MnistDataset test = TestImages.mnistTest().limit(300);
        for (int i = 0; i < test.size(); i++) {
            images.pipeInput("mnist-test-" + i, test.images()[i]);
        }
        lingerPasses();
        List<Prediction> all = predictions.readValuesToList();
        List<Prediction> flagged = all.stream().filter(p -> p.confidence() < 0.999).toList();
        assertThat(all).allSatisfy(p -> assertThat(p.lowConfidence()).isEqualTo(p.confidence() < 0.999));
        assertThat(flagged).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(review.readValuesToList()).containsExactlyElementsOf(flagged);
        assertThat(meters.get(MeterNames.LOW_CONFIDENCE).counter().count()).isEqualTo(flagged.size());
    }

    @Test
    void recordsPredictionsConfidenceLatencyAndLabelledAccuracy() throws Exception {
        start(config().build());
        MnistDataset test = TestImages.mnistTest().limit(100);
        for (int i = 0; i < test.size(); i++) {
            TestRecord<String, byte[]> record = new TestRecord<>("m-" + i, test.images()[i]);
            if (i < 60) { // 60 labelled, 40 not
                record.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
            }
            images.pipeInput(record);
        }
        lingerPasses();
        List<Prediction> out = predictions.readValuesToList();
        assertThat(out).hasSize(100);
        for (int digit = 0; digit < 10; digit++) {
            int d = digit;
            assertThat(meters.get(MeterNames.PREDICTIONS).tag(MeterNames.TAG_DIGIT, Integer.toString(d)).counter().count())
                    .isEqualTo(out.stream().filter(p -> p.digit() == d).count());
            assertThat(meters.get(MeterNames.LABELLED).tag(MeterNames.TAG_DIGIT, Integer.toString(d)).counter().count())
                    .isEqualTo(out.stream().filter(p -> p.label() != null && p.label() == d).count());
            assertThat(meters.get(MeterNames.LABELLED_CORRECT).tag(MeterNames.TAG_DIGIT, Integer.toString(d)).counter().count())
                    .isEqualTo(out.stream().filter(p -> p.label() != null && p.label() == d && p.digit() == d).count());
        }
        assertThat(meters.get(MeterNames.INFERENCE_TIME).timer().count()).isEqualTo(100);
        assertThat(meters.get(MeterNames.INFERENCE_TIME).timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.get(MeterNames.END_TO_END_LATENCY).timer().count()).isEqualTo(100);
        assertThat(meters.get(MeterNames.CONFIDENCE).summary().count()).isEqualTo(100);
        assertThat(meters.get(MeterNames.CONFIDENCE).summary().totalAmount())
                .isCloseTo(out.stream().mapToDouble(Prediction::confidence).sum(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(meters.get(MeterNames.MODEL_INFO).tag(MeterNames.TAG_VERSION, version).gauge().value()).isEqualTo(1);
    }

    @Test
    void switchesToANewModelBetweenTwoRecords() throws Exception {
        start(config().build());
        String second = TestModels.publishCopy(registry, registry.open(ModelRegistry.DEFAULT_NAME, version));
        MnistDataset test = TestImages.mnistTest().limit(20);
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (i == 10) {
                lingerPasses(); // the first ten are classified by the first model
                served.serve(LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, second)));
            }
            images.pipeInput("m-" + i, test.images()[i]);
        }
        lingerPasses();
        predictions.readValuesToList().forEach(p -> versions.add(p.model()));
        assertThat(versions).hasSize(20);
        assertThat(versions.subList(0, 10)).containsOnly(version);
        assertThat(versions.subList(10, 20)).containsOnly(second);
        assertThat(meters.find(MeterNames.MODEL_INFO).gauges()).hasSize(1);
        assertThat(meters.get(MeterNames.MODEL_INFO).tag(MeterNames.TAG_VERSION, second).gauge().value()).isEqualTo(1);
    }

    @Test
    void classifiesWaitingImagesWhenTheBatchIsFullOrTheLingerTimeHasPassed() throws Exception {
        start(config().batchSize(4).batchLinger(Duration.ofSeconds(1)).build());
        byte[][] digits = TestImages.mnistTest().images();
        for (int i = 0; i < 3; i++) {
            images.pipeInput("m-" + i, digits[i]);
        }
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(bufferChangelog().readKeyValuesToList()).hasSize(3); // waiting in the store, so in its changelog
        images.pipeInput("m-3", digits[3]);
        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("m-0", "m-1", "m-2", "m-3");
        // the test driver commits after every record; m-3 came and went within one commit (the store is cached),
        // so the changelog holds only its tombstone, not the image
        assertThat(bufferChangelog().readKeyValuesToList()).extracting(kv -> kv.key + (kv.value == null ? " deleted" : " put"))
                .containsExactly("0 deleted", "1 deleted", "2 deleted", "3 deleted");

        images.pipeInput("m-4", digits[4]);
        images.pipeInput("m-5", digits[5]);
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertThat(predictions.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("m-4", "m-5");
    }

    @Test
    void classifiesEachImageAtOnceWithABatchSizeOfOne() throws Exception {
        start(config().batchSize(1).batchLinger(Duration.ofSeconds(60)).build());
        images.pipeInput("m-0", TestImages.mnistTest().images()[0]);
        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("m-0");
    }

    @Test
    void keepsTheStoredFormOfAWaitingImage() {
        PendingImage.PendingImageSerde serde = new PendingImage.PendingImageSerde();
        float[] image = new float[784];
        image[5] = 0.25f;
        for (PendingImage p : List.of(new PendingImage("k", "k", 42L, 7, image), new PendingImage(null, "t-0@3", -1L, null, image))) {
            PendingImage back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", p));
            assertThat(back.key()).isEqualTo(p.key());
            assertThat(back.id()).isEqualTo(p.id());
            assertThat(back.timestamp()).isEqualTo(p.timestamp());
            assertThat(back.label()).isEqualTo(p.label());
            assertThat(back.image()).isEqualTo(p.image());
        }
    }

    TestOutputTopic<Long, byte[]> bufferChangelog() {
        return driver.createOutputTopic(config.applicationId() + "-" + ClassificationTopology.BATCH_BUFFER + "-changelog",
                new org.apache.kafka.common.serialization.LongDeserializer(), new ByteArrayDeserializer());
    }

    /** Labelled MNIST test images (the first {@code unlabelled} without their label), with fixed timestamps. */
    void pipeMnist(MnistDataset test, int unlabelled) {
        for (int i = 0; i < test.size(); i++) {
            TestRecord<String, byte[]> record = new TestRecord<>("s-" + i, test.images()[i],
                    new org.apache.kafka.common.header.internals.RecordHeaders(),
                    java.time.Instant.ofEpochMilli(1_700_000_000_000L + i));
            if (i >= unlabelled) {
                record.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
            }
            images.pipeInput(record);
        }
        lingerPasses();
    }

    /** What a prediction record holds, made comparable across runs: its headers and its bytes but the wall clock. */
    static String comparable(TestRecord<String, Prediction> record) {
        Prediction p = record.value();
        Prediction timeless = new Prediction(p.id(), p.digit(), p.confidence(), p.probabilities(), p.model(), p.label(),
                p.lowConfidence(), p.inputTimestamp(), 0);
        StringBuilder headers = new StringBuilder();
        record.headers().forEach(h -> headers.append(h.key()).append('=')
                .append(new String(h.value(), StandardCharsets.UTF_8)).append(';'));
        return record.key() + "|" + record.timestamp() + "|" + headers + "|"
                + new String(new PredictionSerde().serializer().serialize("t", timeless), StandardCharsets.UTF_8);
    }

    @Test
    void aCandidateScoresEveryImageBesideTheLiveModelWhoseOutputIsUnchanged() throws Exception {
        start(config().build());
        String candidateVersion = TestRegistries.publishUntrained(registry);
        MnistDataset test = TestImages.mnistTest().limit(200);

        pipeMnist(test, 50);
        List<String> withoutCandidate = predictions.readRecordsToList().stream().map(ClassificationTopologyTest::comparable).toList();
        assertThat(withoutCandidate).hasSize(test.size());
        assertThat(shadow.isEmpty()).isTrue();

        candidate.serve(LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, candidateVersion)));
        pipeMnist(test, 50);
        List<TestRecord<String, Prediction>> live = predictions.readRecordsToList();
        List<TestRecord<String, Prediction>> shadowed = shadow.readRecordsToList();
        // the live output: the same records, headers and bytes, but the wall-clock predictedAt
        assertThat(live.stream().map(ClassificationTopologyTest::comparable).toList()).isEqualTo(withoutCandidate);
        // one candidate prediction per image, same key and timestamp, naming the candidate's version
        assertThat(shadowed).hasSize(test.size());
        assertThat(shadowed).extracting(TestRecord::key).containsExactlyElementsOf(live.stream().map(TestRecord::key).toList());
        assertThat(shadowed).allSatisfy(r -> {
            assertThat(r.value().model()).isEqualTo(candidateVersion);
            assertThat(RecordHeaders.text(r.headers(), RecordHeaders.MODEL_VERSION)).contains(candidateVersion);
        });
        assertThat(review.readValuesToList()).allSatisfy(p -> assertThat(p.model()).isEqualTo(version));

        // the meters, against the models run on their own over the same images
        float[][] inputs = new float[test.size()][];
        MnistPreprocessor preprocessor = new MnistPreprocessor(config.imageLimits());
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = preprocessor.preprocess(test.images()[i], java.util.Optional.empty());
        }
        int[] liveDigits = classifyAlone(version, inputs);
        int[] candidateDigits = classifyAlone(candidateVersion, inputs);
        int agreed = 0;
        for (int i = 0; i < inputs.length; i++) {
            assertThat(live.get(i).value().digit()).isEqualTo(liveDigits[i]);
            assertThat(shadowed.get(i).value().digit()).isEqualTo(candidateDigits[i]);
            agreed += liveDigits[i] == candidateDigits[i] ? 1 : 0;
        }
        assertThat(agreed).as("an untrained candidate disagrees with the trained model").isLessThan(test.size() / 2);
        assertThat(meters.get(MeterNames.SHADOW_SCORED).tag(MeterNames.TAG_VERSION, candidateVersion).counter().count())
                .isEqualTo(test.size());
        assertThat(meters.get(MeterNames.SHADOW_AGREED).tag(MeterNames.TAG_VERSION, candidateVersion).counter().count())
                .isEqualTo(agreed);
        assertThat(meters.get(MeterNames.SHADOW_INFERENCE_TIME).tag(MeterNames.TAG_VERSION, candidateVersion).timer().count())
                .isEqualTo(test.size());
        assertThat(meters.find(MeterNames.SHADOW_FAILURES).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        for (ModelRole role : ModelRole.values()) {
            String v = role == ModelRole.LIVE ? version : candidateVersion;
            int[] digits = role == ModelRole.LIVE ? liveDigits : candidateDigits;
            int runs = role == ModelRole.LIVE ? 2 : 1; // the live model scored the images twice
            for (int d = 0; d < 10; d++) {
                int labelled = 0;
                int correct = 0;
                for (int i = 0; i < test.size(); i++) {
                    if (test.label(i) == d) {
                        int times = i < 50 ? 0 : runs; // the first 50 carry no label
                        labelled += times;
                        correct += digits[i] == d ? times : 0;
                    }
                }
                String digit = Integer.toString(d);
                assertThat(meters.get(MeterNames.MODEL_LABELLED).tags(MeterNames.TAG_VERSION, v, MeterNames.TAG_ROLE,
                        role.tag(), MeterNames.TAG_DIGIT, digit).counter().count()).as("%s %s", role, d).isEqualTo(labelled);
                assertThat(meters.get(MeterNames.MODEL_LABELLED_CORRECT).tags(MeterNames.TAG_VERSION, v, MeterNames.TAG_ROLE,
                        role.tag(), MeterNames.TAG_DIGIT, digit).counter().count()).as("%s %s", role, d).isEqualTo(correct);
            }
            assertThat(meters.get(MeterNames.MODEL_CONFIDENCE).tags(MeterNames.TAG_VERSION, v, MeterNames.TAG_ROLE,
                    role.tag()).summary().count()).isEqualTo(runs * test.size());
        }
        assertThat(meters.get(MeterNames.CANDIDATE_INFO).tag(MeterNames.TAG_VERSION, candidateVersion).gauge().value())
                .isEqualTo(1);

        // withdrawn: no more shadow predictions, the live ones go on
        candidate.withdraw();
        assertThat(meters.find(MeterNames.CANDIDATE_INFO).gauges()).isEmpty();
        pipeMnist(test.limit(10), 0);
        assertThat(predictions.readRecordsToList()).hasSize(10);
        assertThat(shadow.isEmpty()).isTrue();
    }

    private int[] classifyAlone(String modelVersion, float[][] inputs) throws Exception {
        try (LoadedModel model = LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, modelVersion));
             var classifier = model.newClassifier()) {
            float[][] probabilities = classifier.classify(inputs);
            int[] digits = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                digits[i] = io.digits.core.model.DigitClassifier.argmax(probabilities[i]);
            }
            return digits;
        }
    }

    @Test
    void aFailingCandidateIsCountedAndTheLivePredictionsGoOut() throws Exception {
        start(config().build());
        String candidateVersion = TestRegistries.publishUntrained(registry);
        ai.djl.Model broken = ai.djl.Model.newInstance("broken", "PyTorch");
        broken.setBlock(new ai.djl.nn.LambdaBlock(list -> {
            throw new IllegalStateException("the candidate's engine broke");
        }));
        candidate.serve(LoadedModel.of(broken, registry.open(ModelRegistry.DEFAULT_NAME, candidateVersion)));
        MnistDataset test = TestImages.mnistTest().limit(30);
        pipeMnist(test, 0);
        assertThat(predictions.readValuesToList()).hasSize(test.size()).allSatisfy(p -> assertThat(p.model()).isEqualTo(version));
        assertThat(shadow.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(meters.get(MeterNames.SHADOW_FAILURES).tag(MeterNames.TAG_VERSION, candidateVersion).counter().count())
                .isEqualTo(test.size());
        assertThat(meters.find(MeterNames.SHADOW_SCORED).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void withAutomaticPromotionTheJudgeDropsAWorseCandidateAndPromotesABetterOne() throws Exception {
        start(config().autoPromote(PromotionPolicy.standard().withMinLabelled(150)).build());
        String untrained = TestRegistries.publishUntrained(registry);
        MnistDataset test = TestImages.mnistTest().limit(200);
        Instant nominated = Instant.parse("2026-12-05T10:00:00Z");
        String sha = registry.open(ModelRegistry.DEFAULT_NAME, version).manifest().sha256();
        String untrainedSha = registry.open(ModelRegistry.DEFAULT_NAME, untrained).manifest().sha256();

        // the trained model live, the untrained one its candidate: dropped at 150 labelled images
        pointers.set(new LivePointer(ModelRegistry.DEFAULT_NAME, version, sha, List.of(), nominated.toString()),
                CandidatePointer.nominated(ModelRegistry.DEFAULT_NAME, untrained, untrainedSha, nominated));
        candidate.serve(LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, untrained)));
        pipeMnist(test, 20);
        ModelCatalog catalog = new ModelCatalog();
        models.readRecordsToList().forEach(r -> catalog.accept(r.key(), r.value(), Map.of()));
        PromotionDecision rejected = catalog.decision(ModelRegistry.DEFAULT_NAME).orElseThrow();
        assertThat(rejected.outcome()).isEqualTo(PromotionDecision.Outcome.REJECTED);
        assertThat(rejected.labelled()).isEqualTo(150);
        assertThat(catalog.live(ModelRegistry.DEFAULT_NAME)).isEmpty();
        assertThat(predictions.readValuesToList()).allSatisfy(p -> assertThat(p.model()).isEqualTo(version));

        // the other way round: the trained model, nominated beside the untrained one, is promoted
        pointers.set(new LivePointer(ModelRegistry.DEFAULT_NAME, untrained, untrainedSha, List.of(), nominated.toString()),
                CandidatePointer.nominated(ModelRegistry.DEFAULT_NAME, version, sha, nominated.plusSeconds(60)));
        served.serve(LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, untrained)));
        candidate.serve(LoadedModel.load(registry.open(ModelRegistry.DEFAULT_NAME, version)));
        pipeMnist(test, 20);
        models.readRecordsToList().forEach(r -> catalog.accept(r.key(), r.value(), Map.of()));
        assertThat(catalog.decision(ModelRegistry.DEFAULT_NAME).orElseThrow().outcome())
                .isEqualTo(PromotionDecision.Outcome.PROMOTED);
        assertThat(catalog.live(ModelRegistry.DEFAULT_NAME).orElseThrow().version()).isEqualTo(version);
        assertThat(catalog.candidate(ModelRegistry.DEFAULT_NAME).orElseThrow().watches()).isEqualTo(version);
        assertThat(meters.get(MeterNames.PROMOTION_DECISIONS).tag(MeterNames.TAG_OUTCOME, "promoted").counter().count())
                .isEqualTo(1);
    }
}
