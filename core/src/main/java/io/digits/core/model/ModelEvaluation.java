package io.digits.core.model;

import java.util.List;

/** What the trainer measured on the test set, to be written into a manifest. */
public record ModelEvaluation(double testAccuracy, List<ClassMetrics> perClass) {
    public ModelEvaluation {
        perClass = List.copyOf(perClass);
    }
}
