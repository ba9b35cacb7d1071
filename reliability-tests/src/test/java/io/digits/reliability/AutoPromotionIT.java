package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.core.eval.PromotionPolicy;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelCatalog;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.model.topic.PromotionDecision;
import io.digits.core.model.topic.PromotionDecision.Outcome;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.streams.metrics.MeterNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic promotion ({@code serve --auto-promote}, the standard policy: verdict at 2,000 labelled images) against
 * the real service process and broker, fed labelled MNIST images in bursts of {@value #BURST}, in three phases:
 * <ol>
 *   <li>a deliberately worse candidate (one epoch on a few hundred images) beside the trained model is never
 *       promoted: it is dropped at the policy's number;</li>
 *   <li>a better one is promoted at that number: live the trained model blind to digit 3, candidate the same blind to
 *       7, on traffic without 7s (so the candidate reads the 3s the live one cannot, and nothing else differs);</li>
 *   <li>the traffic turns (no 3s, 7s again): the version the promotion replaced, shadowed as its rollback watch, now
 *       proves better, and the promotion is rolled back.</li>
 * </ol>
 * Throughout, every image has exactly one prediction ({@code read_committed}), none lost or doubled, and the worse
 * candidate never made one on the predictions topic. Each decision is a record on the models topic, a log line and a
 * meter.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class AutoPromotionIT {
    static final String NAME = ModelRegistry.DEFAULT_NAME;
    /** Images sent at once; the service's predictions are awaited before the next burst. */
    static final int BURST = 100;
    /** The most images a phase may take to its decision: the policy's number and one burst. */
    static final long PHASE_LIMIT = PromotionPolicy.STANDARD_LABELLED + BURST;

    @TempDir
    Path dir;

    @Test
    void aWorseCandidateIsDroppedABetterOneIsPromotedAndAPromotionTheTrafficTurnsAgainstIsRolledBack() throws Exception {
        FixtureRegistry registry = new FixtureRegistry(dir.resolve("trainer-registry"));
        String trained = registry.publishTrained();
        String weak = registry.publishWeak();
        String blindTo3 = registry.publishBlindTo(3);
        String blindTo7 = registry.publishBlindTo(7);
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ModelTopic models = new ModelTopic(new KafkaClients(kafka.bootstrapServers(), new Properties()), Topics.MODELS,
                    Duration.ofSeconds(30));
            models.createIfMissing();
            for (String version : List.of(blindTo3, blindTo7)) {
                models.publish(registry.open(version), false);
            }
            models.publish(registry.open(trained), true);
            models.publishCandidate(registry.open(weak));
            ServiceUnderTest service = ServiceUnderTest.withRegistry(kafka, dir.resolve("service-registry"),
                    StreamsConfig.EXACTLY_ONCE_V2, dir).args("--auto-promote");
            try (AppProcess app = service.start(); Outcomes outcomes = Outcomes.of(kafka.bootstrapServers())) {
                app.awaitReady(Duration.ofMinutes(3));
                Traffic traffic = new Traffic(kafka.bootstrapServers(), ImageFeed.mnistTrain(30_000), outcomes, models, app);

                // 1. the weak candidate beside the trained model: dropped
                PromotionDecision rejected = traffic.untilDecision("worse", label -> true);
                awaitServing(app, trained, null);

                // 2. the trained model blind to 3 live, blind to 7 nominated, no 7s in the traffic: promoted
                models.promote(NAME, blindTo3);
                models.nominate(NAME, blindTo7);
                awaitServing(app, blindTo3, blindTo7);
                PromotionDecision promoted = traffic.untilDecision("better", label -> label != 7);
                awaitServing(app, blindTo7, blindTo3);
                ModelCatalog afterPromotion = models.read();

                // 3. no 3s, 7s again: the rollback watch (blind to 3) proves better, the promotion is rolled back
                PromotionDecision rolledBack = traffic.untilDecision("turned", label -> label != 3);
                awaitServing(app, blindTo3, null);
                ModelCatalog end = models.read();

                boolean all = outcomes.awaitDistinct(traffic.sent.size(), Duration.ofMinutes(2));
                outcomes.drain(Duration.ofSeconds(3));
                Set<String> lost = outcomes.withoutPrediction(traffic.sent);
                Map<String, Long> byVersion = ModelSwitches.byVersion(outcomes.predictions());
                MetricsScrape metrics = app.scrape().orElseThrow();
                String decisions = MeterNames.PROMETHEUS.get(MeterNames.PROMOTION_DECISIONS);
                List<String> decisionLines = Files.readAllLines(app.logFile()).stream()
                        .filter(line -> line.contains("automatic promotion of model " + NAME)).toList();
                new Figures("automatic promotion")
                        .put("records", traffic.sent.size()).put("images to each decision", traffic.imagesToDecision)
                        .put("decisions", List.of(line(rejected), line(promoted), line(rolledBack)))
                        .put("predictions by version", byVersion).put("lost", lost.size())
                        .put("duplicated", outcomes.duplicatePredictions())
                        .put("dead-lettered", outcomes.deadLetterReasons().size())
                        .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).report();

                assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
                assertThat(List.of(rejected.live(), rejected.candidate())).containsExactly(trained, weak);
                assertThat(rejected.difference()).as("the weak model's accuracy gain").isNegative();
                assertThat(promoted.outcome()).isEqualTo(Outcome.PROMOTED);
                assertThat(List.of(promoted.live(), promoted.candidate())).containsExactly(blindTo3, blindTo7);
                assertThat(promoted.lowerBound()).isPositive();
                assertThat(afterPromotion.candidate(NAME).orElseThrow().watches()).isEqualTo(blindTo7);
                assertThat(rolledBack.outcome()).isEqualTo(Outcome.ROLLED_BACK);
                assertThat(List.of(rolledBack.live(), rolledBack.candidate())).containsExactly(blindTo7, blindTo3);
                for (PromotionDecision d : List.of(rejected, promoted, rolledBack)) {
                    assertThat(d.labelled()).as("labelled at the verdict").isEqualTo(PromotionPolicy.STANDARD_LABELLED);
                }
                assertThat(traffic.imagesToDecision.values()).as("images each phase took to its decision")
                        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PHASE_LIMIT));
                LivePointer live = end.live(NAME).orElseThrow();
                assertThat(live.version()).isEqualTo(blindTo3);
                assertThat(live.previous()).as("history after the rollback").containsExactly(trained);
                assertThat(end.candidate(NAME)).isEmpty();

                assertThat(all).as("every image has an outcome").isTrue();
                assertThat(lost).isEmpty();
                assertThat(outcomes.duplicatePredictions()).isZero();
                assertThat(outcomes.deadLetterReasons()).isEmpty();
                assertThat(byVersion.keySet()).as("versions on the predictions topic").doesNotContain(weak)
                        .contains(trained, blindTo3, blindTo7);
                for (Outcome outcome : List.of(Outcome.REJECTED, Outcome.PROMOTED, Outcome.ROLLED_BACK)) {
                    assertThat(metrics.sum(decisions, "outcome=\"" + outcome.tag() + "\"")).as(outcome.tag()).isEqualTo(1);
                }
                assertThat(decisionLines).hasSize(3);
                assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
            }
        }
    }

    private static String line(PromotionDecision d) {
        return d.outcome().tag() + " " + d.candidate() + " against " + d.live() + ": " + d.reason();
    }

    /** Waits until the service serves {@code live} and scores {@code candidate} beside it (null: none). */
    private static void awaitServing(AppProcess app, String live, String candidate) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        String info = MeterNames.PROMETHEUS.get(MeterNames.MODEL_INFO);
        String candidateInfo = MeterNames.PROMETHEUS.get(MeterNames.CANDIDATE_INFO);
        while (true) {
            Optional<MetricsScrape> m = app.scrape();
            if (m.isPresent() && m.get().sum(info, "version=\"" + live + "\"") == 1
                    && (candidate == null ? m.get().sum(candidateInfo) == 0
                    : m.get().sum(candidateInfo, "version=\"" + candidate + "\"") == 1)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service did not come to serve " + live + " with candidate " + candidate
                        + " within a minute:\n" + app.logTail());
            }
            Thread.sleep(200);
        }
    }

    /** Labelled images from {@code source} in bursts, each burst's predictions awaited, until the next decision. */
    private static final class Traffic {
        final String bootstrap;
        final MnistDataset source;
        final Outcomes outcomes;
        final ModelTopic models;
        final AppProcess app;
        final Set<String> sent = new LinkedHashSet<>();
        final Map<String, Long> imagesToDecision = new LinkedHashMap<>();
        int next;
        int bursts;
        /** Decisions the service has counted so far (its meter: reading the whole models topic every burst is slow). */
        double decisions;
        Optional<PromotionDecision> last = Optional.empty();

        Traffic(String bootstrap, MnistDataset source, Outcomes outcomes, ModelTopic models, AppProcess app) {
            this.bootstrap = bootstrap;
            this.source = source;
            this.outcomes = outcomes;
            this.models = models;
            this.app = app;
        }

        /** Sends bursts of images whose label {@code labels} accepts until the service has taken a new decision. */
        PromotionDecision untilDecision(String phase, IntPredicate labels) throws Exception {
            long images = 0;
            while (images <= 2 * PHASE_LIMIT) {
                MnistDataset burst = burst(phase, labels);
                ImageFeed.backlog(bootstrap, burst);
                ImageFeed.keys(burst).forEach(sent::add);
                images += burst.size();
                if (!outcomes.awaitDistinct(sent.size(), Duration.ofMinutes(2))) {
                    throw new AssertionError(phase + ": predictions stopped at " + outcomes.distinctIds() + " of "
                            + sent.size() + ":\n" + app.logTail());
                }
                double count = app.scrape().map(m -> m.sum(MeterNames.PROMETHEUS.get(MeterNames.PROMOTION_DECISIONS)))
                        .orElse(decisions);
                if (count > decisions) {
                    decisions = count;
                    imagesToDecision.put(phase, images);
                    return awaitNewDecision(phase);
                }
            }
            throw new AssertionError(phase + ": no decision after " + images + " labelled images:\n" + app.logTail());
        }

        /** The decision the meter counted, once its transaction has committed and it is on the models topic. */
        private PromotionDecision awaitNewDecision(String phase) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Optional<PromotionDecision> decision = models.read().decision(NAME);
                if (decision.isPresent() && !decision.equals(last)) {
                    last = decision;
                    return decision.get();
                }
                Thread.sleep(200);
            }
            throw new AssertionError(phase + ": the service counted a decision that did not reach the models topic");
        }

        /** The next {@value #BURST} images of the source whose label {@code labels} accepts, under keys of their own. */
        private MnistDataset burst(String phase, IntPredicate labels) {
            List<byte[]> images = new ArrayList<>();
            List<Byte> digits = new ArrayList<>();
            while (images.size() < BURST) {
                if (next == source.size()) {
                    throw new IllegalStateException("the source of " + source.size() + " images ran out");
                }
                if (labels.test(source.label(next))) {
                    images.add(source.images()[next]);
                    digits.add((byte) source.label(next));
                }
                next++;
            }
            byte[] labelBytes = new byte[digits.size()];
            for (int i = 0; i < labelBytes.length; i++) {
                labelBytes[i] = digits.get(i);
            }
            return new MnistDataset(phase + "-" + bursts++, images.toArray(byte[][]::new), labelBytes);
        }
    }
}
