package io.digits.streams.topology;

import io.digits.core.record.Prediction;
import io.digits.streams.model.ModelRole;

/**
 * What the classify step forwards: a prediction and the role of the model that made it, so the topology sends the
 * live model's to the predictions topic and the candidate's to the shadow-predictions topic. A candidate's carries the
 * live model's prediction of the same image too, for the promotion judge. Never serialized.
 *
 * @param live the live model's prediction of the same image, for a candidate's; null for a live one
 */
record ModelPrediction(ModelRole role, Prediction prediction, Prediction live) {
    static ModelPrediction live(Prediction prediction) {
        return new ModelPrediction(ModelRole.LIVE, prediction, null);
    }

    static ModelPrediction candidate(Prediction prediction, Prediction live) {
        return new ModelPrediction(ModelRole.CANDIDATE, prediction, live);
    }
}
