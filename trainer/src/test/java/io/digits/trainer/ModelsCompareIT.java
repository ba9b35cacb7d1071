package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.command.CommandLines;
import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.record.ContentType;
import io.digits.core.record.Json;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import io.digits.trainer.ModelsCommandIT.Run;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digits models compare} on a real KRaft broker with two really trained models: A, the {@link TestModels}
 * model, live on the models topic; B, a weaker one trained here (one epoch on 3,000 images, another seed), found in the
 * local registry only. The images topic holds real MNIST test digits, raw and as PNG, labelled and not, a few
 * records the service would refuse and an aborted transaction. Every figure is checked against classifying the same
 * committed records directly.
 */
class ModelsCompareIT {
    private static final String MODELS = "models-compare";
    private static final String IMAGES = "images-compare";
    /** Partition 0: 300 raw labelled digits with 3 bad records among them; partition 1: 200 PNGs, every 10th unlabelled. */
    private static final int RAW = 300;
    private static final int PNGS = 200;
    /**
     * The first record's timestamp, an hour ago: a fixed date would age past the broker's 7-day retention, which then
     * deletes the records while the test runs (it did, ten days after the test was written).
     */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    private static EmbeddedKafka kafka;
    private static ModelArtifact a;
    private static ModelArtifact b;
    private static Path registryB;
    private static List<Sent> sent;

