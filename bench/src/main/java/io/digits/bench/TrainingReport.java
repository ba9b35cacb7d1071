package io.digits.bench;

import java.util.ArrayList;
import java.util.List;

/** Training rows: each side's images/s and the time-per-epoch ratio against its target. */
final class TrainingReport {
    private TrainingReport() {
    }

    static void addTo(BenchReport report, TrainingBench.Result result) {
        String setup = "batch " + result.batch() + ", " + result.threads() + " threads";
        Stats djl = Stats.of(result.djl());
        Stats python = Stats.of(result.python());
        report.row("training, DJL trainer (" + setup + ")", djl, "images/s", null);
        report.row("training, PyTorch for Python (" + setup + ")", python, "images/s", null);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(result.djl().size(), result.python().size()); i++) {
            ratios.add(result.python().get(i) / result.djl().get(i));
        }
        Stats ratio = Stats.of(ratios);
        report.row("training time per epoch, DJL / Python", ratio, "ratio",
                RawInferenceReport.verdict(ratio.median() <= 1.25, "at most 1.25"));
        report.put("trainingDjlToPythonTimeRatio", ratio.median());
        report.put("trainingDjlImagesPerSecond", djl.median());
        report.put("trainingPythonImagesPerSecond", python.median());
    }
}
