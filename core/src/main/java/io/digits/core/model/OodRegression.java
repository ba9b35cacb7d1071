package io.digits.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The flag of a model published although its accuracy beyond MNIST's test set fell more than the allowed
 * margin below the version it replaced ({@code train --allow-ood-regression}).
 *
 * @param replaced     the version that was latest before this one
 * @param marginPoints the allowed drop, in percentage points
 * @param message      the figures, as the trainer printed them
 */
public record OodRegression(String replaced, double marginPoints, String message) {

    @JsonCreator
    public OodRegression(@JsonProperty("replaced") String replaced,
                         @JsonProperty("marginPoints") double marginPoints,
                         @JsonProperty("message") String message) {
        this.replaced = replaced;
        this.marginPoints = marginPoints;
        this.message = Objects.requireNonNullElse(message, "");
    }
}
