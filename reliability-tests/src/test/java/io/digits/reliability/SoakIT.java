package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.command.DurationConverter;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProduceSummary;
import io.digits.streams.metrics.MeterNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service runs for {@code -Dsoak.duration} (10 minutes in the profile) at half the rate it reached on a
 * backlog in the same run, and its heap after a full GC and its resident set stay flat: a leak of NDArrays or
 * native memory, DJL's classic failure, would show as growth. Every image sent is classified.
 */
@Timeout(value = 45, unit = TimeUnit.MINUTES)
class SoakIT {
    private static final Logger log = LoggerFactory.getLogger(SoakIT.class);
    static final Duration DURATION = DurationConverter.parse(System.getProperty("soak.duration", "2m"));
    static final int BASELINE_IMAGES = Integer.getInteger("soak.baseline-images", 3_000);
    static final int SAMPLES = 12;
    /** Growth allowed between the first and the last third of the run, after the warm-up. */
    static final long MAX_HEAP_GROWTH = 16L << 20;
    static final long MAX_RSS_GROWTH = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void heapAfterGcAndRssStayFlatAtHalfTheMaximumRate() throws Exception {
        MnistDataset images = ImageFeed.mnistTest(10_000);
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ServiceUnderTest service = ServiceUnderTest.withFixtureModel(kafka, StreamsConfig.EXACTLY_ONCE_V2, dir);
            String predictionsMeter = MeterNames.PROMETHEUS.get(MeterNames.PREDICTIONS);
            try (AppProcess app = service.start()) {
                app.awaitReady(Duration.ofMinutes(3));

                // the maximum rate, measured here: a backlog classified as fast as the service can
                ImageFeed.backlog(kafka.bootstrapServers(), images.limit(BASELINE_IMAGES));
                long baselineStart = System.nanoTime();
                awaitPredictions(app, predictionsMeter, BASELINE_IMAGES, Duration.ofMinutes(10));
                double maxRate = BASELINE_IMAGES / ((System.nanoTime() - baselineStart) / 1e9);
                double rate = maxRate / 2;
                log.info("maximum rate {} images/s; soaking {} at {} images/s", Math.round(maxRate), DURATION, Math.round(rate));

                // the soak: a producer at half that rate, samples of heap after GC and RSS at even intervals
                ExecutorService feeder = Executors.newSingleThreadExecutor();
                List<long[]> samples = new ArrayList<>();
                ProduceSummary sent;
                try {
                    Future<ProduceSummary> feeding = feeder.submit(() -> ImageFeed.send(kafka.bootstrapServers(), Topics.IMAGES,
                            images, new ProducePlan(0, Optional.of(DURATION), true, OptionalDouble.of(rate))));
                    long soakStart = System.nanoTime();
                    for (int i = 1; i <= SAMPLES; i++) {
                        long due = soakStart + DURATION.toNanos() * i / SAMPLES;
                        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())));
                        assertThat(app.isAlive()).as("the service runs:\n" + app.logTail()).isTrue();
                        samples.add(new long[] {app.heapAfterGcBytes(), app.rssBytes()});
                        log.info("soak sample {}/{}: heap after GC {}, RSS {}", i, SAMPLES,
                                Figures.megabytes(samples.get(i - 1)[0]), Figures.megabytes(samples.get(i - 1)[1]));
                    }
                    sent = feeding.get(2, TimeUnit.MINUTES);
                } finally {
                    feeder.shutdownNow();
                }
                long expected = BASELINE_IMAGES + sent.sent();
                long read;
                long deadLetters;
                try (Outcomes outcomes = Outcomes.of(kafka.bootstrapServers())) {
                    outcomes.awaitPredictions(expected, Duration.ofMinutes(5));
                    outcomes.drain(Duration.ofSeconds(3));
                    read = outcomes.predictions().size();
                    deadLetters = outcomes.deadLetterReasons().size();
                }

                // the first sample is the warm-up; compare the mean of the next third with the mean of the last third
                List<long[]> measured = samples.subList(1, samples.size());
                int third = Math.max(1, measured.size() / 3);
                long heapGrowth = mean(measured.subList(measured.size() - third, measured.size()), 0) - mean(measured.subList(0, third), 0);
                long rssGrowth = mean(measured.subList(measured.size() - third, measured.size()), 1) - mean(measured.subList(0, third), 1);
                new Figures("soak")
                        .put("duration", DURATION).put("max rate", Math.round(maxRate) + "/s").put("soak rate", Math.round(rate) + "/s")
                        .put("records", expected).put("predictions read", read)
                        .put("lost", Math.max(0, expected - read)).put("duplicated", Math.max(0, read - expected))
                        .put("dead-lettered", deadLetters)
                        .put("heap after GC (MB)", samples.stream().map(s -> String.format("%.1f", s[0] / 1048576.0)).toList())
                        .put("RSS (MB)", samples.stream().map(s -> String.format("%.0f", s[1] / 1048576.0)).toList())
                        .put("heap growth", Figures.growth(heapGrowth)).put("RSS growth", Figures.growth(rssGrowth))
                        .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).report();

                assertThat(read).as("predictions read_committed, one per image sent").isEqualTo(expected);
                assertThat(deadLetters).isZero();
                assertThat(samples).allSatisfy(s -> assertThat(s[0]).as("heap measured").isPositive());
                assertThat(heapGrowth).as("heap-after-GC growth").isLessThan(MAX_HEAP_GROWTH);
                assertThat(rssGrowth).as("RSS growth").isLessThan(MAX_RSS_GROWTH);
                assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
            }
        }
    }

    /** Waits until the service's predictions counter reaches {@code n}; true if it did. */
    private static boolean awaitPredictions(AppProcess app, String meter, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (app.scrape().map(m -> m.sum(meter)).orElse(0.0) >= n) {
                return true;
            }
            assertThat(app.isAlive()).as("the service runs:\n" + app.logTail()).isTrue();
            Thread.sleep(200);
        }
        return false;
    }

    private static long mean(List<long[]> samples, int index) {
        return (long) samples.stream().mapToLong(s -> s[index]).average().orElse(0);
    }
}
