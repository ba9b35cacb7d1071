package io.digits.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.Topics;
import io.digits.core.record.RecordHeaders;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import io.digits.producer.source.KaggleCsvFiles;
import io.digits.producer.source.MnistPictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code digits produce} against a real in-process broker: every source kind and every bad input. */
@Timeout(120)
class ProduceIT {
    private static final AtomicInteger TOPICS = new AtomicInteger();
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

    private static String newTopic() {
        String topic = "images-" + TOPICS.incrementAndGet();
        kafka.createTopics(3, topic);
        return topic;
    }

    private static Cli produce(String topic, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 5);
        System.arraycopy(new String[] {"--bootstrap", kafka.bootstrapServers(), "--topic", topic, "--no-progress"}, 0,
                all, args.length, 5);
        return Cli.run(new ProduceCommand(), all);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return RecordHeaders.text(r.headers(), name).orElse(null);
    }

    @Test
    void a_thousand_mnist_images_arrive_exactly_once_with_their_headers() {
        String topic = newTopic();

        Cli cli = produce(topic, "--source", "mnist-test", "--limit", "1000", "--labels");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("sent 1000 images to " + topic).contains("failed 0");
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertThat(records).hasSize(1000);
        Map<String, ConsumerRecord<String, byte[]>> byKey = records.stream()
                .collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
        assertThat(byKey).hasSize(1000);
        MnistDataset mnist = MnistPictures.test();
        for (int i = 0; i < 1000; i++) {
            ConsumerRecord<String, byte[]> r = byKey.get(String.format("mnist-test-%05d", i));
            assertThat(r).as("image %d", i).isNotNull();
            assertThat(r.value()).isEqualTo(mnist.images()[i]);
            assertThat(header(r, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/x-mnist-784");
            assertThat(header(r, RecordHeaders.LABEL)).isEqualTo(Integer.toString(mnist.label(i)));
        }
    }

    @Test
    void without_labels_flag_no_label_header_is_sent() {
        String topic = newTopic();

        Cli cli = produce(topic, "--source", "mnist-test", "--limit", "20");

        assertThat(cli.exitCode()).isZero();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertThat(records).hasSize(20).allSatisfy(r -> {
            assertThat(header(r, RecordHeaders.LABEL)).isNull();
            assertThat(header(r, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/x-mnist-784");
        });
    }

    @Test
    void idx_file_source_keys_by_file_name() {
        String topic = newTopic();
        Path images = MnistFiles.defaultLocation().folder().resolve(MnistFiles.TEST_IMAGES);

        Cli cli = produce(topic, "--source", "idx:" + images, "--limit", "5", "--labels");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), topic))
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("t10k-images-idx3-ubyte-00000", "t10k-images-idx3-ubyte-00001",
                        "t10k-images-idx3-ubyte-00002", "t10k-images-idx3-ubyte-00003", "t10k-images-idx3-ubyte-00004");
    }

    @Test
    void image_files_arrive_with_path_keys_content_types_and_labels() throws IOException {
        String topic = newTopic();
        Path png = MnistPictures.write(0, dir.resolve("7/first.png"), "png");
        Path jpg = MnistPictures.write(1, dir.resolve("2_second.jpg"), "jpg");

        Cli cli = produce(topic, "--source", "images:" + dir, "--labels");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        Map<String, ConsumerRecord<String, byte[]>> byKey = TopicReader.readAll(kafka.bootstrapServers(), topic)
                .stream().collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
        assertThat(byKey).containsOnlyKeys(png.toString(), jpg.toString());
        assertThat(byKey.get(png.toString()).value()).isEqualTo(Files.readAllBytes(png));
        assertThat(header(byKey.get(png.toString()), RecordHeaders.CONTENT_TYPE)).isEqualTo("image/png");
        assertThat(header(byKey.get(png.toString()), RecordHeaders.LABEL)).isEqualTo("7");
        assertThat(header(byKey.get(jpg.toString()), RecordHeaders.CONTENT_TYPE)).isEqualTo("image/jpeg");
        assertThat(header(byKey.get(jpg.toString()), RecordHeaders.LABEL)).isEqualTo("2");
    }

    @Test
    void unreadable_image_files_are_warned_about_counted_skipped_and_fail_the_exit_code() throws IOException {
        String topic = newTopic();
        Path good = MnistPictures.write(0, dir.resolve("good.png"), "png");
        Files.createSymbolicLink(dir.resolve("broken.png"), dir.resolve("gone.png"));
        Files.createFile(dir.resolve("empty.gif"));

        Cli cli = produce(topic, "--source", "images:" + dir);

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("warning: " + dir.resolve("broken.png") + ": cannot read: no such file")
                .contains("warning: " + dir.resolve("empty.gif") + ": empty file (skipped)");
        assertThat(cli.err().lines().filter(l -> l.startsWith("warning:"))).hasSize(2);
        assertThat(cli.out()).contains("sent 1 images").contains("failed 2 (2 bad inputs, 0 send errors)");
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), topic)).extracting(ConsumerRecord::key)
                .containsExactly(good.toString());
    }

    @Test
    void kaggle_csv_rows_arrive_keyed_by_image_id_and_bad_rows_are_warned_about_with_file_and_line()
            throws IOException {
        String topic = newTopic();
        String tooMany = "0,".repeat(785) + "0";
        String outOfRange = "0,".repeat(784) + "300";
        Path csv = KaggleCsvFiles.write(dir.resolve("train.csv"), 10, true, Map.of(3, tooMany, 7, outOfRange));

        Cli cli = produce(topic, "--source", "csv:" + csv, "--labels");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err().lines().filter(l -> l.startsWith("warning:")).toList()).containsExactly(
                "warning: train.csv line 4: expected 785 fields, got 786 (skipped)",
                "warning: train.csv line 8: pixel783 is 300, not in 0..255 (skipped)");
        assertThat(cli.out()).contains("sent 8 images").contains("failed 2 (2 bad inputs, 0 send errors)");
        Map<String, ConsumerRecord<String, byte[]>> byKey = TopicReader.readAll(kafka.bootstrapServers(), topic)
                .stream().collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
        assertThat(byKey).containsOnlyKeys("train.csv:1", "train.csv:2", "train.csv:4", "train.csv:5", "train.csv:6",
                "train.csv:8", "train.csv:9", "train.csv:10");
        MnistDataset mnist = MnistPictures.test();
        ConsumerRecord<String, byte[]> fifth = byKey.get("train.csv:5");
        assertThat(fifth.value()).isEqualTo(mnist.images()[4]);
        assertThat(header(fifth, RecordHeaders.LABEL)).isEqualTo(Integer.toString(mnist.label(4)));
        assertThat(header(fifth, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/x-mnist-784");
    }

    @Test
    void a_file_that_is_not_an_image_is_a_bad_input() throws IOException {
        String topic = newTopic();
        Files.writeString(dir.resolve("fake.png"), "this is text, not a PNG");
        MnistPictures.write(0, dir.resolve("real.png"), "png");

        Cli cli = produce(topic, "--source", "images:" + dir + "/*.png");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("warning: " + dir.resolve("fake.png")
                + ": not an image (no PNG, JPEG, GIF or BMP signature) (skipped)");
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), topic)).extracting(ConsumerRecord::key)
                .containsExactly(dir.resolve("real.png").toString());
    }

    @Test
    void loop_sends_the_source_again_with_the_same_keys_until_the_limit() {
        String topic = newTopic();

        Cli cli = produce(topic, "--source", "mnist-test", "--limit", "25", "--loop", "--rate", "1000");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("sent 25 images");
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertThat(records).hasSize(25);
    }

    @Test
    void loop_over_a_small_source_repeats_keys_and_duration_ends_the_run() throws IOException {
        String topic = newTopic();
        MnistPictures.write(0, dir.resolve("a.png"), "png");
        MnistPictures.write(1, dir.resolve("b.png"), "png");

        Cli cli = produce(topic, "--source", "images:" + dir, "--loop", "--duration", "1s", "--rate", "50");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), topic);
        assertThat(records.size()).isGreaterThan(2);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(dir.resolve("a.png").toString(),
                dir.resolve("b.png").toString());
        assertThat(cli.out()).contains("target rate 50.0/s").contains("full passes");
    }

    @Test
    void usage_errors_are_one_line_and_exit_2() {
        String topic = newTopic();
        assertThat(produce(topic, "--source", "nope").exitCode()).isEqualTo(2);
        Cli missing = produce(topic, "--source", "images:" + dir.resolve("none"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("no such file or folder");
        Cli duration = produce(topic, "--source", "mnist-test", "--duration", "5");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("'5' is not a duration");
    }

    @Test
    void a_broker_that_does_not_answer_is_one_line_and_exit_1() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli cli = Cli.run(new ProduceCommand(), "--bootstrap", "localhost:" + closedPort, "--source", "mnist-test",
                "--limit", "1", "--no-progress");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err().strip()).isEqualTo("produce: cannot reach Kafka at localhost:" + closedPort
                + " (no answer in 15 s; is it running?)");
    }

    @Test
    void a_missing_topic_is_created_with_the_partitions_serve_would_give_it() throws Exception {
        String topic = "fresh-" + TOPICS.incrementAndGet();

        Cli cli = produce(topic, "--source", "mnist-test", "--limit", "10");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("produce: created topic " + topic + " (" + Topics.DEFAULT_PARTITIONS
                + " partitions, replication broker default)");
        assertThat(partitions(topic)).isEqualTo(Topics.DEFAULT_PARTITIONS);
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), topic)).hasSize(10);

        Cli again = produce(topic, "--source", "mnist-test", "--limit", "1", "--partitions", "2");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("created topic");
        assertThat(partitions(topic)).isEqualTo(Topics.DEFAULT_PARTITIONS);
    }

    @Test
    void the_partitions_flag_sets_the_partitions_of_a_created_topic() throws Exception {
        String topic = "fresh-" + TOPICS.incrementAndGet();

        Cli cli = produce(topic, "--source", "mnist-test", "--limit", "3", "--partitions", "2", "--replication-factor", "1");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).contains("produce: created topic " + topic + " (2 partitions, replication 1)");
        assertThat(partitions(topic)).isEqualTo(2);
    }

    @Test
    void a_topic_that_cannot_be_created_is_one_line_naming_it_and_the_reason_and_exit_1() {
        String topic = "fresh-" + TOPICS.incrementAndGet();

        Cli cli = produce(topic, "--source", "mnist-test", "--limit", "1", "--replication-factor", "3");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err().strip()).doesNotContain("\n")
                .startsWith("produce: cannot create topic " + topic + ": ").contains("replication factor");
    }

    @Test
    void partitions_below_one_are_a_usage_error() {
        Cli cli = produce("fresh-" + TOPICS.incrementAndGet(), "--source", "mnist-test", "--partitions", "0");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("partitions must be at least 1, was 0");
    }

    private static int partitions(String topic) throws Exception {
        return kafka.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
}