    /** A record as sent, with where it landed. */
    record Sent(int partition, long offset, byte[] value, String contentType, Integer label) {
    }

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = EmbeddedKafka.start();
        a = TestModels.trained();
        registryB = tmp.resolve("registry-b");
        b = new Trainer().run(TrainingOptions.builder(TrainingProfile.QUICK).epochs(1).batchSize(64).limit(3000)
                .seed(11).augment(false).evaluateOod(false).progress(false).registry(registryB).build()).artifact();
        KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), new Properties());
        ModelTopic models = new ModelTopic(clients, MODELS, Duration.ofSeconds(30));
        models.createIfMissing();
        models.publish(a, true);
        kafka.createTopics(2, IMAGES);
        MnistDataset test = MnistFiles.defaultLocation().test();
        sent = send(clients, test);
        sendAborted(clients, test);
    }

    /** Five more digits on partition 1 in a transaction that is aborted: read_committed must skip them. */
    private static void sendAborted(KafkaClients clients, MnistDataset test) {
        try (KafkaProducer<String, byte[]> producer = clients.producer(Map.of(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "models-compare-it-aborted"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(IMAGES, 1, T0.toEpochMilli() + (PNGS + i) * 1000L,
                        "aborted-" + i, test.images()[i]);
                r.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(test.label(i))));
                producer.send(r);
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    @AfterAll
    static void tearDown() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static List<Sent> send(KafkaClients clients, MnistDataset test) throws Exception {
        List<Sent> records = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = clients.producer(Map.of(), Map.of(ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RAW; i++) {
                byte[] value = test.images()[i];
                String type = ContentType.MNIST_784.mimeType();
                if (i == 40) {
                    value = new byte[0]; // empty
                } else if (i == 120) {
                    value = new byte[] {1, 2, 3}; // wrong-raw-size
                } else if (i == 200) {
                    type = "image/tiff"; // unknown-content-type
                }
                records.add(send(producer, 0, i, value, type, test.label(i)));
            }
            for (int i = 0; i < PNGS; i++) {
                int index = RAW + i;
                records.add(send(producer, 1, i, png(test.images()[index]), null, i % 10 == 0 ? null : test.label(index)));
            }
        }
        return records;
    }

    private static Sent send(KafkaProducer<String, byte[]> producer, int partition, int i, byte[] value, String type,
                             Integer label) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(IMAGES, partition, T0.toEpochMilli() + i * 1000L,
                "p" + partition + "-" + i, value);
        if (type != null) {
            r.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(type));
        }
        if (label != null) {
            r.headers().add(RecordHeaders.LABEL, RecordHeaders.utf8(Integer.toString(label)));
        }
        long offset = producer.send(r).get().offset();
        return new Sent(partition, offset, value, type, label);
    }

    /** A user's picture: the digit as dark ink on white, 56x56, PNG. */
    private static byte[] png(byte[] raw) throws Exception {
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                pixels[y * 56 + x] = (byte) (255 - (raw[(y / 2) * 28 + x / 2] & 0xFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static Run run(String... args) {
        return ModelsCommandIT.run(args);
    }

    private static Run compare(String... more) {
        List<String> args = new ArrayList<>(List.of("--no-progress"));
        args.addAll(List.of(more));
        return compareShowingProgress(args.toArray(String[]::new));
    }

    /** With the progress bar on the real stderr. */
    private static Run compareShowingProgress(String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "live", b.version(), "--bootstrap",
                kafka.bootstrapServers(), "--models-topic", MODELS, "--topic", IMAGES, "--registry",
                registryB.toString(), "--threads", "1"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** What the comparison must find, computed here by classifying the records directly with both models. */
    record Expected(long read, long classified, long rejected, long agreed, long labelled, long correctA,
                    long correctB, long onlyA, long onlyB) {
    }

    private static Expected expected(Predicate<Sent> selected) throws Exception {
        List<Sent> chosen = sent.stream().filter(selected).toList();
        MnistPreprocessor preprocessor = new MnistPreprocessor();
        long classified = 0, rejected = 0, agreed = 0, labelled = 0, correctA = 0, correctB = 0, onlyA = 0, onlyB = 0;
        try (LoadedModel la = LoadedModel.load(a); LoadedModel lb = LoadedModel.load(b);
             DigitClassifier ca = la.newClassifier(); DigitClassifier cb = lb.newClassifier()) {
            for (Sent s : chosen) {
                float[] input;
                try {
                    input = preprocessor.preprocess(s.value(), Optional.ofNullable(s.contentType()));
                } catch (ImageRejectedException e) {
                    rejected++;
                    continue;
                }
                classified++;
                int da = DigitClassifier.argmax(ca.classify(input));
                int db = DigitClassifier.argmax(cb.classify(input));
                agreed += da == db ? 1 : 0;
                if (s.label() != null) {
                    labelled++;
                    correctA += da == s.label() ? 1 : 0;
                    correctB += db == s.label() ? 1 : 0;
                    onlyA += da == s.label() && db != s.label() ? 1 : 0;
                    onlyB += db == s.label() && da != s.label() ? 1 : 0;
                }
            }
        }
        return new Expected(chosen.size(), classified, rejected, agreed, labelled, correctA, correctB, onlyA, onlyB);
    }

    private static void assertFigures(JsonNode json, Expected e) {
        assertThat(json.get("read").asLong()).isEqualTo(e.read());
        assertThat(json.get("classified").asLong()).isEqualTo(e.classified());
        long rejected = 0;
        for (JsonNode n : json.get("rejected")) {
            rejected += n.asLong();
        }
        assertThat(rejected).isEqualTo(e.rejected());
        assertThat(json.get("agreed").asLong()).isEqualTo(e.agreed());
        assertThat(json.get("agreement").asDouble()).isEqualTo((double) e.agreed() / e.classified());
        assertThat(json.get("labelled").asLong()).isEqualTo(e.labelled());
        assertThat(json.at("/a/correct").asLong()).isEqualTo(e.correctA());
        assertThat(json.at("/b/correct").asLong()).isEqualTo(e.correctB());
        assertThat(json.at("/a/accuracy").asDouble()).isEqualTo((double) e.correctA() / e.labelled());
        assertThat(json.at("/mcNemar/onlyA").asLong()).isEqualTo(e.onlyA());
        assertThat(json.at("/mcNemar/onlyB").asLong()).isEqualTo(e.onlyB());
    }

    @Test
    void comparesAnOffsetRangeExactlyAndTouchesNoConsumerGroup() throws Exception {
        var groupsBefore = kafka.admin().listGroups().all().get();
        Path chart = Path.of("target", "models-compare", "diff.png"); // left there to look at

        Run json = compare("--from-offsets", "0:30,1:20", "--to-offsets", "0:250", "--chart", chart.toString(), "--json");

        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode doc = Json.mapper().readTree(json.out());
        assertThat(doc.at("/a/version").asText()).isEqualTo(a.version());
        assertThat(doc.at("/b/version").asText()).isEqualTo(b.version());
        assertThat(doc.get("ranges")).hasSize(2);
        assertThat(doc.at("/ranges/0/partition").asInt()).isZero();
        assertThat(doc.at("/ranges/0/from").asLong()).isEqualTo(30);
        assertThat(doc.at("/ranges/0/to").asLong()).isEqualTo(250);
        assertThat(doc.at("/ranges/1/from").asLong()).isEqualTo(20);
        // the end of partition 1 lies past the aborted transaction (its records and marker), which is not read
        assertThat(doc.at("/ranges/1/to").asLong()).isEqualTo(PNGS + 5 + 1);
        Expected e = expected(s -> s.partition() == 0 ? s.offset() >= 30 && s.offset() < 250 : s.offset() >= 20);
        assertThat(e.read()).isEqualTo(220 + 180);
        assertFigures(doc, e);
        assertThat(doc.get("rejected").toString())
                .isEqualTo("{\"empty\":1,\"unknown-content-type\":1,\"wrong-raw-size\":1}");
        assertThat(doc.at("/a/accuracy95/0").asDouble()).isLessThan(doc.at("/a/accuracy").asDouble());
        assertThat(doc.at("/a/recall")).hasSize(10);
        assertThat(doc.at("/mcNemar/pValue").asDouble()).isBetween(0.0, 1.0);

        BufferedImage png = ImageIO.read(chart.toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(740);
        assertThat(doc.get("chart").asText()).isEqualTo(chart.toString());

        // a bystander: no consumer group appeared, and the images topic is as it was
        assertThat(groupsBefore).isEmpty();
        assertThat(kafka.admin().listGroups().all().get()).isEmpty();

        // the same as text, kept for the README's example
        Run text = compare("--from-offsets", "0:30,1:20", "--to-offsets", "0:250", "--chart", chart.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("model digits: A " + a.version() + " against B " + b.version() + " on " + IMAGES)
                .contains(String.format(java.util.Locale.ROOT, "agreement:   %.2f%% (%d of %d)",
                        100.0 * e.agreed() / e.classified(), e.agreed(), e.classified()))
                .contains("rejected 3 {empty=1, unknown-content-type=1, wrong-raw-size=1}")
                .contains("McNemar:", "recall", "chart:       " + chart);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "models-compare-example.txt"), text.out());
    }

    @Test
    void maxRecordsAndFromTimeBoundTheStretch() throws Exception {
        Run max = compare("--from-offsets", "0:0", "--max-records", "30", "--json");
        assertThat(max.exit()).as(max.err()).isZero();
        assertFigures(Json.mapper().readTree(max.out()), expected(s -> s.partition() == 0 && s.offset() < 30));

        // every record of both partitions stamped at or after T0 + 150 s: offsets 150 on
        Run time = compareShowingProgress("--from-time", T0.plusSeconds(150).toString(), "--json");
        assertThat(time.exit()).as(time.err()).isZero();
        JsonNode doc = Json.mapper().readTree(time.out());
        assertThat(doc.at("/ranges/0/from").asLong()).isEqualTo(150);
        assertThat(doc.at("/ranges/1/from").asLong()).isEqualTo(150);
        assertFigures(doc, expected(s -> s.offset() >= 150));
    }

    @Test
    void badInputIsOneLineAndTheRightExitCode() {
        Run spec = compare("--from-offsets", "0:x");
        assertThat(spec.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(spec.err().lines().toList()).hasSize(1);
        assertThat(spec.err()).contains("offset 'x' in '0:x' is not a whole number of 0 or more");

        Run partition = compare("--from-offsets", "0:0,7:0");
        assertThat(partition.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(partition.err().lines().toList()).containsExactly("models compare: --from-offsets names partition 7,"
                + " but topic " + IMAGES + " has partitions 0..1 (see models compare --help)");

        Run max = compare("--max-records", "0");
        assertThat(max.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(max.err().lines().toList()).hasSize(1);

        Run time = compare("--from-time", "yesterday");
        assertThat(time.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(time.err().lines().toList()).hasSize(1);

        Run unknown = run("compare", "live", "19990101-000000", "--bootstrap", kafka.bootstrapServers(),
                "--models-topic", MODELS, "--topic", IMAGES, "--registry", registryB.toString());
        assertThat(unknown.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(unknown.err().lines().toList()).containsExactly("models compare: no version 19990101-000000 of"
                + " model digits on " + MODELS + " nor in " + registryB);

        Run topic = run("compare", "live", b.version(), "--bootstrap", kafka.bootstrapServers(), "--models-topic", MODELS,
                "--topic", "no-such-images", "--registry", registryB.toString());
        assertThat(topic.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(topic.err().lines().toList()).hasSize(1);
        assertThat(topic.err()).contains("topic no-such-images does not exist");

        Run unreachable = run("compare", "A", "B", "--bootstrap", "localhost:1", "--timeout", "PT3S");
        assertThat(unreachable.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(unreachable.err().lines().toList()).hasSize(1);
        assertThat(unreachable.err()).startsWith("models compare: cannot reach Kafka at localhost:1");

        Run missing = run("compare", "A");
        assertThat(missing.exit()).isEqualTo(CommandLines.USAGE_ERROR);
    }
}
