package io.digits.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.producer.score.PredictionScorer;
import io.digits.producer.score.ScoreListener;
import io.digits.producer.score.ScoreOptions;
import io.digits.producer.score.ScoreReport;
import io.digits.producer.source.KaggleCsvFiles;
import io.digits.producer.source.MnistPictures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code digits score} on topics of known predictions and dead letters, on a real in-process broker. */
@Timeout(120)
class ScoreIT {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final long T0 = 1_700_000_000_000L;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /** A predictions and a dead-letter topic of their own for each test. */
    record Topics(String predictions, String deadLetters) {
        static Topics create() {
            int n = RUNS.incrementAndGet();
            Topics t = new Topics("predictions-" + n, "dead-letters-" + n);
            kafka.createTopics(2, t.predictions, t.deadLetters);
            return t;
        }

        String[] args(String... more) {
            List<String> all = new ArrayList<>(List.of("--bootstrap", kafka.bootstrapServers(), "--topic", predictions,
                    "--dead-letters-topic", deadLetters, "--no-progress"));
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }

    private static Prediction prediction(String id, int digit, Integer label, String model, boolean low, long latency) {
        float[] p = new float[10];
        p[digit] = low ? 0.4f : 0.99f;
        return new Prediction(id, digit, p[digit], p, model, label, low, T0, T0 + latency);
    }

    /**
     * 100 labelled predictions (label i % 10): 7 wrong ones, all true 3s predicted as 8 or 5s as 6;
     * 60 by model v1, 40 by v2; latencies 1..100 ms; 4 low-confidence. Plus 5 unlabelled Kaggle rows.
     */
    static List<Prediction> knownPredictions() {
        List<Prediction> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int label = i % 10;
            int digit = label;
            if (label == 3 && i < 50) {
                digit = 8; // 5 of the 10 threes (i = 3, 13, 23, 33, 43)
            } else if (label == 5 && i < 20) {
                digit = 6; // 2 of the 10 fives (i = 5, 15)
            }
            list.add(prediction(String.format("mnist-test-%05d", i), digit, label, i < 60 ? "v1" : "v2", i % 25 == 0,
                    i + 1));
        }
        int[] rows = {4, 1, 5, 3, 2};
        int[] digits = {9, 2, 0, 4, 7};
        for (int k = 0; k < rows.length; k++) {
            list.add(prediction("test.csv:" + rows[k], digits[k], null, "v2", false, 50));
        }
        return list;
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "score-it-" + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** Writes the predictions and two dead letters in one committed transaction, and junk in an aborted one. */
    static void writeKnown(Topics t) {
        var serializer = new PredictionSerde().serializer();
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            for (Prediction p : knownPredictions()) {
                producer.send(new ProducerRecord<>(t.predictions, p.id(), serializer.serialize(t.predictions, p)));
            }
            producer.send(new ProducerRecord<>(t.deadLetters, null, "bad-1", new byte[] {1, 2},
                    List.of(new RecordHeader(RecordHeaders.REASON, RecordHeaders.utf8("undecodable")))));
            producer.send(new ProducerRecord<>(t.deadLetters, null, "bad-2", new byte[] {3},
                    List.of(new RecordHeader(RecordHeaders.REASON, RecordHeaders.utf8("wrong-raw-size")))));
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 50; i++) { // all wrong: would ruin the accuracy if read
                Prediction wrong = prediction("aborted-" + i, 1, 0, "v1", false, 5);
                producer.send(new ProducerRecord<>(t.predictions, wrong.id(), serializer.serialize(t.predictions, wrong)));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    @Test
    void score_prints_the_right_accuracy_matrix_latency_and_breakdowns_and_writes_png_and_submission()
            throws IOException {
        Topics t = Topics.create();
        writeKnown(t);
        Path png = dir.resolve("confusion.png");
        Path submission = dir.resolve("submission.csv");

        Cli cli = Cli.run(new ScoreCommand(), t.args("--expect", "107", "--timeout", "60s",
                "--confusion", png.toString(), "--kaggle-submission", submission.toString()));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        String out = cli.out();
        assertThat(out).contains("records         105 predictions, 2 dead letters (expected 107)");
        assertThat(out).contains("accuracy        93.00% (93 of 100 labelled predictions)");
        assertThat(out).contains("low confidence  4 (3.81% of predictions)");
        assertThat(out).contains("dead letters    2 (undecodable 1, wrong-raw-size 1)");
        // latencies 1..100 ms and five more of 50 ms: nearest-rank p50, p90, p95, p99 of 105 values are the 53rd, 95th, 100th, 104th
        assertThat(out).contains("latency ms      p50 50  p90 90  p95 95  p99 99  max 100");
        assertThat(out).containsPattern("v1 +60 +60 +88\\.33% +3 +30 +60\n");  // all 7 wrong ones (i < 50) are v1's
        assertThat(out).containsPattern("v2 +45 +40 +100\\.00% +1 +78 +100\n");
        assertThat(out).contains("true\\pred");
        // the row of true 3s: five right, five predicted as 8; of true 5s, two as 6
        String row3 = out.lines().filter(l -> l.matches("\\s+3\\s+\\..*")).findFirst().orElseThrow();
        assertThat(row3.trim().split("\\s+")).containsExactly("3", ".", ".", ".", "5", ".", ".", ".", ".", "5", ".", "0.5000");
        String row5 = out.lines().filter(l -> l.matches("\\s+5\\s+\\..*")).findFirst().orElseThrow();
        assertThat(row5.trim().split("\\s+")).containsExactly("5", ".", ".", ".", ".", ".", "8", "2", ".", ".", ".", "0.8000");
        assertThat(out).contains("accuracy 0.9300 (93 of 100)");

        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isGreaterThan(200);
        assertThat(Files.readAllLines(submission)).containsExactly(
                "ImageId,Label", "1,2", "2,7", "3,4", "4,9", "5,0");
        assertThat(out).contains("wrote Kaggle submission (5 rows) to " + submission);
    }

    /**
     * The seed's leaderboard path: an unlabelled Kaggle test CSV goes through {@code produce}; a
     * stand-in for the streams app answers each image record with its true MNIST digit; {@code score
     * --kaggle-submission} writes one row per image, ImageId ascending.
     */
    @Test
    void submission_from_a_produced_unlabelled_kaggle_csv_has_the_header_and_one_row_per_image() throws Exception {
        Topics t = Topics.create();
        String images = "kaggle-images-" + RUNS.get();
        kafka.createTopics(3, images);
        Path csv = KaggleCsvFiles.write(dir.resolve("test.csv"), 40, false);
        Cli produced = Cli.run(new ProduceCommand(), "--bootstrap", kafka.bootstrapServers(), "--topic", images,
                "--source", "csv:" + csv, "--no-progress");
        assertThat(produced.exitCode()).as(produced.err()).isZero();

        MnistDataset mnist = MnistPictures.test();
        Map<String, Integer> digitByPixels = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            digitByPixels.put(Arrays.toString(mnist.images()[i]), mnist.label(i));
        }
        var serializer = new PredictionSerde().serializer();
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            for (ConsumerRecord<String, byte[]> image : TopicReader.readAll(kafka.bootstrapServers(), images)) {
                assertThat(RecordHeaders.label(image.headers())).isEmpty();
                int digit = digitByPixels.get(Arrays.toString(image.value()));
                Prediction p = prediction(image.key(), digit, null, "v1", false, 10);
                producer.send(new ProducerRecord<>(t.predictions, p.id(), serializer.serialize(t.predictions, p)));
            }
            producer.commitTransaction();
        }
        Path submission = dir.resolve("out/submission.csv");

