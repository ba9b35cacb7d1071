package io.digits.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's accuracy on one evaluation set beyond MNIST's test set (the manifest's {@code outOfDistribution}).
 *
 * @param images   how many images the set has
 * @param accuracy share classified correctly, 0..1
 * @param recall   recall of digit 0 to 9, 0..1 (0 for a digit the set does not have)
 */
public record SetMetrics(long images, double accuracy, List<Double> recall) {

    @JsonCreator
    public SetMetrics(@JsonProperty("images") long images,
                      @JsonProperty(value = "accuracy", required = true) double accuracy,
                      @JsonProperty("recall") List<Double> recall) {
        this.images = images;
        this.accuracy = accuracy;
        this.recall = recall == null ? List.of() : List.copyOf(Objects.requireNonNull(recall));
    }

    /** The unweighted mean of the sets' accuracies (every set counts once, whatever its size); NaN for none. */
    public static double meanAccuracy(Map<String, SetMetrics> sets) {
        return sets.values().stream().mapToDouble(SetMetrics::accuracy).average().orElse(Double.NaN);
    }
}
