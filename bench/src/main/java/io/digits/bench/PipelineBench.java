package io.digits.bench;

import io.digits.core.kafka.KafkaClients;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.producer.score.PredictionScorer;
import io.digits.streams.ClassificationService;
import io.digits.streams.LatencyBudget;
import io.digits.streams.ServeConfig;
import io.digits.streams.TopicNames;
import io.digits.streams.metrics.ServingMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;

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

    /**
     * One pipeline's figures.
     *
     * @param rawCpuPerImage CPU seconds per image of raw inference at the same thread count, just before (NaN for
     *                       the Python peer)
     */
    record Result(String who, int threads, Stats rawBaseline, double rawCpuPerImage, PipelineRun.Outcome drain,
                  double halfRate, PipelineRun.Outcome halfLoad) {

        /** The service's CPU per image while draining, over raw inference's CPU per image. */
        double serviceCpuToRaw() {
            return drain.serviceCpuPerImage() / rawCpuPerImage;
        }
    }

    /**
     * One point of the latency curve: the service under a guarantee and a latency budget (null = the defaults),
     * its drained throughput, its latency at half that rate (its own half load), and Kafka's floor (the
     * pass-through) at the same settings and rate.
     */
    record CurvePoint(String guarantee, LatencyBudget budget, long commitIntervalMs, PipelineRun.Outcome drain,
                      double rate, PipelineRun.Outcome load, PipelineRun.Outcome floor) {
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
        Stats rawCpuPerImage;
        try (ClassifierWorkload workload = new ClassifierWorkload(model.loaded(), RawInferenceBench.BEST_BATCH, threads, 1, rawImages)) {
            workload.measure(1);
            List<Double> rates = new ArrayList<>();
            List<Double> cpuPerImage = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Sample sample = workload.measure(1);
                rates.add(sample.rate());
                cpuPerImage.add(1 / sample.perCpuSecond());
            }
            raw = Stats.of(rates);
            rawCpuPerImage = Stats.of(cpuPerImage);
        }
        TopicNames drainTopics = topics();
        broker.createTopics(PARTITIONS, drainTopics.images());
        progress.accept("pipeline, " + threads + " stream thread(s): sending a backlog of " + drainImages + " images");
        long sent = PipelineRun.send(clients(), drainTopics.images(), images, drainImages, OptionalDouble.empty());
        PipelineRun.Outcome drain = drain(config(drainTopics, threads).build(), sent);
        double half = drain.drainRate() / 2;
        TopicNames latencyTopics = topics();
        broker.createTopics(PARTITIONS, latencyTopics.images());
        long count = Math.max(100, (long) (half * latencySeconds));
        progress.accept("pipeline, " + threads + " stream thread(s): " + count + " images at " + Math.round(half) + "/s for latency");
        PipelineRun.Outcome halfLoad;
        try (ClassificationService service = start(config(latencyTopics, threads).build())) {
            halfLoad = atRate(latencyTopics, count, half);
        }
        return new Result("ours", threads, raw, rawCpuPerImage.median(), drain, half, halfLoad);
    }

    /**
     * One point of the latency curve with {@code threads} stream threads: a backlog drained under {@code guarantee}
     * and {@code budget} (null = the defaults), then the service and the pass-through each at half the drained rate.
     */
    CurvePoint curvePoint(String guarantee, LatencyBudget budget, int threads) throws Exception {
        String setting = guarantee + (budget == null ? ", defaults" : ", budget " + budget.budget().toMillis() + " ms");
        TopicNames drainTopics = topics();
        broker.createTopics(PARTITIONS, drainTopics.images());
        progress.accept("latency curve, " + setting + ": draining " + drainImages + " images");
        long sent = PipelineRun.send(clients(), drainTopics.images(), images, drainImages, OptionalDouble.empty());
        ServeConfig drainConfig = config(drainTopics, threads).processingGuarantee(guarantee).latencyBudget(budget).build();
        PipelineRun.Outcome drain = drain(drainConfig, sent);
        double rate = drain.drainRate() / 2;
        long count = Math.max(100, (long) (rate * latencySeconds));
        progress.accept("latency curve, " + setting + ": the service and the pass-through, " + count + " images each at "
                + Math.round(rate) + "/s");
        TopicNames loadTopics = topics();
        broker.createTopics(PARTITIONS, loadTopics.images());
        PipelineRun.Outcome load;
        try (ClassificationService service = start(config(loadTopics, threads).processingGuarantee(guarantee)
                .latencyBudget(budget).build())) {
            load = atRate(loadTopics, count, rate);
        }
        TopicNames floorTopics = topics();
        broker.createTopics(PARTITIONS, floorTopics.images(), floorTopics.predictions()); // the service creates its own
        ServeConfig floorConfig = config(floorTopics, threads).processingGuarantee(guarantee).latencyBudget(budget).build();
        PipelineRun.Outcome floor;
        try (KafkaFloor passThrough = KafkaFloor.start(floorConfig, model.loaded().version(), READY_TIMEOUT)) {
            floor = atRate(floorTopics, count, rate);
        }
        long commitInterval = new StreamsConfig(drainConfig.streamsProperties(ServingMetrics.unregistered()))
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return new CurvePoint(guarantee, budget, commitInterval, drain, rate, load, floor);
    }

    /** Drains the {@code sent} images waiting on {@code config}'s topic, measuring the service's threads' CPU. */
    private PipelineRun.Outcome drain(ServeConfig config, long sent) throws Exception {
        try (ClassificationService service = start(config)) {
            return PipelineRun.score(scorer(config.topics(), sent), sent, () -> ThreadCpu.seconds(config.applicationId()));
        }
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
            drain = PipelineRun.score(scorer(drainTopics, sent), sent, () -> Double.NaN);
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
        return new Result("python", threads, null, Double.NaN, drain, half, halfLoad);
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
        return TopicNames.prefixed(prefix);
    }

    /** The service's defaults on {@code topics}, with {@code threads} and the {@code KAFKA_*} variables. */
    private ServeConfig.Builder config(TopicNames topics, int threads) {
        KafkaClients clients = clients();
        return ServeConfig.builder(clients.bootstrapServers(), model.registry().root())
                .topics(topics)
                .applicationId(topics.images() + "-classifier")
                .httpPort(0)
                .modelPollInterval(Duration.ofMinutes(10))
                .threads(threads)
                .kafka(clients.passthrough());
    }

    private ClassificationService start(ServeConfig config) throws Exception {
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
