package io.digits.bench;

import io.digits.core.kafka.KafkaClients;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.producer.score.PredictionScorer;
import io.digits.streams.ClassificationService;
import io.digits.streams.ServeConfig;
import io.digits.streams.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Item 3 and the Kafka half of item 4: an in-process broker, the classification service with 1 and 2 stream
 * threads (its default configuration: exactly-once, plus any {@code KAFKA_*} variables, as {@code serve} takes them),
 * and the Python Kafka peer, on the same MNIST images.
 * For each: a backlog of images drained as fast as it goes (every record accounted for), then a fresh stream at
 * half that rate for end-to-end latency. Each of ours runs right after a raw in-JVM measurement of the same
 * thread count, its baseline.
 */
final class PipelineBench {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final int PARTITIONS = 4;
    /** How long a fresh service (or peer) gets at the paced rate before its latency counts. */
    static final Duration WARM_UP = Duration.ofSeconds(2);

    /** One pipeline's figures. */
    record Result(String who, int threads, Stats rawBaseline, PipelineRun.Outcome drain, double halfRate,
                  PipelineRun.Outcome halfLoad) {
    }

    private final EmbeddedKafka broker;
    private final BenchModel model;
    private final MnistDataset images;
    private final int drainImages;
    private final double latencySeconds;
    private final Consumer<String> progress;
    private int runs;

    PipelineBench(EmbeddedKafka broker, BenchModel model, MnistDataset images, int drainImages, double latencySeconds,
                  Consumer<String> progress) {
        this.broker = broker;
        this.model = model;
        this.images = images;
        this.drainImages = drainImages;
        this.latencySeconds = latencySeconds;
        this.progress = progress;
    }

    /** The classification service with {@code threads} stream threads. */
    Result ours(int threads, float[][] rawImages) throws Exception {
        Stats raw;
        try (ClassifierWorkload workload = new ClassifierWorkload(model.loaded(), RawInferenceBench.BEST_BATCH, threads, 1, rawImages)) {
            workload.measure(1);
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                rates.add(workload.measure(1).rate());
            }
            raw = Stats.of(rates);
        }
        TopicNames drainTopics = topics();
        broker.createTopics(PARTITIONS, drainTopics.images());
        progress.accept("pipeline, " + threads + " stream thread(s): sending a backlog of " + drainImages + " images");
        long sent = PipelineRun.send(clients(), drainTopics.images(), images, drainImages, OptionalDouble.empty());
        PipelineRun.Outcome drain;
        try (ClassificationService service = start(drainTopics, threads)) {
            drain = PipelineRun.score(scorer(drainTopics, sent), sent);
        }
        double half = drain.drainRate() / 2;
        TopicNames latencyTopics = topics();
        broker.createTopics(PARTITIONS, latencyTopics.images());
        long count = Math.max(100, (long) (half * latencySeconds));
        progress.accept("pipeline, " + threads + " stream thread(s): " + count + " images at " + Math.round(half) + "/s for latency");
        PipelineRun.Outcome halfLoad;
        try (ClassificationService service = start(latencyTopics, threads)) {
            halfLoad = atRate(latencyTopics, count, half);
        }
        return new Result("ours", threads, raw, drain, half, halfLoad);
    }

    /** The Python Kafka peer with {@code threads} torch threads and batches of {@code batch}. */
    Result python(String python, Path workDir, Path weights, int batch, int threads) throws Exception {
        TopicNames drainTopics = topics();
        broker.createTopics(PARTITIONS, drainTopics.images(), drainTopics.predictions());
        progress.accept("Python Kafka peer: sending a backlog of " + drainImages + " images");
        long sent = PipelineRun.send(clients(), drainTopics.images(), images, drainImages, OptionalDouble.empty());
        PipelineRun.Outcome drain;
        try (PythonKafkaPeer peer = PythonKafkaPeer.start(python, workDir, broker.bootstrapServers(), drainTopics.images(),
                drainTopics.predictions(), drainTopics.images() + "-group", weights, batch, threads, READY_TIMEOUT)) {
            drain = PipelineRun.score(scorer(drainTopics, sent), sent);
        }
        double half = drain.drainRate() / 2;
        TopicNames latencyTopics = topics();
        broker.createTopics(PARTITIONS, latencyTopics.images(), latencyTopics.predictions());
        long count = Math.max(100, (long) (half * latencySeconds));
        progress.accept("Python Kafka peer: " + count + " images at " + Math.round(half) + "/s for latency");
        PipelineRun.Outcome halfLoad;
        try (PythonKafkaPeer peer = PythonKafkaPeer.start(python, workDir, broker.bootstrapServers(), latencyTopics.images(),
                latencyTopics.predictions(), latencyTopics.images() + "-group", weights, batch, threads, READY_TIMEOUT)) {
            halfLoad = atRate(latencyTopics, count, half);
        }
        return new Result("python", threads, null, drain, half, halfLoad);
    }

    /** {@code count} images at {@code rate} per second after a warm-up of {@link #WARM_UP} at that rate, which is not measured. */
    private PipelineRun.Outcome atRate(TopicNames topics, long count, double rate) throws Exception {
        long warmUp = (long) (rate * WARM_UP.toMillis() / 1000.0);
        long warmFrom = System.currentTimeMillis() + WARM_UP.toMillis();
        PredictionScorer scorer = scorer(topics, warmUp + count);
        CompletableFuture<PipelineRun.Outcome> scoring = CompletableFuture.supplyAsync(
                () -> PipelineRun.score(scorer, warmUp + count, warmFrom));
        PipelineRun.send(clients(), topics.images(), images, warmUp + count, OptionalDouble.of(rate));
        return scoring.get();
    }

    private PredictionScorer scorer(TopicNames topics, long expected) {
        Duration timeout = Duration.ofSeconds(Math.max(120, expected / 20));
        return PipelineRun.scorer(clients(), topics.predictions(), topics.deadLetters(), expected, timeout);
    }

    /** The broker's clients with the {@code KAFKA_*} variables, as the service under test gets them. */
    private KafkaClients clients() {
        return KafkaClients.fromEnv(broker.bootstrapServers());
    }

    private TopicNames topics() {
        String prefix = "bench-" + (++runs) + "-" + System.currentTimeMillis() + "-";
        return new TopicNames(prefix + "digits.images", prefix + "digits.predictions", prefix + "digits.dead-letters",
                prefix + "digits.review", prefix + "digits.models");
    }

    private ClassificationService start(TopicNames topics, int threads) throws Exception {
        KafkaClients clients = clients();
        ServeConfig config = ServeConfig.builder(clients.bootstrapServers(), model.registry().root())
                .topics(topics)
                .applicationId(topics.images() + "-classifier")
                .httpPort(0)
                .modelPollInterval(Duration.ofMinutes(10))
                .threads(threads)
                .kafka(clients.passthrough())
                .build();
        ClassificationService service = ClassificationService.start(config);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (service.notReadyReason() != null) {
            if (System.nanoTime() > deadline || service.failed()) {
                String reason = service.notReadyReason();
                service.close();
                throw new IllegalStateException("the classification service did not become ready: " + reason);
            }
            Thread.sleep(50);
        }
        return service;
    }
}
