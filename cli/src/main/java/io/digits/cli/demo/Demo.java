package io.digits.cli.demo;

import io.digits.charts.ConfusionMatrixChart;
import io.digits.charts.DigitGallery;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelRegistry;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import io.digits.producer.score.PredictionScorer;
import io.digits.producer.score.ScoreOptions;
import io.digits.producer.score.ScoreReport;
import io.digits.producer.send.DatasetFeed;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProduceListener;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProducerSettings;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.IdxSource;
import io.digits.producer.source.ImageKeys;
import io.digits.streams.ClassificationService;
import io.digits.streams.ServeConfig;
import io.digits.streams.TopicNames;
import io.digits.trainer.Trainer;
import io.digits.trainer.TrainingOptions;
import io.digits.trainer.TrainingProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The whole pipeline in one process: MNIST, a model (trained first if the registry has none), a Kafka
 * broker, the classification service, a producer of the test images plus a few corrupt records, and a
 * downstream reader that accounts for every record. {@link #run} returns what it measured.
 */
public final class Demo {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final PrintStream status;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile PredictionScorer scorer;

    /** @param status where progress lines go (stderr for the CLI) */
    public Demo(PrintStream status) {
        this.status = status;
    }

    /** Asks a running demo to stop: ends {@code --keep-running}, or cuts the wait for records short. */
    public void stop() {
        stopRequested.countDown();
        PredictionScorer s = scorer;
        if (s != null) {
            s.stop();
        }
    }

    /** Runs the demo; with {@code keepRunning} it waits for {@link #stop()} before shutting down. */
    public DemoReport run(DemoOptions options, boolean keepRunning) throws IOException, ArtifactRejectedException {
        MnistFiles files = MnistFiles.defaultLocation();
        if (!files.valid()) {
            status.println("fetching MNIST into " + files.folder() + " ...");
        }
        MnistDataset test = files.test().limit(options.images());
        ModelRegistry registry = new ModelRegistry(options.registry());
        boolean trainedFirst = ensureModel(registry);

        EmbeddedKafka broker = null;
        try {
            KafkaClients clients;
            TopicNames topics;
            String applicationId;
            if (options.cluster().isPresent()) {
                // an existing cluster, secured or not: its KAFKA_* settings reach the service, the sender and the scorer
                clients = options.cluster().get();
                String run = "demo-" + System.currentTimeMillis() + "-";
                topics = TopicNames.prefixed(run);
                applicationId = run + "classifier";
                status.println("using the cluster at " + clients.bootstrapServers() + " with topics " + topics.images() + ", ...");
            } else {
                status.print("starting an embedded Kafka broker ... ");
                broker = EmbeddedKafka.start();
                clients = new KafkaClients(broker.bootstrapServers(), new Properties());
                topics = TopicNames.DEFAULT;
                applicationId = ServeConfig.DEFAULT_APPLICATION_ID;
                status.println("ready at " + clients.bootstrapServers() + " in " + broker.startupTime().toMillis() + " ms");
            }
            String bootstrap = clients.bootstrapServers();
            ServeConfig config = ServeConfig.builder(bootstrap, registry.root())
                    .kafka(clients.passthrough())
                    .topics(topics)
                    .applicationId(applicationId)
                    .httpPort(options.httpPort())
                    .threads(options.streamThreads())
                    .build();
            try (ClassificationService service = ClassificationService.start(config)) {
                awaitReady(service);
                String metricsUrl = "http://localhost:" + service.httpPort() + "/metrics";
                LoadedModel model = service.servedModel().current()
                        .orElseThrow(() -> new IllegalStateException("the service reports ready without a model"));
                status.println("classification service ready: model " + model.version() + ", metrics at " + metricsUrl);
                DemoReport report = stream(options, test, model, clients, topics, trainedFirst);
                if (keepRunning) {
                    status.println("still running (Ctrl-C to stop): bootstrap " + bootstrap + ", topics "
                            + topics.images() + " -> " + topics.predictions() + " / " + topics.deadLetters() + " / "
                            + topics.review() + ", metrics " + metricsUrl + ", health http://localhost:"
                            + service.httpPort() + "/ready");
                    awaitStop();
                }
                status.println("shutting down ...");
                return report;
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private boolean ensureModel(ModelRegistry registry) throws IOException {
        if (registry.latestVersion(ModelRegistry.DEFAULT_NAME).isPresent()) {
            return false;
        }
        status.println("no model in " + registry.root() + ": training the quick profile first (a few minutes; "
                + "for the best model run ./digits train --profile full)");
        new Trainer(MnistFiles.defaultLocation(), status)
                .run(TrainingOptions.of(TrainingProfile.QUICK).withRegistry(registry.root()));
        return true;
    }

    private DemoReport stream(DemoOptions options, MnistDataset test, LoadedModel model, KafkaClients clients,
                              TopicNames topics, boolean trainedFirst) throws IOException {
        Map<String, Integer> indexByKey = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            indexByKey.put(ImageKeys.idx(test.name(), i), i);
        }
        DigitGallery misclassified = new DigitGallery("misclassified digits (true -> predicted, confidence)", 100);
        AtomicLong sent = new AtomicLong();
        LiveLine live = new LiveLine(status, sent, test, indexByKey, misclassified);
        long started = System.nanoTime();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(options, test, topics, clients, sent));
        scorer = new PredictionScorer(clients, new ScoreOptions(topics.predictions(), topics.deadLetters(),
                OptionalLong.of(options.recordsIn()), Optional.of(options.timeout())));
        ScoreReport score = scorer.score(live);
        double seconds = (System.nanoTime() - started) / 1e9;
        producing.join();

        status.println("checking: the same model on the same images, in-process ...");
        long offlineCorrect = OfflineEvaluation.correct(model, test);
        double offlineAccuracy = (double) offlineCorrect / test.size();
        double accuracy = score.labelled() == 0 ? 0 : score.accuracy();
        boolean matches = score.labelled() == test.size() && score.confusion().correct() == offlineCorrect;

        Files.createDirectories(options.output());
        Path confusionPng = options.output().resolve("confusion-matrix.png").toAbsolutePath();
        Path galleryPng = options.output().resolve("misclassified.png").toAbsolutePath();
        ConfusionMatrixChart.write(score.confusion(), "streamed, model " + model.version(), confusionPng);
        misclassified.write(galleryPng);
        Map<String, String> pictures = new LinkedHashMap<>();
        pictures.put("confusionMatrix", confusionPng.toString());
        pictures.put("misclassified", galleryPng.toString());

        var latency = score.liveLatency();
        return new DemoReport(test.size(), options.injectBad(), score.predictions(), score.deadLetters(),
                score.deadLetterReasons(), accuracy, offlineAccuracy, matches, score.seen() / seconds,
                new DemoReport.Latency(latency.p50(), latency.p95(), latency.p99()), model.version(), trainedFirst,
                seconds, clients.bootstrapServers(), pictures);
    }

    private static void produce(DemoOptions options, MnistDataset test, TopicNames topics, KafkaClients clients,
                                AtomicLong sent) {
        try {
            DatasetFeed.send(clients, Map.of(), topics.images(), test, ProducePlan.once(), new ProduceListener() {
                @Override
                public void progress(long dispatched, long acknowledged, long failed) {
                    sent.set(acknowledged);
                }
            }, CorruptRecords.make(topics.images(), options.injectBad()));
            sent.addAndGet(options.injectBad());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("sending the images failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(ClassificationService service) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (service.notReadyReason() != null) {
            if (System.nanoTime() > deadline || service.failed()) {
                throw new IllegalStateException("the classification service did not become ready: "
                        + service.notReadyReason());
            }
            sleep(100);
        }
    }

    private void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
