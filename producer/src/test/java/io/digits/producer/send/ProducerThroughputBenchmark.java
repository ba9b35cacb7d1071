package io.digits.producer.send;

import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistFiles;
import io.digits.producer.source.IdxSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/**
 * Producer throughput to a real broker for several compression and batching settings, measured
 * through the real send path ({@link ImageSender}, {@link IdxSource}). Not a test: it asserts nothing
 * and runs only when named:
 * <pre>
 * ./mvnw -B -q -pl producer -am test -Dtest=ProducerThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Each setting sends the first {@code IMAGES} MNIST training images to a fresh 3-partition topic;
 * the settings take turns for {@code ROUNDS} rounds (so machine noise hits all alike) and the table
 * shows medians. Baseline: Kafka's defaults with idempotence and acks=all. The broker runs in the same
 * JVM on the same cores, as in the demo. Results go to {@code producer/target/producer-benchmark.txt}.
 */
class ProducerThroughputBenchmark {
    static final int IMAGES = Integer.getInteger("benchmark.images", 30_000);
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

    record Setting(String name, String compression, int lingerMs, int batchSize) {
        Properties apply(Properties base) {
            Properties p = new Properties();
            p.putAll(base);
            p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
            p.setProperty(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
            p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize));
            return p;
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("baseline (defaults)", "none", 5, 16_384),
            new Setting("none, 10 ms, 128 KiB", "none", 10, 131_072),
            new Setting("lz4, 10 ms, 128 KiB", "lz4", 10, 131_072),
            new Setting("zstd, 10 ms, 128 KiB", "zstd", 10, 131_072),
            new Setting("snappy, 10 ms, 128 KiB", "snappy", 10, 131_072),
            new Setting("gzip, 10 ms, 128 KiB", "gzip", 10, 131_072),
            new Setting("lz4, 5 ms, 16 KiB", "lz4", 5, 16_384),
            new Setting("lz4, 20 ms, 256 KiB", "lz4", 20, 262_144));

    @Test
    void measure() throws Exception {
        IdxSource source = new IdxSource(MnistFiles.defaultLocation().train().limit(IMAGES));
        Map<Setting, List<double[]>> results = new LinkedHashMap<>();
        SETTINGS.forEach(s -> results.put(s, new ArrayList<>()));
        int topic = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Properties base = ProducerSettings.tuned();
            base.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            run(kafka, source, SETTINGS.get(0).apply(base), "warmup"); // JIT and broker warm-up, not counted
            for (int round = 0; round < ROUNDS; round++) {
                for (Setting s : SETTINGS) {
                    results.get(s).add(run(kafka, source, s.apply(base), "bench-" + topic++));
                }
            }
        }
        report(results);
    }

    /**
     * Sends the source once; returns {images/s, compression ratio, average batch bytes, images per
     * CPU-second}. CPU time is the whole JVM's (producer and broker), so it is the full cost of
     * ingesting, and it is steadier than wall time on a machine shared with other work.
     */
    private static double[] run(EmbeddedKafka kafka, IdxSource source, Properties props, String topic)
            throws IOException, InterruptedException {
        kafka.createTopics(3, topic);
        awaitLeaders(props, topic);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic);
            long cpuBefore = processCpuNanos();
            ProduceSummary summary = new ImageSender(producer, topic, true, Ticker.SYSTEM)
                    .send(source, ProducePlan.once(), ProduceListener.SILENT);
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            if (summary.sent() != source.size().getAsLong()) { // the +1 per partition is the warm-up
                throw new IllegalStateException("sent " + summary.sent() + " of " + source.size().getAsLong());
            }
            return new double[] {summary.imagesPerSecond(), metric(producer, "compression-rate-avg"),
                    metric(producer, "batch-size-avg"), summary.sent() / cpuSeconds};
        } finally {
            kafka.admin().deleteTopics(List.of(topic)).all();
        }
    }

    /**
     * Sends one record to each partition and waits for it: a broker may answer NOT_LEADER for a moment
     * after a topic is created, and we time sending, not topic creation.
     */
    private static void awaitLeaders(Properties props, String topic) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (var partition : producer.partitionsFor(topic)) {
                producer.send(new ProducerRecord<>(topic, partition.partition(), "warm-up", new byte[0])).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("topic " + topic + " did not become writable", e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return Double.NaN;
    }

    private static void report(Map<Setting, List<double[]>> results) throws IOException {
        double baseline = median(results.values().iterator().next(), 0);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "producer throughput, %d MNIST images (784 B raw) per run, %d rounds, medians; %d cores, Java %s%n",
                IMAGES, ROUNDS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        double baselineCpu = median(results.values().iterator().next(), 3);
        out.append(String.format(Locale.ROOT, "%-24s %10s %8s %12s %8s %11s %10s %s%n", "setting", "images/s", "vs base",
                "img/CPU-s", "vs base", "compressed", "batch B", "all runs (images/s)"));
        for (Map.Entry<Setting, List<double[]>> e : results.entrySet()) {
            List<double[]> runs = e.getValue();
            double rate = median(runs, 0);
            double perCpu = median(runs, 3);
            out.append(String.format(Locale.ROOT, "%-24s %10.0f %7.2fx %12.0f %7.2fx %10.0f%% %10.0f %s%n",
                    e.getKey().name(), rate, rate / baseline, perCpu, perCpu / baselineCpu, 100 * median(runs, 1),
                    median(runs, 2),
                    runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r[0])).toList()));
        }
        System.out.print(out);
        Path file = Path.of("target", "producer-benchmark.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
