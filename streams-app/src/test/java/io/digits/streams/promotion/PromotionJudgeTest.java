package io.digits.streams.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.eval.PromotionPolicy;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelCatalog;
import io.digits.core.model.topic.ModelRecords;
import io.digits.core.model.topic.PromotionDecision;
import io.digits.core.model.topic.PromotionDecision.Outcome;
import io.digits.streams.metrics.MeterNames;
import io.digits.streams.metrics.ServingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PromotionJudge} alone on a test driver: outcomes in, models-topic records out, read back as the service reads them. */
class PromotionJudgeTest {
    static final String NAME = "digits";
    static final PromotionPolicy POLICY = PromotionPolicy.standard().withMinLabelled(400);
    static final Instant NOMINATED = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path state;
    final PointersHeld pointers = new PointersHeld();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ServingMetrics metrics = new ServingMetrics(meters);
    TopologyTestDriver driver;
    TestInputTopic<String, ShadowOutcome> outcomes;
    TestOutputTopic<String, byte[]> models;
    final Random random = new Random(16);

    @BeforeEach
    void start() {
        Topology topology = new Topology();
        topology.addSource("outcomes", new StringDeserializer(), new ShadowOutcome.ShadowOutcomeSerde().deserializer(),
                "outcomes");
        topology.addProcessor("judge", () -> new PromotionJudge(POLICY, pointers, metrics.promotions()), "outcomes");
        topology.addStateStore(PromotionJudge.store(), "judge");
        topology.addSink("models", "models", new StringSerializer(), Serdes.ByteArray().serializer(), "judge");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "judge-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "driver:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(topology, props);
        outcomes = driver.createInputTopic("outcomes", new StringSerializer(),
                new ShadowOutcome.ShadowOutcomeSerde().serializer());
        models = driver.createOutputTopic("models", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static LivePointer live(String version, String... previous) {
        return new LivePointer(NAME, version, "sha-" + version, List.of(previous), NOMINATED.toString());
    }

    /** {@code n} labelled images on which the live model is right with probability {@code liveRight}, the candidate with {@code candidateRight}. */
    void score(String live, String candidate, int n, double liveRight, double candidateRight) {
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            int liveDigit = random.nextDouble() < liveRight ? label : (label + 1) % 10;
            int candidateDigit = random.nextDouble() < candidateRight ? label : (label + 2) % 10;
            outcomes.pipeInput(NAME, new ShadowOutcome(live, candidate, label, liveDigit, candidateDigit));
        }
    }

    /** The models-topic records written so far, read into a catalog. */
    ModelCatalog catalog(List<TestRecord<String, byte[]>> records) {
        ModelCatalog catalog = new ModelCatalog();
        records.forEach(r -> catalog.accept(r.key(), r.value(), Map.of()));
        assertThat(catalog.malformed()).isZero();
        return catalog;
    }

    double decisions(Outcome outcome) {
        return meters.get(MeterNames.PROMOTION_DECISIONS).tag(MeterNames.TAG_OUTCOME, outcome.tag()).counter().count();
    }

    @Test
    void aBetterNomineeIsPromotedAtThePolicysNumberAndTheVersionItReplacedWatchesIt() {
        pointers.set(live("v1", "v0"), CandidatePointer.nominated(NAME, "v2", "sha-v2", NOMINATED));

        score("v1", "v2", 399, 0.90, 0.99);
        assertThat(models.isEmpty()).as("no verdict before 400 labelled").isTrue();
        assertThat(meters.get(MeterNames.PROMOTION_LABELLED).gauge().value()).isEqualTo(399);
        score("v1", "v2", 1, 0.90, 0.99);

        List<TestRecord<String, byte[]>> written = models.readRecordsToList();
        assertThat(written).extracting(TestRecord::key).containsExactly(ModelRecords.liveKey(NAME),
                ModelRecords.candidateKey(NAME), ModelRecords.decisionKey(NAME));
        ModelCatalog catalog = catalog(written);
        LivePointer promoted = catalog.live(NAME).orElseThrow();
        assertThat(promoted.version()).isEqualTo("v2");
        assertThat(promoted.sha256()).isEqualTo("sha-v2");
        assertThat(promoted.previous()).containsExactly("v1", "v0");
        CandidatePointer watch = catalog.candidate(NAME).orElseThrow();
        assertThat(watch.version()).isEqualTo("v1");
        assertThat(watch.sha256()).isEqualTo("sha-v1");
        assertThat(watch.watches()).isEqualTo("v2");
        PromotionDecision decision = catalog.decision(NAME).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.PROMOTED);
        assertThat(decision.live()).isEqualTo("v1");
        assertThat(decision.candidate()).isEqualTo("v2");
        assertThat(decision.labelled()).isEqualTo(400);
        assertThat(decision.lowerBound()).isPositive();
        assertThat(decision.reason()).startsWith("promote: 400 labelled");
        assertThat(decisions(Outcome.PROMOTED)).isEqualTo(1);

        score("v1", "v2", 500, 0.90, 0.99);
        assertThat(models.isEmpty()).as("the pair is judged once").isTrue();
    }

