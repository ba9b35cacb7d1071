package io.digits.bench;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.topic.ModelTopic;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.producer.score.PredictionScorer;
import io.digits.streams.ClassificationService;
import io.digits.streams.LatencyBudget;
import io.digits.streams.ServeConfig;
import io.digits.streams.TopicNames;
import io.digits.streams.metrics.MeterNames;
import io.digits.streams.metrics.ServingMetrics;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Item 3 and the Kafka half of item 4: an in-process broker, the classification service with 1 and 2 stream
 * threads (its default configuration: exactly-once, plus any {@code KAFKA_*} variables, as {@code serve} takes them),
 * and the Python Kafka peer, on the same MNIST images.
 * For each: a backlog of images drained as fast as it goes (every record accounted for), then a fresh stream at
 * half that rate for end-to-end latency. Each of ours runs right after a raw in-JVM measurement of the same
 * thread count, its baseline; and can run again with a candidate model set ({@link #shadowed}), for the cost of
 * shadow scoring.
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
     * The service with a candidate set, measured right after {@code without} (the same thread count, in the same
     * repeat): its backlog drained, its latency at {@code without}'s half-load rate ({@code halfLoad}, the same offered
     * load) and at half its own drained rate ({@code ownHalfLoad}, the same share of its capacity).
     */
    record ShadowResult(Result without, PipelineRun.Outcome drain, PipelineRun.Outcome halfLoad,
                        PipelineRun.Outcome ownHalfLoad) {

        /** Drained throughput with the candidate over without it. */
        double throughputRatio() {
            return drain.drainRate() / without.drain().drainRate();
        }
    }

    /**
     * One point of the latency curve: the service under a guarantee, a latency budget (null = the defaults) and a
     * batch size (the one it classifies with: always 1 under at-least-once), its drained throughput, its latency at
     * half that rate (its own half load), and Kafka's floor (the pass-through) at the same settings and rate.
     * {@code ownSettings} is false for a variant measured beside the service's own settings (another batch size or
     * commit interval).
     */
    record CurvePoint(String guarantee, LatencyBudget budget, int batchSize, long commitIntervalMs, boolean ownSettings,
                      PipelineRun.Outcome drain, double rate, PipelineRun.Outcome load, PipelineRun.Outcome floor,
                      CurveCost cost) {
    }

    /**
     * What a curve point's runs cost: the cores the benchmark JVM kept busy (service or pass-through, broker, sender
     * and reader; {@link ProcessCpu}) while the service and while the pass-through ran at half load, and the
     * classifier's mean time per image ({@code digits.inference.time}) while draining and at half load, where
     * batches are smaller.
     */
    record CurveCost(double serviceCores, double floorCores, double drainInferenceMs, double loadInferenceMs) {
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
        String label = "pipeline, " + threads + " stream thread(s)";
        PipelineRun.Outcome drain = drainBacklog(label, threads, false);
        double half = drain.drainRate() / 2;
        PipelineRun.Outcome halfLoad = loadAt(label, threads, false, half);
        return new Result("ours", threads, raw, rawCpuPerImage.median(), drain, half, halfLoad);
    }

    /**
     * The service of {@code without} again, with a candidate set: the bench's model published as the candidate on the
     * models topic the service follows (the same weights: the cost measured is the second inference of every batch
     * and the shadow predictions written in the same transaction). A backlog drained, then {@code without}'s half-load
     * rate, so both latencies are taken at the same offered load, then half its own drained rate, the same share of
     * its capacity as {@code without}'s half load.
     */
    ShadowResult shadowed(Result without) throws Exception {
        String label = "pipeline, " + without.threads() + " stream thread(s), a candidate shadow-scored";
        PipelineRun.Outcome drain = drainBacklog(label, without.threads(), true);
        PipelineRun.Outcome halfLoad = loadAt(label, without.threads(), true, without.halfRate());
        PipelineRun.Outcome ownHalfLoad = loadAt(label, without.threads(), true, drain.drainRate() / 2);
        return new ShadowResult(without, drain, halfLoad, ownHalfLoad);
    }

    /** A backlog of images on fresh topics, drained by the service with {@code threads} (and a candidate if {@code shadow}). */
    private PipelineRun.Outcome drainBacklog(String label, int threads, boolean shadow) throws Exception {
        TopicNames topics = serviceTopics(shadow);
        progress.accept(label + ": sending a backlog of " + drainImages + " images");
        long sent = PipelineRun.send(clients(), topics.images(), images, drainImages, OptionalDouble.empty());
        return drain(config(topics, threads).build(), sent, shadow);
    }

    /** A fresh stream at {@code rate} through the service with {@code threads} (and a candidate if {@code shadow}). */
    private PipelineRun.Outcome loadAt(String label, int threads, boolean shadow, double rate) throws Exception {
        TopicNames topics = serviceTopics(shadow);
        long count = Math.max(100, (long) (rate * latencySeconds));
        progress.accept(label + ": " + count + " images at " + Math.round(rate) + "/s for latency");
        try (ClassificationService service = start(config(topics, threads).build(), shadow)) {
            return atRate(topics, count, rate);
        }
    }

    /**
     * Fresh topics with the images topic created; if {@code shadow}, the bench's model published as the candidate on
     * their models topic.
     */
    private TopicNames serviceTopics(boolean shadow) throws IOException {
        TopicNames topics = topics();
        broker.createTopics(PARTITIONS, topics.images());
        if (shadow) {
            ModelTopic models = new ModelTopic(clients(), topics.models(), READY_TIMEOUT);
            models.createIfMissing();
            models.publishCandidate(model.loaded().artifact());
        }
        return topics;
    }

    /**
     * One point of the latency curve with {@code threads} stream threads: a backlog drained under {@code guarantee},
     * {@code budget} (null = the defaults), {@code batchSize} and {@code commitIntervalMs} (null = what the rest sets,
     * else {@code KAFKA_COMMIT_INTERVAL_MS} as a user would set it), then the service and the pass-through each at
     * half the drained rate.
     */
    CurvePoint curvePoint(String guarantee, LatencyBudget budget, int batchSize, Long commitIntervalMs, int threads)
            throws Exception {
        String setting = guarantee + (budget == null ? ", defaults" : ", budget " + budget.budget().toMillis() + " ms")
                + ", batch " + batchSize + (commitIntervalMs == null ? "" : ", commit " + commitIntervalMs + " ms");
        Properties passthrough = clients().passthrough();
        if (commitIntervalMs != null) {
            passthrough.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs.toString());
        }
        TopicNames drainTopics = topics();
        broker.createTopics(PARTITIONS, drainTopics.images());
        progress.accept("latency curve, " + setting + ": draining " + drainImages + " images");
        long sent = PipelineRun.send(clients(), drainTopics.images(), images, drainImages, OptionalDouble.empty());
        ServeConfig drainConfig = config(drainTopics, threads).processingGuarantee(guarantee).latencyBudget(budget)
                .batchSize(batchSize).kafka(passthrough).build();
        PipelineRun.Outcome drain;
        double drainInferenceMs;
        try (ClassificationService service = start(drainConfig, false)) {
            drain = scoreDrain(drainConfig, sent);
            drainInferenceMs = inferenceMsPerImage(service);
        }
        double rate = drain.drainRate() / 2;
        long count = Math.max(100, (long) (rate * latencySeconds));
        progress.accept("latency curve, " + setting + ": the service and the pass-through, " + count + " images each at "
                + Math.round(rate) + "/s");
        TopicNames loadTopics = topics();
        broker.createTopics(PARTITIONS, loadTopics.images());
        PipelineRun.Outcome load;
        double serviceCores;
        double loadInferenceMs;
        try (ClassificationService service = start(config(loadTopics, threads).processingGuarantee(guarantee)
                .latencyBudget(budget).batchSize(batchSize).kafka(passthrough).build(), false)) {
            ProcessCpu cpu = ProcessCpu.start();
            load = atRate(loadTopics, count, rate);
            serviceCores = cpu.cores();
            loadInferenceMs = inferenceMsPerImage(service);
        }
        TopicNames floorTopics = topics();
        broker.createTopics(PARTITIONS, floorTopics.images(), floorTopics.predictions()); // the service creates its own
        ServeConfig floorConfig = config(floorTopics, threads).processingGuarantee(guarantee).latencyBudget(budget)
                .batchSize(batchSize).kafka(passthrough).build();
        PipelineRun.Outcome floor;
        double floorCores;
        try (KafkaFloor passThrough = KafkaFloor.start(floorConfig, model.loaded().version(), READY_TIMEOUT)) {
            ProcessCpu cpu = ProcessCpu.start();
            floor = atRate(floorTopics, count, rate);
            floorCores = cpu.cores();
        }
        long commitInterval = new StreamsConfig(drainConfig.streamsProperties(ServingMetrics.unregistered()))
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        return new CurvePoint(guarantee, budget, drainConfig.bufferedBatchSize(), commitInterval,
                LatencyCurve.ownSettings(batchSize, commitIntervalMs), drain, rate, load, floor,
                new CurveCost(serviceCores, floorCores, drainInferenceMs, loadInferenceMs));
    }

    /** The classifier's mean time per image over the service's life so far ({@code digits.inference.time}). */
    private static double inferenceMsPerImage(ClassificationService service) {
        Timer timer = service.meterRegistry().find(MeterNames.INFERENCE_TIME).timer();
        return timer == null || timer.count() == 0 ? Double.NaN : timer.mean(TimeUnit.MILLISECONDS);
    }

    /**
     * Drains the {@code sent} images waiting on {@code config}'s topic, measuring the service's threads' CPU; the
     * service must be scoring a candidate if {@code shadow}.
     */
    private PipelineRun.Outcome drain(ServeConfig config, long sent, boolean shadow) throws Exception {
        try (ClassificationService service = start(config, shadow)) {
            return scoreDrain(config, sent);
        }
    }

    /** Scores the drain of the {@code sent} images by the running service of {@code config}, with its threads' CPU. */
    private PipelineRun.Outcome scoreDrain(ServeConfig config, long sent) {
        return PipelineRun.score(scorer(config.topics(), sent), sent, () -> ThreadCpu.seconds(config.applicationId()));
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

    /**
     * Starts the service and waits until it is ready; with {@code shadow}, fails unless it scores the candidate its
     * models topic names (a shadow run without one would measure nothing).
     */
    private ClassificationService start(ServeConfig config, boolean shadow) throws Exception {
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
        if (shadow && service.candidateModel().version().isEmpty()) {
            service.close();
            throw new IllegalStateException("the classification service scores no candidate from "
                    + config.topics().models());
        }
        return service;
    }
}
