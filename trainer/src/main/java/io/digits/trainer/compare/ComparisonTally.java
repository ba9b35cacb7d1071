package io.digits.trainer.compare;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.eval.McNemarTest;
import io.digits.core.eval.PairedOutcomes;
import io.digits.core.eval.PromotionPolicy;
import io.digits.core.image.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * What two versions, A and B, made of the same records: every classified record's pair of digits (A's on rows, B's
 * on columns, so the diagonal is agreement), each version's confusion matrix on the labelled ones, the labelled
 * records exactly one of them got right (for {@link McNemarTest}), and the records refused, by the reason the service
 * would give them as dead letters. Not thread-safe.
 */
public final class ComparisonTally {
    private final ConfusionMatrix pairs = new ConfusionMatrix();
    private final PairedOutcomes labelled = new PairedOutcomes();
    private final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);

    /** One classified record: A's digit, B's digit and its label (null when it has none). */
    public void classified(Integer label, int digitA, int digitB) {
        pairs.add(digitA, digitB);
        if (label != null) {
            labelled.add(label, digitA, digitB);
        }
    }

    /** One record the service would have sent to the dead letters. */
    public void rejected(RejectReason reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    public long classified() {
        return pairs.total();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Refused records by reason, in the reasons' order. */
    public Map<RejectReason, Long> rejectedByReason() {
        return new EnumMap<>(rejected);
    }

    /** A's digit (rows) against B's digit (columns) for every classified record. */
    public ConfusionMatrix pairs() {
        return pairs;
    }

    /** The share of classified records A and B gave the same digit (0 when none). */
    public double agreement() {
        return pairs.accuracy();
    }

    public long labelled() {
        return labelled.labelled();
    }

    public ConfusionMatrix confusionA() {
        return labelled.incumbent();
    }

    public ConfusionMatrix confusionB() {
        return labelled.challenger();
    }

    /** McNemar's test on the labelled records. */
    public McNemarTest mcNemar() {
        return labelled.mcNemar();
    }

    /** What {@code policy} says of B (the challenger) against A on the labelled records. */
    public PromotionPolicy.Verdict judgedBy(PromotionPolicy policy) {
        return labelled.judgedBy(policy);
    }
}