        Cli cli = Cli.run(new ScoreCommand(), t.args("--expect", "40", "--timeout", "60s",
                "--kaggle-submission", submission.toString()));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("accuracy        n/a: no labelled predictions");
        List<String> lines = Files.readAllLines(submission);
        assertThat(lines).hasSize(41);
        assertThat(lines.get(0)).isEqualTo("ImageId,Label");
        for (int i = 0; i < 40; i++) {
            assertThat(lines.get(i + 1)).isEqualTo((i + 1) + "," + mnist.label(i));
        }
    }

    @Test
    void on_a_log_append_time_topic_score_also_shows_when_predictions_were_written() {
        int n = RUNS.incrementAndGet();
        Topics t = new Topics("appended-predictions-" + n, "appended-dead-letters-" + n);
        kafka.createTopics(List.of(
                new NewTopic(t.predictions(), 2, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")),
                new NewTopic(t.deadLetters(), 2, (short) 1)));
        writeKnown(t); // inputTimestamp T0 (2023): the broker's append time is now, years later

        Cli cli = Cli.run(new ScoreCommand(), t.args("--expect", "107", "--timeout", "60s"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("(prediction written to the topic - input record timestamp, LogAppendTime, "
                + "105 predictions)");
    }

    @Test
    void without_expect_score_reads_to_the_current_end_and_stops() {
        Topics t = Topics.create();
        writeKnown(t);

        Cli cli = Cli.run(new ScoreCommand(), t.args());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("records         105 predictions, 2 dead letters\n");
    }

    @Test
    void timeout_before_the_expected_count_exits_1_and_still_reports() {
        Topics t = Topics.create();
        writeKnown(t);

        Cli cli = Cli.run(new ScoreCommand(), t.args("--expect", "200", "--timeout", "2s"));

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains("105 predictions, 2 dead letters (expected 200, timed out)");
        assertThat(cli.err()).contains("score: timed out after 2 s with 107 records of 200 expected");
    }

    @Test
    void a_missing_predictions_topic_is_one_line_and_exit_1() {
        Cli cli = Cli.run(new ScoreCommand(), "--bootstrap", kafka.bootstrapServers(), "--topic", "nothing-here",
                "--no-progress");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err().strip()).isEqualTo("score: topic nothing-here does not exist on Kafka at "
                + kafka.bootstrapServers());
    }

    @Test
    void the_scorer_waits_for_topics_that_do_not_exist_yet_and_reports_in_process() throws Exception {
        int n = RUNS.incrementAndGet();
        Topics t = new Topics("late-predictions-" + n, "late-dead-letters-" + n);
        KafkaClients client = new KafkaClients(kafka.bootstrapServers(), new Properties());
        PredictionScorer scorer = new PredictionScorer(client, new ScoreOptions(t.predictions(), t.deadLetters(),
                OptionalLong.of(107), Optional.of(Duration.ofSeconds(60))));

        CompletableFuture<ScoreReport> report = CompletableFuture.supplyAsync(() -> scorer.score(ScoreListener.SILENT));
        Thread.sleep(1500);
        kafka.createTopics(2, t.predictions(), t.deadLetters());
        writeKnown(t);

        ScoreReport r = report.get();
        assertThat(r.timedOut()).isFalse();
        assertThat(r.predictions()).isEqualTo(105);
        assertThat(r.deadLetters()).isEqualTo(2);
        assertThat(r.accuracy()).isEqualTo(0.93);
        assertThat(r.deadLetterReasons()).isEqualTo(Map.of("undecodable", 1L, "wrong-raw-size", 1L));
        assertThat(r.models()).extracting(m -> m.model() + "=" + m.predictions()).containsExactly("v1=60", "v2=45");
        assertThat(r.csvDigits().get("test.csv")).containsEntry(1, 2).hasSize(5);
        assertThat(r.confusion().count(3, 8)).isEqualTo(5);
    }
}
