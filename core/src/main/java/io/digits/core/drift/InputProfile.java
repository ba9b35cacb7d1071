package io.digits.core.drift;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.digits.core.model.DigitClassifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The manifest's {@code inputProfile}: how the images a model was validated on, and its predictions of them, are
 * distributed over each {@link InputFeature}'s bins. The service measures drift against it.
 *
 * @param images   how many images it was computed on
 * @param source   which images: for the trainer, its held-out validation split
 * @param features the distribution of each feature, by {@link InputFeature#tag()}
 */
public record InputProfile(long images, String source, Map<String, FeatureDistribution> features) {

    @JsonCreator
    public InputProfile(@JsonProperty(value = "images", required = true) long images,
                        @JsonProperty("source") String source,
                        @JsonProperty(value = "features", required = true) Map<String, FeatureDistribution> features) {
        if (images <= 0) {
            throw new IllegalArgumentException("an input profile of " + images + " images");
        }
        this.images = images;
        this.source = Objects.requireNonNullElse(source, "");
        this.features = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(features, "features")));
    }

    /** Counts every {@link InputFeature} of images and their predictions, then makes the profile. Not thread-safe. */
    public static Builder builder(String source) {
        return new Builder(source);
    }

    public static final class Builder {
        private final String source;
        private final InputFeature[] features = InputFeature.values();
        private final long[][] counts = new long[features.length][];
        private long images;

        private Builder(String source) {
            this.source = source;
            for (int f = 0; f < features.length; f++) {
                counts[f] = new long[features[f].edges().size() + 1];
            }
        }

        /** One preprocessed image and the model's probabilities for it. */
        public Builder add(float[] image, float[] probabilities) {
            int digit = DigitClassifier.argmax(probabilities);
            for (int f = 0; f < features.length; f++) {
                counts[f][FeatureDistribution.bin(features[f].edges(), features[f].value(image, digit, probabilities[digit]))]++;
            }
            images++;
            return this;
        }

        public InputProfile build() {
            Map<String, FeatureDistribution> distributions = new LinkedHashMap<>();
            for (int f = 0; f < features.length; f++) {
                distributions.put(features[f].tag(), FeatureDistribution.of(features[f].edges(), counts[f]));
            }
            return new InputProfile(images, source, distributions);
        }
    }
}
