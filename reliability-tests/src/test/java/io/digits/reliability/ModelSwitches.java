package io.digits.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the model versions named by the predictions change within each output partition (a partition is one task, so
 * one classifier at a time): where each partition switched, and every switch that went backwards or came a second time.
 */
final class ModelSwitches {
    /** Per partition, the offset of the first prediction by the new version. */
    final Map<Integer, Long> switchOffsets = new TreeMap<>();
    /** Switches backwards or a second time in a partition, one line each. */
    final List<String> backwardsOrTwice = new ArrayList<>();

    /** Reads the switches in {@code predictions}; versions compare as the registry orders them (by name). */
    static ModelSwitches of(List<Outcomes.Read> predictions) {
        ModelSwitches switches = new ModelSwitches();
        Map<Integer, List<Outcomes.Read>> byPartition = predictions.stream().collect(Collectors.groupingBy(Outcomes.Read::partition));
        byPartition.forEach((partition, reads) -> {
            List<Outcomes.Read> ordered = reads.stream().sorted(Comparator.comparingLong(Outcomes.Read::offset)).toList();
            for (int i = 1; i < ordered.size(); i++) {
                String before = ordered.get(i - 1).prediction().model();
                String now = ordered.get(i).prediction().model();
                if (!before.equals(now)) {
                    if (before.compareTo(now) > 0 || switches.switchOffsets.containsKey(partition)) {
                        switches.backwardsOrTwice.add("partition " + partition + " offset " + ordered.get(i).offset() + ": "
                                + before + " -> " + now);
                    }
                    switches.switchOffsets.put(partition, ordered.get(i).offset());
                }
            }
        });
        return switches;
    }

    /** How many predictions each version made. */
    static Map<String, Long> byVersion(List<Outcomes.Read> predictions) {
        return new TreeMap<>(predictions.stream().collect(Collectors.groupingBy(r -> r.prediction().model(), Collectors.counting())));
    }
}
