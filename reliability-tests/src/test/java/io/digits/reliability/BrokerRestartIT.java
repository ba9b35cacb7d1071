package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away in the middle of the stream and comes back on the same address with its data, as a
 * restarted broker does. The service, never restarted, finds it again by itself: every image gets exactly one
 * prediction.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class BrokerRestartIT {
    static final int IMAGES = Integer.getInteger("broker-restart.images", 5_000);
    static final Duration DOWNTIME = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void theServiceRecoversByItselfWhenTheBrokerRestarts() throws Exception {
        MnistDataset images = ImageFeed.mnistTrain(IMAGES);
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ServiceUnderTest service = ServiceUnderTest.withFixtureModel(kafka, StreamsConfig.EXACTLY_ONCE_V2, dir);
            ImageFeed.backlog(kafka.bootstrapServers(), images);
            LongSupplier written = Progress.endOffsets(kafka.admin(), Topics.PREDICTIONS, ServiceUnderTest.PARTITIONS);
            try (AppProcess app = service.start()) {
                app.awaitReady(Duration.ofMinutes(3));
                Progress.awaitAtLeast(written, IMAGES / 4, app, Duration.ofMinutes(10));
                kafka.stopBroker();
                Thread.sleep(DOWNTIME.toMillis());
                boolean aliveWhileDown = app.isAlive();
                int readyWhileDown = app.status("/ready");
                kafka.startBroker();
                long back = System.nanoTime();

                try (Outcomes outcomes = Outcomes.of(kafka.bootstrapServers())) {
                    boolean all = outcomes.awaitDistinct(IMAGES, Duration.ofMinutes(10));
                    long recoveredIn = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back);
                    outcomes.drain(Duration.ofSeconds(5));
                    Set<String> lost = outcomes.withoutPrediction(ImageFeed.keys(images));
                    new Figures("broker restart")
                            .put("records", IMAGES).put("broker down", DOWNTIME.toSeconds() + " s")
                            .put("service alive while down", aliveWhileDown).put("/ready while down", readyWhileDown)
                            .put("service restarts", 0)
                            .put("lost", lost.size()).put("duplicated", outcomes.duplicatePredictions())
                            .put("dead-lettered", outcomes.deadLetterReasons().size())
                            .put("all done after broker back", recoveredIn + " s")
                            .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).report();

                    assertThat(aliveWhileDown).as("the service outlives the broker's absence").isTrue();
                    assertThat(all).as("every image has an outcome:\n" + app.logTail()).isTrue();
                    assertThat(app.isAlive()).as("the same service process is still running").isTrue();
                    assertThat(lost).isEmpty();
                    assertThat(outcomes.duplicatePredictions()).isZero();
                    assertThat(outcomes.deadLetterReasons()).isEmpty();
                    assertThat(app.status("/ready")).isEqualTo(200);
                    assertThat(app.terminate(Duration.ofSeconds(90))).as("exit code after SIGTERM").isZero();
                }
            }
        }
    }
}
