package io.digits.bench;

import io.digits.core.kafka.KafkaClients;
import io.digits.core.record.Prediction;
import io.digits.mnist.MnistDataset;
import io.digits.producer.score.Percentiles;
import io.digits.producer.score.PredictionScorer;
import io.digits.producer.score.ScoreListener;
import io.digits.producer.score.ScoreOptions;
import io.digits.producer.score.ScoreReport;
import io.digits.producer.send.DatasetFeed;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProduceListener;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProducerSettings;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.IdxSource;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One measured pass of images through a classifier reading from Kafka (ours or the Python peer): sending with
 * the product's producer, reading back with the product's scorer, every record accounted for.
 */
final class PipelineRun {
    /**
     * How a pass went: records in and out, the span of prediction times, and the end-to-end latency of the
     * images sent once the pipeline was warm.
     *
     * @param latency    input record timestamp to the moment a {@code read_committed} reader had the prediction
     * @param classified input record timestamp to the prediction's {@code predictedAt} (the part before the commit)
     * @param serviceCpuSeconds CPU the service's threads used from the first prediction read to the last
     *                   (NaN when not measured)
     */
    record Outcome(long sent, ScoreReport score, long firstPredictedAt, long lastPredictedAt, Percentiles latency,
                   Percentiles classified, double serviceCpuSeconds) {

        /** Every record sent came back as a prediction or a dead letter. */
        boolean accountedFor() {
            return score.predictions() + score.deadLetters() == sent && !score.timedOut();
        }

        /** Predictions per second between the first and the last one (the drain rate of a backlog). */
        double drainRate() {
            double seconds = (lastPredictedAt - firstPredictedAt) / 1000.0;
            return seconds > 0 ? (score.predictions() - 1) / seconds : Double.NaN;
        }

        /** The service's CPU seconds per image over the same span as {@link #drainRate()}. */
        double serviceCpuPerImage() {
            return serviceCpuSeconds / (score.predictions() - 1);
        }
    }

    private PipelineRun() {
    }

    /**
     * Sends the first {@code count} images of {@code images}, at {@code rate} per second or full speed, and
     * returns how many records the topic then holds: the number every run must account for. (The product's
     * producer settings, without linger when paced, but not idempotent: on a starved machine an idempotent producer can wedge in
     * OUT_OF_ORDER_SEQUENCE retries; a rare duplicate from a retry is counted, since the topic is counted.)
     */
    static long send(KafkaClients clients, String topic, MnistDataset images, long count, OptionalDouble rate)
            throws IOException, InterruptedException {
        Map<String, String> forced = new HashMap<>(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "digits-bench-producer",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"));
        if (rate.isPresent()) {
            // a paced stream measures latency from each record's timestamp: send it at once, so the harness's own
            // batching (the tuned 20 ms linger, made for bulk sends) is not counted as the pipeline's latency
            forced.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        }
        DatasetFeed.send(clients, forced, topic, images, new ProducePlan(count, Optional.empty(), true, rate),
                ProduceListener.SILENT, List.of());
        return recordsIn(clients, topic);
    }

    private static long recordsIn(KafkaClients clients, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.assignedConsumer(Map.of(), Map.of(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Reads predictions (and dead letters) until {@code expected} came or the timeout passed. */
    static PredictionScorer scorer(KafkaClients clients, String predictions, String deadLetters, long expected, Duration timeout) {
        return new PredictionScorer(clients, new ScoreOptions(predictions, deadLetters, OptionalLong.of(expected),
                Optional.of(timeout)));
    }

    /**
     * Scores with a listener that notes the first and last prediction times, the latency of every image and the
     * CPU {@code serviceCpu} (seconds used so far) reports between the first and the last prediction.
     */
    static Outcome score(PredictionScorer scorer, long sent, DoubleSupplier serviceCpu) {
        return score(scorer, sent, Long.MIN_VALUE, serviceCpu);
    }

    /**
     * Scores with a listener that notes the first and last prediction times, and the latencies of the images
     * sent at or after {@code warmFrom} (epoch ms): the first seconds of a fresh service (JIT compilation, the
     * engine's first batches, the group settling) are its start-up, not its latency at that load.
     */
    static Outcome score(PredictionScorer scorer, long sent, long warmFrom) {
        return score(scorer, sent, warmFrom, () -> Double.NaN);
    }

    private static Outcome score(PredictionScorer scorer, long sent, long warmFrom, DoubleSupplier serviceCpu) {
        double[] cpu = {Double.NaN, Double.NaN};
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        long[] latency = new long[(int) Math.min(sent, Integer.MAX_VALUE - 8)];
        long[] classified = new long[latency.length];
        AtomicInteger measured = new AtomicInteger();
        ScoreReport report = scorer.score(new ScoreListener() {
            @Override
            public void prediction(Prediction prediction) {
                long now = System.currentTimeMillis();
                if (Double.isNaN(cpu[0])) {
                    cpu[0] = serviceCpu.getAsDouble();
                }
                first.accumulateAndGet(prediction.predictedAt(), Math::min);
                last.accumulateAndGet(prediction.predictedAt(), Math::max);
                if (prediction.inputTimestamp() >= warmFrom && measured.get() < latency.length) {
                    int i = measured.getAndIncrement();
                    latency[i] = now - prediction.inputTimestamp();
                    classified[i] = prediction.predictedAt() - prediction.inputTimestamp();
                }
            }
        });
        cpu[1] = serviceCpu.getAsDouble(); // the scorer returns as soon as the last record came
        return new Outcome(sent, report, first.get(), last.get(), Percentiles.of(latency, measured.get()),
                Percentiles.of(classified, measured.get()), cpu[1] - cpu[0]);
    }
}
