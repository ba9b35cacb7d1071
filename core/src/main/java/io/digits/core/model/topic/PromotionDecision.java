package io.digits.core.model.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The value of {@code <name>/decision} on the models topic: the last automatic promotion decision (the service's
 * {@code serve --auto-promote}), written in the same transaction as the pointers it changed. Compaction keeps the
 * newest; every decision is also a log line and a meter.
 *
 * @param name       model name
 * @param outcome    what was decided
 * @param live       the live version the candidate was judged against
 * @param candidate  the candidate judged (a nominee, or for a rollback watch the version the live one replaced)
 * @param labelled   labelled images both scored
 * @param difference the candidate's accuracy minus the live one's on them
 * @param lowerBound the one-sided lower confidence bound of that difference
 * @param reason     the policy's line
 * @param decidedAt  ISO-8601 instant
 */
public record PromotionDecision(String name, Outcome outcome, String live, String candidate, long labelled,
                                double difference, double lowerBound, String reason, String decidedAt) {
    /** What an automatic decision did to the pointers. */
    public enum Outcome {
        /** The nominee became live; the version it replaced is shadowed beside it as a rollback watch. */
        PROMOTED,
        /** The nominee was not better: the candidate pointer is cleared, the live version stays. */
        REJECTED,
        /** The watch (the version live before) proved better: it is live again, the candidate pointer cleared. */
        ROLLED_BACK,
        /** The promoted version held against the one it replaced: the watch is cleared. */
        CONFIRMED;

        /** The outcome's name in logs and meter tags: {@code rolled-back}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @JsonCreator
    public PromotionDecision(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "outcome", required = true) Outcome outcome,
            @JsonProperty(value = "live", required = true) String live,
            @JsonProperty(value = "candidate", required = true) String candidate,
            @JsonProperty("labelled") long labelled,
            @JsonProperty("difference") double difference,
            @JsonProperty("lowerBound") double lowerBound,
            @JsonProperty("reason") String reason,
            @JsonProperty(value = "decidedAt", required = true) String decidedAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.live = Objects.requireNonNull(live, "live");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.labelled = labelled;
        this.difference = difference;
        this.lowerBound = lowerBound;
        this.reason = reason == null ? "" : reason;
        this.decidedAt = Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
