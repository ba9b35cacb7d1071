package io.digits.trainer;

import io.digits.charts.DigitGallery;
import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ClassMetrics;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.SetMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A classifier measured on every {@link OodSet}: accuracy, per-digit recall, the confusion counts and its
 * worst mistakes (most confident wrong answers) per set.
 */
final class OodEvaluation {
    /** Mistakes drawn per set in its gallery. */
    static final int GALLERY = 40;
    private static final int BATCH = 500;

    private OodEvaluation() {
    }

    /** One misclassified input. */
    record Miss(float[] image, int label, int predicted, float confidence) {
    }

    /** What one set measured. */
    record SetResult(OodSet set, ConfusionMatrix confusion, List<Miss> worst) {
        double accuracy() {
            return confusion.accuracy();
        }

        SetMetrics metrics() {
            List<Double> recall = confusion.perClass().stream().map(ClassMetrics::recall).toList();
            return new SetMetrics(confusion.total(), confusion.accuracy(), recall);
        }

        /** The {@code n} largest off-diagonal counts, e.g. {@code 4->9 31}. */
        List<String> topConfusions(int n) {
            List<int[]> cells = new ArrayList<>();
            for (int t = 0; t < confusion.classes(); t++) {
                for (int p = 0; p < confusion.classes(); p++) {
                    if (t != p && confusion.count(t, p) > 0) {
                        cells.add(new int[] {t, p, (int) confusion.count(t, p)});
                    }
                }
            }
            cells.sort(Comparator.comparingInt((int[] c) -> -c[2]).thenComparingInt(c -> c[0]));
            return cells.stream().limit(n).map(c -> c[0] + "->" + c[1] + " " + c[2]).toList();
        }
    }

    /** Everything measured, in set order. */
    record Report(List<SetResult> sets) {
        Report {
            sets = List.copyOf(sets);
        }

        /** Unweighted mean of the sets' accuracies (every set counts once, whatever its size). */
        double meanAccuracy() {
            return SetMetrics.meanAccuracy(metrics());
        }

        Map<String, SetMetrics> metrics() {
            Map<String, SetMetrics> out = new LinkedHashMap<>();
            for (SetResult r : sets) {
                out.put(r.set().name(), r.metrics());
            }
            return out;
        }

        /** For metrics.json: per set the description, sources, accuracy, recall, confusion and rejects. */
        Map<String, Object> details() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("meanAccuracy", meanAccuracy());
            Map<String, Object> bySet = new LinkedHashMap<>();
            for (SetResult r : sets) {
                Map<String, Object> set = new LinkedHashMap<>();
                set.put("description", r.set().description());
                set.put("images", r.confusion().total());
                set.put("rejectedByPreprocessing", r.set().rejected());
                set.put("accuracy", r.accuracy());
                set.put("recall", r.metrics().recall());
                set.put("topConfusions", r.topConfusions(5));
                set.put("confusionMatrix", r.confusion().counts());
                if (!r.set().sources().isEmpty()) {
                    set.put("sources", r.set().sources());
                }
                set.put("gallery", galleryFile(r.set().name()));
                bySet.put(r.set().name(), set);
            }
            out.put("sets", bySet);
            return out;
        }

        /** One gallery PNG of the worst mistakes per set into {@code folder}. */
        void writeGalleries(Path folder, String title) throws IOException {
            for (SetResult r : sets) {
                DigitGallery gallery = new DigitGallery(String.format(Locale.ROOT, "%s: %s, worst mistakes of %d",
                        title, r.set().name(), r.confusion().total() - r.confusion().correct()), GALLERY);
                for (Miss miss : r.worst()) {
                    gallery.add(miss.image(), DigitGallery.misclassified(miss.label(), miss.predicted(),
                            miss.confidence()));
                }
                gallery.write(folder.resolve(galleryFile(r.set().name())));
            }
        }
    }

    static String galleryFile(String set) {
        return "ood-" + set + ".png";
    }

    /** Classifies every image of every set. */
    static Report of(DigitClassifier classifier, List<OodSet> sets) {
        List<SetResult> results = new ArrayList<>();
        for (OodSet set : sets) {
            ConfusionMatrix confusion = new ConfusionMatrix(DigitNetwork.CLASSES);
            List<Miss> misses = new ArrayList<>();
            for (int start = 0; start < set.size(); start += BATCH) {
                int n = Math.min(BATCH, set.size() - start);
                float[][] batch = java.util.Arrays.copyOfRange(set.images(), start, start + n);
                float[][] probabilities = classifier.classify(batch);
                for (int k = 0; k < n; k++) {
                    int label = set.labels()[start + k];
                    int predicted = DigitClassifier.argmax(probabilities[k]);
                    confusion.add(label, predicted);
                    if (predicted != label) {
                        misses.add(new Miss(batch[k], label, predicted, probabilities[k][predicted]));
                    }
                }
            }
            misses.sort(Comparator.comparingDouble((Miss m) -> -m.confidence()));
            results.add(new SetResult(set, confusion, List.copyOf(misses.subList(0, Math.min(GALLERY,
                    misses.size())))));
        }
        return new Report(results);
    }
}
