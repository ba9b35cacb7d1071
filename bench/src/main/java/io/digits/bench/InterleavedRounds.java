package io.digits.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures several workloads in rounds, each round in a new random order, so that noise from other processes on
 * a shared machine falls on all of them alike and their ratios mean something. Medians over rounds.
 */
public final class InterleavedRounds {
    private final int rounds;
    private final double secondsEach;
    private final double warmUpSeconds;
    private final Consumer<String> progress;

    public InterleavedRounds(int rounds, double secondsEach, double warmUpSeconds, Consumer<String> progress) {
        if (rounds < 1 || secondsEach <= 0 || warmUpSeconds < 0) {
            throw new IllegalArgumentException("need at least one round of positive length");
        }
        this.rounds = rounds;
        this.secondsEach = secondsEach;
        this.warmUpSeconds = warmUpSeconds;
        this.progress = progress;
    }

    public Measurements run(List<? extends Workload> workloads) throws Exception {
        Map<Workload, List<Sample>> samples = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            progress.accept("warming up " + workload.name());
            if (warmUpSeconds > 0) {
                workload.measure(warmUpSeconds);
            }
            samples.put(workload, new ArrayList<>());
        }
        Random shuffle = new Random(20261124L);
        for (int round = 1; round <= rounds; round++) {
            List<Workload> order = new ArrayList<>(workloads);
            Collections.shuffle(order, shuffle);
            for (Workload workload : order) {
                samples.get(workload).add(workload.measure(secondsEach));
            }
            progress.accept("round " + round + "/" + rounds + " done");
        }
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        samples.forEach((workload, values) -> byName.put(workload.name(), values));
        return new Measurements(byName);
    }
}
