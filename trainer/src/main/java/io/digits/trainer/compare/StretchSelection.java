package io.digits.trainer.compare;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Which stretch of a topic to re-score, as the user chose it, and its resolution into an {@link OffsetRange} per
 * partition against the topic as it is when the command starts: it starts at the latest of the partition's first
 * offset, {@code --from-offsets} and the first offset at or after {@code --from-time}; it ends at the earlier of
 * {@code --to-offsets} (exclusive) and the partition's end offset at the start (under read_committed: its last stable
 * offset), so the read always terminates, whatever is written meanwhile. {@code --from-offsets} with
 * {@code partition:offset} pairs also chooses the partitions; otherwise every partition is read.
 *
 * @param from       start offsets, if given
 * @param fromTime   start time, if given
 * @param to         end offsets (exclusive), if given
 * @param maxRecords the most records to read over all partitions, if given
 */
public record StretchSelection(Optional<PartitionOffsets> from, Optional<Instant> fromTime,
                               Optional<PartitionOffsets> to, OptionalLong maxRecords) {

    public StretchSelection {
        if (maxRecords.isPresent() && maxRecords.getAsLong() < 1) {
            throw new IllegalArgumentException("--max-records must be at least 1, was " + maxRecords.getAsLong());
        }
    }

    /** Everything from the beginning of every partition up to its end now. */
    public static StretchSelection everything() {
        return new StretchSelection(Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
    }

    /**
     * The ranges to read of {@code topic}, whose partitions are {@code partitions}.
     *
     * @throws IllegalArgumentException one line, when the selection names a partition the topic does not have
     */
    public List<OffsetRange> resolve(Consumer<?, ?> consumer, String topic, List<Integer> partitions, Duration timeout) {
        TreeSet<Integer> existing = new TreeSet<>(partitions);
        TreeSet<Integer> chosen = new TreeSet<>(from.flatMap(PartitionOffsets::named).map(Map::keySet).orElse(existing));
        for (int p : chosen) {
            requirePartition(existing, p, topic, "--from-offsets");
        }
        to.flatMap(PartitionOffsets::named).ifPresent(named -> named.keySet().forEach(p -> {
            requirePartition(existing, p, topic, "--to-offsets");
            if (!chosen.contains(p)) {
                throw new IllegalArgumentException("--to-offsets names partition " + p + ", which --from-offsets does not read");
            }
        }));
        List<TopicPartition> tps = chosen.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> first = consumer.beginningOffsets(tps, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
        Map<TopicPartition, OffsetAndTimestamp> atTime = new HashMap<>();
        fromTime.ifPresent(t -> {
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, t.toEpochMilli()));
            atTime.putAll(consumer.offsetsForTimes(query, timeout));
        });
        List<OffsetRange> ranges = new ArrayList<>();
        for (TopicPartition tp : tps) {
            int p = tp.partition();
            long stop = Math.min(end.get(tp), to.flatMap(o -> boxed(o.offset(p))).orElse(Long.MAX_VALUE));
            long start = Math.max(first.get(tp), from.flatMap(o -> boxed(o.offset(p))).orElse(0L));
            if (fromTime.isPresent()) {
                OffsetAndTimestamp found = atTime.get(tp);
                start = Math.max(start, found == null ? end.get(tp) : found.offset());
            }
            ranges.add(new OffsetRange(p, Math.min(start, stop), stop));
        }
        return ranges;
    }

    private static void requirePartition(TreeSet<Integer> existing, int p, String topic, String option) {
        if (!existing.contains(p)) {
            throw new IllegalArgumentException(option + " names partition " + p + ", but topic " + topic + " has "
                    + (existing.isEmpty() ? "none" : "partitions " + existing.first() + ".." + existing.last()));
        }
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }
}
