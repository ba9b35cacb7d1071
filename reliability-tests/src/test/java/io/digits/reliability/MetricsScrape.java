package io.digits.reliability;

import java.util.ArrayList;
import java.util.List;

/** A {@code /metrics} page in the Prometheus text format, reduced to what the tests read: sums of samples. */
record MetricsScrape(List<Sample> samples) {

    /** One sample line: {@code name{labels} value}. */
    record Sample(String name, String labels, double value) {
    }

    static MetricsScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            String labels = brace >= 0 && brace < space ? line.substring(brace + 1, line.lastIndexOf('}')) : "";
            samples.add(new Sample(name.trim(), labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
        return new MetricsScrape(List.copyOf(samples));
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labelParts}. */
    double sum(String name, String... labelParts) {
        return samples.stream().filter(s -> s.name.equals(name))
                .filter(s -> List.of(labelParts).stream().allMatch(s.labels::contains))
                .mapToDouble(Sample::value).sum();
    }

    /** Heap in use now, all heap pools. */
    double heapUsedBytes() {
        return sum("jvm_memory_used_bytes", "area=\"heap\"");
    }
}
