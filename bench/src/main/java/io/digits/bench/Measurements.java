package io.digits.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each workload's rate in each round; ratios are taken round by round, then summarised. */
record Measurements(Map<String, List<Double>> perRound) {

    boolean has(String name) {
        return perRound.containsKey(name);
    }

    Stats stats(String name) {
        return Stats.of(values(name));
    }

    /** {@code numerator / denominator} in each round (both measured minutes apart at most), summarised. */
    Stats ratio(String numerator, String denominator) {
        List<Double> top = values(numerator);
        List<Double> bottom = values(denominator);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(top.size(), bottom.size()); i++) {
            ratios.add(top.get(i) / bottom.get(i));
        }
        return Stats.of(ratios);
    }

    private List<Double> values(String name) {
        List<Double> values = perRound.get(name);
        if (values == null) {
            throw new IllegalArgumentException("not measured: " + name);
        }
        return values;
    }
}
