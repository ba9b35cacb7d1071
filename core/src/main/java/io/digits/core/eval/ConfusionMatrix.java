package io.digits.core.eval;

import io.digits.core.model.ClassMetrics;
import io.digits.core.model.ModelEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true digit, predicted digit) pairs, with accuracy and per-class precision and recall.
 * Not thread-safe: give each thread its own and {@link #merge} them.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix for the ten digits. */
    public ConfusionMatrix() {
        this(10);
    }

    public ConfusionMatrix(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a confusion matrix needs at least 2 classes, got " + classes);
        }
        this.counts = new long[classes][classes];
    }

    /** A matrix holding {@code counts} (true class on rows, predicted on columns; copied), as {@link #counts()} gives them. */
    public static ConfusionMatrix of(long[][] counts) {
        ConfusionMatrix matrix = new ConfusionMatrix(counts.length);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("row " + i + " has " + counts[i].length + " counts, not " + counts.length);
            }
            for (int j = 0; j < counts.length; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("negative count at " + i + "," + j);
                }
                matrix.counts[i][j] = counts[i][j];
            }
        }
        return matrix;
    }

    public int classes() {
        return counts.length;
    }

    /** Records one prediction. */
    public void add(int label, int predicted) {
        checkClass(label, "label");
        checkClass(predicted, "predicted");
        counts[label][predicted]++;
    }

    /** How often {@code label} was predicted as {@code predicted}. */
    public long count(int label, int predicted) {
        return counts[label][predicted];
    }

    /** All counts, true class on rows, predicted class on columns (a copy). */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    public long correct() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return correct;
    }

    /** Correct / total, 0 when empty. */
    public double accuracy() {
        long total = total();
        return total == 0 ? 0 : (double) correct() / total;
    }

    /** Precision, recall, F1 and support of each class; 0 where a ratio has no denominator. */
    public List<ClassMetrics> perClass() {
        List<ClassMetrics> metrics = new ArrayList<>(counts.length);
        for (int c = 0; c < counts.length; c++) {
            long truePositives = counts[c][c];
            long support = 0;
            long predicted = 0;
            for (int k = 0; k < counts.length; k++) {
                support += counts[c][k];
                predicted += counts[k][c];
            }
            double precision = ratio(truePositives, predicted);
            double recall = ratio(truePositives, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            metrics.add(new ClassMetrics(c, precision, recall, f1, support));
        }
        return metrics;
    }

    /** Accuracy and per-class metrics, as a model manifest records them. */
    public ModelEvaluation evaluation() {
        return new ModelEvaluation(accuracy(), perClass());
    }

    /** Adds {@code other}'s counts to this matrix and returns this. */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (other.classes() != classes()) {
            throw new IllegalArgumentException("cannot merge a " + other.classes() + "-class matrix into a "
                    + classes() + "-class one");
        }
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                counts[i][j] += other.counts[i][j];
            }
        }
        return this;
    }

    /**
     * A compact table for terminals: true digit on rows, predicted on columns, recall per row, then
     * precision per column and the overall accuracy.
     */
    public String toTable() {
        int width = Math.max(4, Long.toString(maxCount()).length() + 1);
        String cell = "%" + width + "s";
        StringBuilder out = new StringBuilder();
        out.append("true\\pred");
        for (int j = 0; j < counts.length; j++) {
            out.append(String.format(Locale.ROOT, cell, j));
        }
        out.append("  recall\n");
        List<ClassMetrics> metrics = perClass();
        for (int i = 0; i < counts.length; i++) {
            out.append(String.format(Locale.ROOT, "%9d", i));
            for (int j = 0; j < counts.length; j++) {
                out.append(String.format(Locale.ROOT, cell, counts[i][j] == 0 && i != j ? "." : counts[i][j]));
            }
            out.append(String.format(Locale.ROOT, "  %6.4f%n", metrics.get(i).recall()));
        }
        out.append("precision");
        for (ClassMetrics m : metrics) {
            out.append(String.format(Locale.ROOT, cell, String.format(Locale.ROOT, "%.0f", 100 * m.precision())));
        }
        out.append(" (%)\n");
        out.append(String.format(Locale.ROOT, "accuracy %.4f (%d of %d)%n", accuracy(), correct(), total()));
        return out.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }

    public long maxCount() {
        long max = 0;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    private void checkClass(int value, String what) {
        if (value < 0 || value >= counts.length) {
            throw new IllegalArgumentException(what + " " + value + " is not a class in 0.." + (counts.length - 1));
        }
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
