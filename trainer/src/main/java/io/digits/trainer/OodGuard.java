package io.digits.trainer;

import io.digits.core.model.SetMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The publish guard: a new model must not be worse beyond MNIST's test set than the model it would replace.
 *
 * <p>The rule: over the sets both models were measured on, the new model's <em>mean</em> accuracy (every set
 * counts once) must not fall more than {@code marginPoints} percentage points below the current model's. The
 * mean, not every single set, because one set of 1,000 images moves by a point or two between two equally good
 * models (binomial noise), so a per-set rule at a 2-point margin would refuse good models; the mean over ten
 * sets moves by a fraction of that. The refusal names every set that fell by more than the margin, so a
 * collapse on one set is still visible in the message.
 */
final class OodGuard {
    static final double DEFAULT_MARGIN_POINTS = 2.0;

    private OodGuard() {
    }

    /**
     * The verdict.
     *
     * @param regressed   true when the new model falls more than the margin below
     * @param message     one line with the figures (also when it passes)
     * @param fallenSets  the sets on which the new model fell by more than the margin
     */
    record Verdict(boolean regressed, String message, List<String> fallenSets) {
    }

    static Verdict check(Map<String, SetMetrics> candidate, Map<String, SetMetrics> current, String currentVersion,
                         double marginPoints) {
        double sumNew = 0;
        double sumOld = 0;
        int common = 0;
        List<String> fallen = new ArrayList<>();
        StringBuilder fallenText = new StringBuilder();
        for (Map.Entry<String, SetMetrics> entry : candidate.entrySet()) {
            SetMetrics old = current.get(entry.getKey());
            if (old == null) {
                continue;
            }
            common++;
            double now = entry.getValue().accuracy();
            sumNew += now;
            sumOld += old.accuracy();
            if ((old.accuracy() - now) * 100 > marginPoints) {
                fallen.add(entry.getKey());
                fallenText.append(String.format(Locale.ROOT, "%s %.1f%% (was %.1f%%), ", entry.getKey(), 100 * now,
                        100 * old.accuracy()));
            }
        }
        if (common == 0) {
            return new Verdict(false, "no evaluation set in common with version " + currentVersion
                    + ": nothing to compare", List.of());
        }
        double meanNew = 100 * sumNew / common;
        double meanOld = 100 * sumOld / common;
        boolean regressed = meanOld - meanNew > marginPoints;
        String sets = fallen.isEmpty() ? "no single set fell more than the margin"
                : "fell on " + fallenText.substring(0, fallenText.length() - 2);
        String message = String.format(Locale.ROOT, "mean accuracy beyond MNIST's test set %.1f%% against %.1f%% "
                        + "for the current version %s over %d sets (%+.1f points, margin %.1f); %s", meanNew, meanOld,
                currentVersion, common, meanNew - meanOld, marginPoints, sets);
        return new Verdict(regressed, message, List.copyOf(fallen));
    }
}
