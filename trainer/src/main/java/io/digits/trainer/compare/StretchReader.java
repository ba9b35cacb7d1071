package io.digits.trainer.compare;

import io.digits.core.kafka.KafkaClients;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@link OffsetRange}s of a topic as a bystander: a consumer that assigns its partitions itself, in no consumer
 * group and committing nothing, read_committed (only what the producers committed, as the service sees it). Reads
 * each range to its end, or until {@code maxRecords} records in all, and hands every record to a sink in the order
 * the consumer delivers them.
 */
public final class StretchReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration timeout;

    public StretchReader(KafkaClients clients, String topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        this.consumer = clients.assignedConsumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500"), Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis())),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The topic's partitions, as the cluster reports them (an empty list when it has none). */
    public List<Integer> partitions() {
        var infos = consumer.partitionsFor(topic, timeout);
        return infos == null ? List.of() : infos.stream().map(p -> p.partition()).sorted().toList();
    }

    /** {@code selection} resolved against the topic as it is now. */
    public List<OffsetRange> resolve(StretchSelection selection) {
        return selection.resolve(consumer, topic, partitions(), timeout);
    }

    /**
     * Reads {@code ranges} into {@code sink}.
     *
     * @param maxRecords the most records in all ({@code Long.MAX_VALUE} for no bound)
     * @return how many records were read
     * @throws IOException when no record came for {@code timeout} while some range was unfinished
     */
    public long read(List<OffsetRange> ranges, long maxRecords, Consumer<ConsumerRecord<String, byte[]>> sink)
            throws IOException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (OffsetRange r : ranges) {
            if (r.offsets() > 0) {
                ends.put(new TopicPartition(topic, r.partition()), r.to());
            }
        }
        consumer.assign(ends.keySet());
        for (OffsetRange r : ranges) {
            if (r.offsets() > 0) {
                consumer.seek(new TopicPartition(topic, r.partition()), r.from());
            }
        }
        long read = 0;
        long lastProgress = System.nanoTime();
        while (!ends.isEmpty() && read < maxRecords) {
            boolean progressed = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                if (end != null && record.offset() < end && read < maxRecords) {
                    sink.accept(record);
                    read++;
                    progressed = true;
                }
            }
            for (var it = ends.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (consumer.position(e.getKey(), timeout) >= e.getValue()) {
                    consumer.pause(List.of(e.getKey()));
                    it.remove();
                    progressed = true;
                }
            }
            if (progressed) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new IOException("no records from " + topic + " for " + timeout.toSeconds() + " s with "
                        + ends.keySet().stream().map(tp -> "partition " + tp.partition()).toList()
                        + " unfinished (read " + read + ")");
            }
        }
        return read;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
