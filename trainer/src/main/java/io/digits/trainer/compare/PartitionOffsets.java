package io.digits.trainer.compare;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An offset per partition as a user writes it: one number for every partition ({@code 100}), or
 * {@code partition:offset} pairs separated by commas ({@code 0:100,1:250}), which name the partitions too.
 */
public final class PartitionOffsets {
    private final Long everyPartition;
    private final Map<Integer, Long> perPartition;

    private PartitionOffsets(Long everyPartition, Map<Integer, Long> perPartition) {
        this.everyPartition = everyPartition;
        this.perPartition = perPartition;
    }

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException one line saying what is wrong with {@code spec}
     */
    public static PartitionOffsets parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty offsets; write one offset (100) or partition:offset pairs (0:100,1:250)");
        }
        if (!text.contains(":")) {
            return new PartitionOffsets(number(text, "offset", text), Map.of());
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String pair : text.split(",", -1)) {
            String[] parts = pair.strip().split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + pair.strip() + "' in '" + text
                        + "' is not partition:offset (write 0:100,1:250, or one offset for every partition)");
            }
            long partition = number(parts[0].strip(), "partition", text);
            if (partition > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("partition " + partition + " in '" + text + "' is too large");
            }
            if (offsets.put((int) partition, number(parts[1].strip(), "offset", text)) != null) {
                throw new IllegalArgumentException("partition " + partition + " appears twice in '" + text + "'");
            }
        }
        return new PartitionOffsets(null, Collections.unmodifiableMap(offsets));
    }

    private static long number(String value, String what, String spec) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(what + " '" + value + "' in '" + spec + "' is not a whole number of 0 or more");
    }

    /** The partitions this spec names, or empty when it gives one offset for every partition. */
    public Optional<Map<Integer, Long>> named() {
        return everyPartition == null ? Optional.of(perPartition) : Optional.empty();
    }

    /** The offset for {@code partition}, if this spec gives one. */
    public OptionalLong offset(int partition) {
        if (everyPartition != null) {
            return OptionalLong.of(everyPartition);
        }
        Long offset = perPartition.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public String toString() {
        return everyPartition != null ? everyPartition.toString()
                : String.join(",", perPartition.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    /** picocli: a bad spec is a usage error (exit code 2) naming what is wrong. */
    public static final class Converter implements ITypeConverter<PartitionOffsets> {
        @Override
        public PartitionOffsets convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
