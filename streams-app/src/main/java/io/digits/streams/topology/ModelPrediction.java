package io.digits.streams.topology;

import io.digits.core.record.Prediction;
import io.digits.streams.model.ModelRole;

/**
 * What the classify step forwards: a prediction and the role of the model that made it, so the topology sends the
 * live model's to the predictions topic and the candidate's to the shadow-predictions topic. Never serialized.
 */
record ModelPrediction(ModelRole role, Prediction prediction) {
}
