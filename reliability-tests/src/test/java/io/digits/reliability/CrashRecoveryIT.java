package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service is killed with SIGKILL at three random moments while it classifies 20,000 labelled MNIST images,
 * and started again each time with the same state directory. A {@code read_committed} reader then finds, under
 * {@code exactly_once_v2}, exactly one prediction per image; under {@code at_least_once}, at least one, with the
 * duplicates counted.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {
    private static final Logger log = LoggerFactory.getLogger(CrashRecoveryIT.class);
    static final int IMAGES = Integer.getInteger("crash.images", 20_000);
    static final int KILLS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
    void killedThreeTimesTheServiceLosesNothing(String guarantee) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        MnistDataset images = ImageFeed.mnistTrain(IMAGES);
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ServiceUnderTest service = ServiceUnderTest.withFixtureModel(kafka, guarantee, dir);
            ImageFeed.backlog(kafka.bootstrapServers(), images);
            LongSupplier written = Progress.endOffsets(kafka.admin(), Topics.PREDICTIONS, ServiceUnderTest.PARTITIONS);

            // three kill points, at random between 10% and 85% of the images
            Set<Integer> killAt = new TreeSet<>();
            while (killAt.size() < KILLS) {
                killAt.add((int) (IMAGES * (0.10 + 0.75 * random.nextDouble())));
            }
            log.info("{}: {} images, kills when about {} predictions are written (seed {})", guarantee, IMAGES, killAt, seed);
            long peakHeap = 0;
            int kills = 0;
            AppProcess app = service.start();
            try {
                app.awaitReady(Duration.ofMinutes(3));
                for (int target : killAt) {
                    Progress.awaitAtLeast(written, target, app, Duration.ofMinutes(10));
                    Thread.sleep(random.nextInt(1_000));
                    peakHeap = Math.max(peakHeap, app.scrape().map(m -> (long) m.heapUsedBytes()).orElse(0L));
                    app.kill();
                    kills++;
                    app.close();
                    app = service.start();
                    // the next kill comes once the new instance has classified something itself
                    app.awaitReady(Duration.ofMinutes(3));
                    long restartedAt = written.getAsLong();
                    Progress.awaitAtLeast(written, restartedAt + 50, app, Duration.ofMinutes(10));
                }
                try (Outcomes outcomes = Outcomes.of(kafka.bootstrapServers())) {
                    Set<String> expected = ImageFeed.keys(images);
                    boolean all = outcomes.awaitDistinct(IMAGES, Duration.ofMinutes(15));
                    outcomes.drain(Duration.ofSeconds(5));
                    assertThat(app.isAlive()).as("the last instance runs").isTrue();
                    long heapAfterGc = app.heapAfterGcBytes();
                    int exit = app.terminate(Duration.ofSeconds(90));

                    Set<String> lost = outcomes.withoutPrediction(expected);
                    long duplicates = outcomes.duplicatePredictions();
                    long wrongLabels = outcomes.predictions().stream().filter(r -> r.prediction().label() == null
                            || r.prediction().label() != images.label(indexOf(r.id()))).count();
                    long correct = outcomes.predictions().stream()
                            .filter(r -> r.prediction().label() != null && r.prediction().digit() == r.prediction().label()).count();
                    new Figures("crash " + guarantee)
                            .put("records", IMAGES).put("kills", kills).put("kill-points", killAt)
                            .put("predictions read", outcomes.predictions().size())
                            .put("lost", lost.size()).put("duplicated", duplicates)
                            .put("dead-lettered", outcomes.deadLetterReasons().size())
                            .put("accuracy", String.format("%.4f", correct / (double) outcomes.predictions().size()))
                            .put("peak heap used", Figures.megabytes(peakHeap))
                            .put("heap after GC at end", Figures.megabytes(heapAfterGc))
                            .put("exit on SIGTERM", exit)
                            .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                            .put("seed", seed).report();

                    assertThat(all).as("every image has an outcome").isTrue();
                    assertThat(kills).isEqualTo(KILLS);
                    assertThat(lost).as("images without a prediction").isEmpty();
                    assertThat(outcomes.deadLetterReasons()).as("dead letters of good images").isEmpty();
                    assertThat(wrongLabels).as("predictions carrying another image's label").isZero();
                    assertThat(outcomes.predictionsById().keySet()).isEqualTo(expected);
                    if (guarantee.equals("exactly_once_v2")) {
                        assertThat(duplicates).as("duplicate predictions under exactly-once").isZero();
                    }
                    assertThat(exit).as("exit code after SIGTERM").isZero();
                }
            } finally {
                app.close();
            }
        }
    }

    /** The dataset index in a key like {@code train-images-idx3-ubyte-00042}. */
    static int indexOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }
}
