package io.digits.command;

import io.digits.core.Topics;
import io.digits.core.kafka.TopicLayout;
import picocli.CommandLine.Option;

/**
 * The {@code --partitions} and {@code --replication-factor} options of every command that creates its topics when
 * they are missing (a picocli mixin): the flag, else {@code DIGITS_PARTITIONS} / {@code DIGITS_REPLICATION_FACTOR},
 * else {@value Topics#DEFAULT_PARTITIONS} partitions and the broker's default replication.
 */
public final class TopicOptions {
    @Option(names = "--partitions", paramLabel = "N", defaultValue = "${env:DIGITS_PARTITIONS:-" + Topics.DEFAULT_PARTITIONS + "}",
            description = "Partitions of a topic created because it is missing (env DIGITS_PARTITIONS; default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "${env:DIGITS_REPLICATION_FACTOR}",
            description = "Replication of a topic created because it is missing (env DIGITS_REPLICATION_FACTOR; default: the broker's).")
    Short replicationFactor;

    public int partitions() {
        return partitions;
    }

    /** The replication factor, or null for the broker's default. */
    public Short replicationFactor() {
        return replicationFactor;
    }

    /**
     * The layout these options describe.
     *
     * @throws CommandLines.UsageError when a value is below 1
     */
    public TopicLayout layout() {
        try {
            return new TopicLayout(partitions, replicationFactor);
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UsageError(e.getMessage());
        }
    }
}
