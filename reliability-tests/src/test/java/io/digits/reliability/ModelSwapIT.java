package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.ModelTopic;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.streams.metrics.MeterNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models travel through Kafka: the service starts with an empty registry folder and serves the version live on the
 * models topic. While it works through a backlog, a new version is published live on the topic, then a corrupt one
 * (random parameters, correctly checksummed, so only loading can tell): the service switches to the new one without
 * losing or doubling a record, each partition's predictions switch version once and never back, the corrupt one is
 * refused while the new one serves on, and the versions it served are cached in its folder.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ModelSwapIT {
    static final int IMAGES = Integer.getInteger("model-swap.images", 6_000);

    @TempDir
    Path dir;

    @Test
    void aNewModelTakesOverUnderLoadAndACorruptOneIsRefused() throws Exception {
        MnistDataset images = ImageFeed.mnistTrain(IMAGES);
        FixtureRegistry registry = new FixtureRegistry(dir.resolve("trainer-registry"));
        Path cache = dir.resolve("service-registry");
        String first = registry.publishTrained();
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ModelTopic models = new ModelTopic(new KafkaClients(kafka.bootstrapServers(), new Properties()), Topics.MODELS,
                    Duration.ofSeconds(30));
            models.createIfMissing();
            models.publish(registry.open(first), true);
            ServiceUnderTest service = ServiceUnderTest.withRegistry(kafka, cache, StreamsConfig.EXACTLY_ONCE_V2, dir);
            ImageFeed.backlog(kafka.bootstrapServers(), images);
            LongSupplier written = Progress.endOffsets(kafka.admin(), Topics.PREDICTIONS, ServiceUnderTest.PARTITIONS);
            try (AppProcess app = service.start()) {
                app.awaitReady(Duration.ofMinutes(3));
                try (Outcomes outcomes = Outcomes.of(kafka.bootstrapServers())) {
                    Progress.awaitAtLeast(written, IMAGES / 5, app, Duration.ofMinutes(10));
                    String second = registry.publishTrained();
                    models.publish(registry.open(second), true);
                    Progress.awaitAtLeast(written, IMAGES / 2, app, Duration.ofMinutes(10));
                    String corrupt = registry.publishCorrupt(System.nanoTime());
                    models.publish(registry.open(corrupt), true);
                    long publishedCorruptAt = written.getAsLong();

                    boolean all = outcomes.awaitDistinct(IMAGES, Duration.ofMinutes(10));
                    outcomes.drain(Duration.ofSeconds(5));
                    MetricsScrape metrics = app.scrape().orElseThrow();
                    String loads = MeterNames.PROMETHEUS.get(MeterNames.MODEL_LOADS);
                    double rejected = metrics.sum(loads, "outcome=\"" + MeterNames.OUTCOME_REJECTED + "\"");
                    double loaded = metrics.sum(loads, "outcome=\"" + MeterNames.OUTCOME_LOADED + "\"");
                    double servingSecond = metrics.sum(MeterNames.PROMETHEUS.get(MeterNames.MODEL_INFO), "version=\"" + second + "\"");
                    boolean refusalLogged = Files.readAllLines(app.logFile()).stream()
                            .anyMatch(line -> line.contains("refused model") && line.contains(corrupt));

                    Map<String, Long> byVersion = ModelSwitches.byVersion(outcomes.predictions());
                    ModelSwitches switches = ModelSwitches.of(outcomes.predictions());
                    List<String> notMonotonic = switches.backwardsOrTwice;
                    Map<Integer, Long> switchOffsets = switches.switchOffsets;
                    Set<String> lost = outcomes.withoutPrediction(ImageFeed.keys(images));
                    new Figures("model swap")
                            .put("records", IMAGES).put("versions", List.of(first, second, corrupt + " (corrupt)"))
                            .put("predictions by version", byVersion).put("switch offset per partition", switchOffsets)
                            .put("corrupt published at", publishedCorruptAt + " predictions")
                            .put("lost", lost.size()).put("duplicated", outcomes.duplicatePredictions())
                            .put("dead-lettered", outcomes.deadLetterReasons().size())
                            .put("loads", (long) loaded).put("rejected", (long) rejected)
                            .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).report();

                    assertThat(all).as("every image has an outcome").isTrue();
                    assertThat(lost).isEmpty();
                    assertThat(outcomes.duplicatePredictions()).isZero();
                    assertThat(outcomes.deadLetterReasons()).isEmpty();
                    assertThat(byVersion.keySet()).as("versions that made predictions").containsExactly(first, second);
                    assertThat(notMonotonic).as("version switches backwards or twice in a partition").isEmpty();
                    // a partition whose backlog was done before the publication has nothing to switch
                    assertThat(switchOffsets).as("partitions that switched").isNotEmpty();
                    assertThat(rejected).as("corrupt model refused (metric)").isEqualTo(1);
                    assertThat(refusalLogged).as("corrupt model refused (log line)").isTrue();
                    assertThat(servingSecond).as("the second model serves on").isEqualTo(1);
                    assertThat(new ModelRegistry(cache).versions(ModelRegistry.DEFAULT_NAME))
                            .as("versions cached from the topic").contains(first, second);
                    assertThat(app.status("/ready")).isEqualTo(200);
                    assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
                }
            }
        }
    }
}
