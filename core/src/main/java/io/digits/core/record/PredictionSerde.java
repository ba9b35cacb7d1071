package io.digits.core.record;

/** Serde for {@link Prediction} values on the predictions and review topics. */
public final class PredictionSerde extends JsonSerde<Prediction> {
    public PredictionSerde() {
        super(Prediction.class);
    }
}