    @Test
    void aNomineeNoBetterIsDroppedAndTheLiveVersionStays() {
        pointers.set(live("v1"), CandidatePointer.nominated(NAME, "v2", "sha-v2", NOMINATED));

        score("v1", "v2", 400, 0.97, 0.80);

        List<TestRecord<String, byte[]>> written = models.readRecordsToList();
        assertThat(written).extracting(TestRecord::key).containsExactly(ModelRecords.candidateKey(NAME),
                ModelRecords.decisionKey(NAME));
        assertThat(written.get(0).value()).as("a tombstone clears the candidate").isNull();
        PromotionDecision decision = catalog(written).decision(NAME).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(decision.difference()).isNegative();
        assertThat(decisions(Outcome.REJECTED)).isEqualTo(1);
        assertThat(decisions(Outcome.PROMOTED)).isZero();
    }

    @Test
    void aWatchThatProvesBetterRollsThePromotionBack() {
        pointers.set(live("v2", "v1", "v0"), new CandidatePointer(NAME, "v1", "sha-v1", NOMINATED.toString(), "v2"));

        score("v2", "v1", 400, 0.85, 0.98);

        List<TestRecord<String, byte[]>> written = models.readRecordsToList();
        assertThat(written).extracting(TestRecord::key).containsExactly(ModelRecords.liveKey(NAME),
                ModelRecords.candidateKey(NAME), ModelRecords.decisionKey(NAME));
        ModelCatalog catalog = catalog(written);
        LivePointer back = catalog.live(NAME).orElseThrow();
        assertThat(back.version()).isEqualTo("v1");
        assertThat(back.previous()).as("what was live before v1").containsExactly("v0");
        assertThat(catalog.candidate(NAME)).isEmpty();
        assertThat(catalog.decision(NAME).orElseThrow().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(decisions(Outcome.ROLLED_BACK)).isEqualTo(1);
    }

    @Test
    void aWatchNoBetterIsClearedAndThePromotionStands() {
        pointers.set(live("v2", "v1"), new CandidatePointer(NAME, "v1", "sha-v1", NOMINATED.toString(), "v2"));

        score("v2", "v1", 400, 0.98, 0.98);

        List<TestRecord<String, byte[]>> written = models.readRecordsToList();
        assertThat(written).extracting(TestRecord::key).containsExactly(ModelRecords.candidateKey(NAME),
                ModelRecords.decisionKey(NAME));
        assertThat(catalog(written).decision(NAME).orElseThrow().outcome()).isEqualTo(Outcome.CONFIRMED);
    }

    @Test
    void imagesOfAPairThePointersDoNotNameAreNotCountedAndANewNominationStartsOver() {
        pointers.set(live("v1"), CandidatePointer.nominated(NAME, "v2", "sha-v2", NOMINATED));
        score("v1", "v3", 400, 0.90, 0.99); // another candidate's, scored before this instance read the pointer
        score("v0", "v2", 400, 0.90, 0.99); // under another live version
        assertThat(models.isEmpty()).isTrue();

        score("v1", "v2", 400, 0.97, 0.80);
        assertThat(catalog(models.readRecordsToList()).decision(NAME).orElseThrow().outcome()).isEqualTo(Outcome.REJECTED);

        // nominated again later: judged again from zero, on the images after the new nomination
        pointers.set(live("v1"), CandidatePointer.nominated(NAME, "v2", "sha-v2", NOMINATED.plusSeconds(600)));
        score("v1", "v2", 399, 0.90, 0.99);
        assertThat(models.isEmpty()).isTrue();
        score("v1", "v2", 1, 0.90, 0.99);
        assertThat(catalog(models.readRecordsToList()).decision(NAME).orElseThrow().outcome()).isEqualTo(Outcome.PROMOTED);
    }
}
