package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.core.image.RejectReason;
import io.digits.kafka.EmbeddedKafka;
import io.digits.reliability.HostilePayloads.Expect;
import io.digits.reliability.HostilePayloads.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of hostile records shuffled among good images: each bad one becomes a dead letter with a reason and its
 * original bytes, each good one a prediction, nothing gets two outcomes, and the service's heap stays bounded.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class HostileInputIT {
    static final int GOOD = Integer.getInteger("hostile.good", 1_000);
    static final int HOSTILE = Integer.getInteger("hostile.records", 3_000);
    /** The most heap the service may keep alive after a full GC, with a 512 MB limit: bounded, not growing. */
    static final long HEAP_BOUND = 256L << 20;
    static final Set<String> REASON_CODES = Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toSet());

    @TempDir
    Path dir;

    @Test
    void everyBadRecordIsADeadLetterWithAReasonAndEveryGoodOneIsClassified() throws Exception {
        long seed = System.nanoTime();
        List<Payload> payloads = HostilePayloads.mix(ImageFeed.mnistTest(GOOD), GOOD, HOSTILE, new Random(seed));
        Map<String, Payload> byKey = payloads.stream().collect(Collectors.toMap(Payload::key, p -> p));
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ServiceUnderTest service = ServiceUnderTest.withFixtureModel(kafka, StreamsConfig.EXACTLY_ONCE_V2, dir);
            try (AppProcess app = service.start();
                 KafkaProducer<String, byte[]> producer = ImageFeed.producer(kafka.bootstrapServers())) {
                app.awaitReady(Duration.ofMinutes(3));
                try (Outcomes outcomes = Outcomes.of(kafka.bootstrapServers())) {
                    for (Payload p : payloads) {
                        producer.send(new ProducerRecord<>(Topics.IMAGES, null, p.key(), p.value(), p.headers()));
                    }
                    producer.flush();
                    long peakHeap = 0;
                    boolean all = false;
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    while (!all && System.nanoTime() < deadline && app.isAlive()) {
                        all = outcomes.awaitDistinct(payloads.size(), Duration.ofSeconds(2));
                        peakHeap = Math.max(peakHeap, app.scrape().map(m -> (long) m.heapUsedBytes()).orElse(0L));
                    }
                    outcomes.drain(Duration.ofSeconds(5));
                    boolean alive = app.isAlive();
                    long heapAfterGc = app.heapAfterGcBytes();
                    long rss = app.rssBytes();

                    Map<String, Integer> predicted = outcomes.predictionsById();
                    Map<String, List<String>> dead = outcomes.deadLetterReasons();
                    Map<String, Long> reasons = new TreeMap<>(dead.values().stream().flatMap(List::stream)
                            .collect(Collectors.groupingBy(r -> r, Collectors.counting())));
                    Map<String, String> outcomeByKind = new TreeMap<>();
                    for (Payload p : payloads) {
                        String outcome = predicted.containsKey(p.key()) ? "predicted" : dead.containsKey(p.key()) ? "dead" : "none";
                        outcomeByKind.merge(p.kind(), outcome + ":1", HostileInputIT::addCount);
                    }
                    List<String> wrong = new ArrayList<>();
                    for (Payload p : payloads) {
                        int predictions = predicted.getOrDefault(p.key(), 0);
                        List<String> letters = dead.getOrDefault(p.key(), List.of());
                        if (predictions + letters.size() != 1) {
                            wrong.add(p.key() + ": " + predictions + " predictions and dead letters " + letters);
                        } else if (p.expect() == Expect.PREDICTION && predictions != 1) {
                            wrong.add(p.key() + " (" + p.kind() + "): dead letter " + letters + ", expected a prediction");
                        } else if (p.expect() == Expect.DEAD_LETTER && letters.size() != 1) {
                            wrong.add(p.key() + " (" + p.kind() + "): predicted, expected a dead letter");
                        } else if (!letters.isEmpty() && !REASON_CODES.contains(letters.get(0))) {
                            wrong.add(p.key() + ": dead letter without a known reason: '" + letters.get(0) + "'");
                        } else if (!letters.isEmpty() && p.reason() != null && !p.reason().code().equals(letters.get(0))) {
                            wrong.add(p.key() + " (" + p.kind() + "): reason " + letters.get(0) + ", expected " + p.reason().code());
                        }
                    }
                    long badLabels = outcomes.predictions().stream().map(Outcomes.Read::prediction)
                            .filter(pr -> byKey.get(pr.id()).kind().startsWith("label") && pr.label() != null).count();
                    long originalBytesKept = outcomes.deadLetterValues().entrySet().stream()
                            .filter(e -> Arrays.equals(e.getValue(), byKey.get(e.getKey()).value())).count();
                    boolean oom = Files.readString(app.logFile()).contains("OutOfMemoryError");

                    new Figures("hostile input")
                            .put("records", payloads.size())
                            .put("good", payloads.stream().filter(p -> p.key().startsWith("good-")).count())
                            .put("hostile", payloads.stream().filter(p -> p.key().startsWith("bad-")).count())
                            .put("predicted", predicted.size()).put("dead-lettered", dead.size())
                            .put("lost", payloads.size() - outcomes.distinctIds()).put("duplicated", outcomes.duplicatePredictions())
                            .put("reasons", reasons).put("outcome by kind", outcomeByKind)
                            .put("peak heap used", Figures.megabytes(peakHeap)).put("heap after GC", Figures.megabytes(heapAfterGc))
                            .put("RSS", Figures.megabytes(rss)).put("heap limit", AppProcess.HEAP_MEGABYTES + " MB")
                            .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                            .put("seed", seed).report();

                    assertThat(alive).as("the service survived:\n" + app.logTail()).isTrue();
                    assertThat(oom).as("an OutOfMemoryError in the log").isFalse();
                    assertThat(all).as("every record has an outcome").isTrue();
                    assertThat(wrong).as("records with the wrong outcome").isEmpty();
                    assertThat(badLabels).as("a label that is not a digit reads as no label").isZero();
                    assertThat(originalBytesKept).as("dead letters carrying the original bytes").isEqualTo(dead.size());
                    assertThat(heapAfterGc).as("heap after GC").isPositive().isLessThan(HEAP_BOUND);
                    assertThat(app.terminate(Duration.ofSeconds(90))).as("exit code after SIGTERM").isZero();
                }
            }
        }
    }

    /** Merges "predicted:1" into "dead:3 predicted:2"-style counts. */
    private static String addCount(String counts, String one) {
        Map<String, Integer> merged = new TreeMap<>();
        for (String part : (counts + " " + one).trim().split(" +")) {
            String[] kv = part.split(":");
            merged.merge(kv[0], Integer.parseInt(kv[1]), Integer::sum);
        }
        return merged.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }
}
