package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.Topics;
import io.digits.core.eval.PromotionPolicy;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import io.digits.streams.ClassificationService;
import io.digits.streams.ServeConfig;
import io.digits.streams.metrics.MeterNames;
import io.digits.trainer.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's queries return data from the real app: the classification service (with the trainer's
 * trained test model live, a copy of it as the candidate scored beside it, both from the models topic) on an
 * in-process Kafka broker classifies real MNIST test images and a few bad records,
 * a real Prometheus scrapes its {@code /metrics}, and every PromQL expression of every panel is run through
 * Prometheus' HTTP API and must return at least one series, all with finite values. A panel that queries a
 * metric the app does not export fails here.
 */
@Timeout(600)
class PrometheusDashboardIT {
    private static final Logger log = LoggerFactory.getLogger(PrometheusDashboardIT.class);
    private static final int IMAGES = 1_000;
    /** What Grafana's $__rate_interval and $__range become: long enough to hold the whole run's samples. */
    private static final String WINDOW = "2m";

    @TempDir
    Path folder;

    @Test
    void everyDashboardQueryReturnsDataFromTheRealApp() throws Exception {
        ModelArtifact trained = TestModels.trained();
        ModelRegistry trainer = new ModelRegistry(folder.resolve("trainer"));
        String candidate = TestModels.publishCopy(trainer, trained);
        MnistDataset test = MnistFiles.defaultLocation().test().limit(IMAGES);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // the shadow-scoring panels need a candidate: the live model and a copy of it, from the models topic
            ModelTopic models = new ModelTopic(new KafkaClients(kafka.bootstrapServers(), new Properties()), Topics.MODELS,
                    Duration.ofSeconds(30));
            models.createIfMissing();
            models.publish(trained, true);
            models.publishCandidate(trainer.open(ModelRegistry.DEFAULT_NAME, candidate));
            Properties streamsProps = new Properties();
            streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, folder.resolve("state").toString());
            // automatic promotion on, its verdict far off: the promotion panels have data and the candidate stays
            ServeConfig config = ServeConfig.builder(kafka.bootstrapServers(), folder.resolve("cache"))
                    .autoPromote(PromotionPolicy.standard().withMinLabelled(1_000_000)).httpPort(0).kafka(streamsProps)
                    .build();
            try (ClassificationService service = ClassificationService.start(config);
                 PrometheusServer prometheus = PrometheusServer.start(folder, "streams-app",
                         "127.0.0.1:" + service.httpPort(), "/metrics", Repo.file(AlertRules.PATH))) {
                // rate() needs samples from before the traffic too: wait for a scrape of the idle service
                awaitValue(prometheus, "count(digits_predictions_total)", 10, Duration.ofMinutes(1));
                List<String> failures;
                try (LabelledTraffic traffic = LabelledTraffic.start(kafka.bootstrapServers(), test)) {
                    // Kafka client meters appear when Micrometer next looks for new client metrics (every 60 s)
                    failures = awaitEveryQueryAnswered(prometheus, Duration.ofMinutes(4));
                    log.info("{} images and {} bad records sent", traffic.images(), traffic.badRecords());
                }
                if (!failures.isEmpty()) {
                    log.info("dead letters by reason: {}", prometheus.query("digits_dead_letters_total > 0").path("result"));
                    log.info("scraped metric names: {}", prometheus.metricNames());
                }
                assertThat(failures).as("dashboard queries without data (target %s)", prometheus.targetHealth()).isEmpty();

                // the alert rules read metrics the app exports, and evaluate without errors on its data
                for (String metric : AlertRules.load().metricNames()) {
                    assertThat(prometheus.query("count(" + metric + ")").path("result")).as("alerts read " + metric).isNotEmpty();
                }
                assertThat(prometheus.ruleHealth()).hasSize(AlertRules.load().alertNames().size())
                        .allSatisfy(rule -> assertThat(rule).contains(": ok"));

                JsonNode served = prometheus.query("digits_model_info").path("result").get(0).path("metric");
                assertThat(served.path(MeterNames.TAG_VERSION).asText())
                        .isEqualTo(service.servedModel().version().orElseThrow());
                assertThat(service.candidateModel().version()).contains(candidate);
            }
        }
    }

    /** Runs every dashboard query until all of them return data, or the time is up; returns the ones that did not. */
    private static List<String> awaitEveryQueryAnswered(PrometheusServer prometheus, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> failures;
        do {
            Thread.sleep(2_000);
            failures = new ArrayList<>();
            for (Dashboard.Query query : Dashboard.load().queries()) {
                String promql = Dashboard.withWindow(query.expr(), WINDOW);
                String problem = problem(prometheus.query(promql));
                if (problem != null) {
                    failures.add(query.panel() + " [" + query.refId() + "] " + promql + ": " + problem);
                }
            }
        } while (!failures.isEmpty() && System.nanoTime() < deadline);
        for (Dashboard.Query query : Dashboard.load().queries()) {
            String promql = Dashboard.withWindow(query.expr(), WINDOW);
            log.info("{} [{}] {} -> {}", query.panel(), query.refId(), promql, prometheus.query(promql).path("result"));
        }
        return failures;
    }

    /** Why a query's result is not usable data, or null when it is: at least one series, every value finite. */
    private static String problem(JsonNode data) {
        JsonNode result = data.path("result");
        if (!"vector".equals(data.path("resultType").asText()) || result.isEmpty()) {
            return "no series";
        }
        for (JsonNode series : result) {
            double value = Double.parseDouble(series.path("value").get(1).asText());
            if (!Double.isFinite(value)) {
                return "value " + value + " for " + series.path("metric");
            }
        }
        return null;
    }

    /**
     * A live load while the queries run: the labelled test images over and over at about 100 a second, with a
     * bad record after every hundred images, from a background thread until closed.
     */
    private static final class LabelledTraffic implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final Thread thread;
        private volatile boolean stopped;
        private volatile int images;
        private volatile int badRecords;

        private LabelledTraffic(String bootstrap, MnistDataset test) {
            producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), new ByteArraySerializer());
            thread = new Thread(() -> run(test), "labelled-traffic");
        }

        static LabelledTraffic start(String bootstrap, MnistDataset test) {
            LabelledTraffic traffic = new LabelledTraffic(bootstrap, test);
            traffic.thread.start();
            return traffic;
        }

        private void run(MnistDataset test) {
            try {
                for (int sent = 0; !stopped; sent++) {
                    int i = sent % test.size();
                    var record = new ProducerRecord<>(Topics.IMAGES, "mnist-test-" + i + "-" + sent, test.images()[i]);
                    record.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
                    producer.send(record);
                    images++;
                    if (sent % 100 == 99) {
                        producer.send(new ProducerRecord<>(Topics.IMAGES, "bad-" + sent,
                                ("not an image " + sent).getBytes(StandardCharsets.UTF_8)));
                        badRecords++;
                    }
                    if (sent % 10 == 9) {
                        Thread.sleep(100);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int images() {
            return images;
        }

        int badRecords() {
            return badRecords;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static void awaitValue(PrometheusServer prometheus, String promql, double atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double value = Double.NaN;
        while (System.nanoTime() < deadline) {
            JsonNode result = prometheus.query(promql).path("result");
            if (!result.isEmpty()) {
                value = Double.parseDouble(result.get(0).path("value").get(1).asText());
                if (value >= atLeast) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + " reached " + value + ", not " + atLeast + ", within " + timeout
                + " (target " + prometheus.targetHealth() + ")");
    }
}
