package io.digits.core.kafka;

import io.digits.core.Topics;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Partitions and replication of the topics a command creates because they are missing.
 *
 * @param partitions        at least 1
 * @param replicationFactor at least 1, or null for the broker's default
 */
public record TopicLayout(int partitions, Short replicationFactor) {
    /** {@link Topics#DEFAULT_PARTITIONS} partitions, the broker's replication. */
    public static final TopicLayout DEFAULT = new TopicLayout(Topics.DEFAULT_PARTITIONS, null);

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
    }

    /** The same replication with another number of partitions. */
    public TopicLayout withPartitions(int n) {
        return new TopicLayout(n, replicationFactor);
    }

    /** {@code name} with this layout, to give {@link TopicCreation#createMissing}. */
    public NewTopic newTopic(String name) {
        return new NewTopic(name, Optional.of(partitions), Optional.ofNullable(replicationFactor));
    }

    /** For a log line: "6 partitions, replication broker default". */
    public String describe() {
        return partitions + (partitions == 1 ? " partition" : " partitions") + ", replication "
                + (replicationFactor == null ? "broker default" : replicationFactor.toString());
    }
}
