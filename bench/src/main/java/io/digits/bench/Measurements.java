package io.digits.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Each workload's sample in each round; ratios are taken round by round, then summarised. */
record Measurements(Map<String, List<Sample>> perRound) {

    /** Units per wall-clock second. */
    Stats stats(String name) {
        return summarise(name, Sample::rate);
    }

    /** Units per CPU-second of the process that did them. */
    Stats perCpuSecond(String name) {
        return summarise(name, Sample::perCpuSecond);
    }

    /** {@code numerator / denominator} of the wall-clock rates in each round, summarised. */
    Stats ratio(String numerator, String denominator) {
        List<Sample> top = samples(numerator);
        List<Sample> bottom = samples(denominator);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(top.size(), bottom.size()); i++) {
            ratios.add(top.get(i).rate() / bottom.get(i).rate());
        }
        return Stats.of(ratios);
    }

    private Stats summarise(String name, ToDoubleFunction<Sample> figure) {
        return Stats.of(samples(name).stream().map(figure::applyAsDouble).toList());
    }

    private List<Sample> samples(String name) {
        List<Sample> samples = perRound.get(name);
        if (samples == null) {
            throw new IllegalArgumentException("not measured: " + name);
        }
        return samples;
    }
}
