package io.digits.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median, minimum and maximum of repeated measurements of one figure. */
public record Stats(double median, double min, double max, int n) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int size = sorted.size();
        double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(size - 1), size);
    }

    /** {@code figure} of each of {@code runs}, summarised. */
    public static <T> Stats of(List<T> runs, ToDoubleFunction<T> figure) {
        return of(runs.stream().map(figure::applyAsDouble).toList());
    }

    /** The same figures in another unit. */
    public Stats scaled(double factor) {
        return new Stats(median * factor, min * factor, max * factor, n);
    }
}
