package io.digits.trainer;

import io.digits.charts.ConfusionMatrixChart;
import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ClassMetrics;
import io.digits.core.record.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run leaves beside the parameters in the artifact folder: {@code metrics.json} (per-epoch history,
 * test accuracy, per-class metrics, the confusion counts), {@code training-curves.png} and
 * {@code confusion-matrix.png}; with the sets beyond MNIST's test set, their figures in metrics.json (the
 * galleries {@code ood-<set>.png} are written by {@link OodEvaluation.Report#writeGalleries}).
 */
final class MetricsReport {
    static final String METRICS = "metrics.json";
    static final String CURVES = "training-curves.png";
    static final String CONFUSION = "confusion-matrix.png";

    private MetricsReport() {
    }

    /** The three files into {@code folder}. */
    static void write(Path folder, String version, List<EpochStats> history, ConfusionMatrix confusion,
                      Map<String, Object> training, Map<String, Object> outOfDistribution) throws IOException {
        Map<String, Object> metrics = new java.util.LinkedHashMap<>();
        metrics.put("version", version);
        metrics.put("testAccuracy", confusion.accuracy());
        metrics.put("testImages", confusion.total());
        metrics.put("perClass", confusion.perClass());
        metrics.put("confusionMatrix", confusion.counts());
        if (outOfDistribution != null) {
            metrics.put("outOfDistribution", outOfDistribution);
        }
        metrics.put("epochs", history);
        metrics.put("training", training);
        Files.write(folder.resolve(METRICS), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        TrainingCurvesChart.write(history, "model " + version, folder.resolve(CURVES));
        ConfusionMatrixChart.write(confusion, "model " + version, folder.resolve(CONFUSION));
    }

    /** The worst-recalled digit, for a log line. */
    static ClassMetrics weakest(ConfusionMatrix confusion) {
        return confusion.perClass().stream().min(java.util.Comparator.comparingDouble(ClassMetrics::recall))
                .orElseThrow();
    }
}
