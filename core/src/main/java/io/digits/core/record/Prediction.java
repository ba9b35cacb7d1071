package io.digits.core.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Objects;

/**
 * One classified image, the value of a {@code digits.predictions} (and {@code digits.review}) record.
 *
 * @param id             the image id (also the record key)
 * @param digit          the predicted digit 0..9
 * @param confidence     the probability of {@code digit}
 * @param probabilities  the ten class probabilities
 * @param model          the version of the model that made the prediction
 * @param label          the true digit when the input record carried one, else null
 * @param lowConfidence  whether confidence is under the review threshold
 * @param inputTimestamp the input record's timestamp, epoch ms
 * @param predictedAt    when the prediction was made, epoch ms
 */
public record Prediction(
        String id,
        int digit,
        float confidence,
        float[] probabilities,
        String model,
        Integer label,
        boolean lowConfidence,
        long inputTimestamp,
        long predictedAt) {

    @JsonCreator
    public Prediction(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "digit", required = true) int digit,
            @JsonProperty(value = "confidence", required = true) float confidence,
            @JsonProperty(value = "probabilities", required = true) float[] probabilities,
            @JsonProperty(value = "model", required = true) String model,
            @JsonProperty("label") Integer label,
            @JsonProperty("lowConfidence") boolean lowConfidence,
            @JsonProperty(value = "inputTimestamp", required = true) long inputTimestamp,
            @JsonProperty(value = "predictedAt", required = true) long predictedAt) {
        this.id = Objects.requireNonNull(id, "id");
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("digit must be 0..9, was " + digit);
        }
        if (probabilities == null || probabilities.length != 10) {
            throw new IllegalArgumentException("probabilities must hold 10 values");
        }
        if (label != null && (label < 0 || label > 9)) {
            throw new IllegalArgumentException("label must be 0..9 or null, was " + label);
        }
        this.digit = digit;
        this.confidence = confidence;
        this.probabilities = probabilities.clone();
        this.model = Objects.requireNonNull(model, "model");
        this.label = label;
        this.lowConfidence = lowConfidence;
        this.inputTimestamp = inputTimestamp;
        this.predictedAt = predictedAt;
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** Whether a label was known and the prediction matches it; null without a label. */
    public Boolean correct() {
        return label == null ? null : label == digit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p
                && id.equals(p.id) && digit == p.digit && confidence == p.confidence
                && Arrays.equals(probabilities, p.probabilities) && model.equals(p.model)
                && Objects.equals(label, p.label) && lowConfidence == p.lowConfidence
                && inputTimestamp == p.inputTimestamp && predictedAt == p.predictedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, digit, confidence, Arrays.hashCode(probabilities), model, label,
                lowConfidence, inputTimestamp, predictedAt);
    }

    @Override
    public String toString() {
        return "Prediction[id=" + id + ", digit=" + digit + ", confidence=" + confidence + ", model=" + model
                + ", label=" + label + ", lowConfidence=" + lowConfidence + "]";
    }
}
