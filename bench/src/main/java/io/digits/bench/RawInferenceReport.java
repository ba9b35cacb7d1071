package io.digits.bench;

import io.digits.core.model.DigitNetwork;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Turns the raw-inference rounds into table rows, ratios against same-run baselines, and JSON keys. */
final class RawInferenceReport {
    private static final String IMAGES = "images/s";
    private static final String RATIO = "ratio";

    private RawInferenceReport() {
    }

    static void addTo(BenchReport report, RawInferenceBench.Result raw) {
        Measurements m = raw.measurements();
        Map<String, Object> perThread = new LinkedHashMap<>();
        for (int batch : RawInferenceBench.PER_THREAD_BATCHES) {
            Stats stats = m.stats(raw.perThread(batch));
            report.row("raw DJL, batch " + batch + ", per thread (1 thread, 1 intra-op)", stats,
                    m.perCpuSecond(raw.perThread(batch)), IMAGES, null);
            perThread.put(String.valueOf(batch), stats.median());
        }
        report.put("rawPerThreadImagesPerSecond", perThread);
        report.row("batching gain per thread: batch 32 / batch 1", m.ratio(raw.perThread(32), raw.perThread(1)), RATIO, null);
        if (raw.cores() < 2) {
            return;
        }
        Stats best = m.stats(raw.djlBest());
        String perCore = ClassifierWorkload.name(RawInferenceBench.BEST_BATCH, raw.cores(), 1);
        report.row("raw DJL, batch " + RawInferenceBench.BEST_BATCH + ", " + raw.cores() + " threads x 1 intra-op",
                m.stats(perCore), m.perCpuSecond(perCore), IMAGES, null);
        report.row("our ceiling: the better of the two all-core setups (" + raw.djlBest() + ")",
                best, m.perCpuSecond(raw.djlBest()), IMAGES, null);
        report.put("rawBestImagesPerSecond", best.median());
        report.row("first probe's setup: one predictor over " + raw.cores() + " intra-op threads, batch 1",
                m.stats(raw.spreadPredictor(1)), m.perCpuSecond(raw.spreadPredictor(1)), IMAGES, null);
        report.row("one predictor over " + raw.cores() + " intra-op threads, batch " + RawInferenceBench.BEST_BATCH,
                m.stats(raw.spreadPredictor(RawInferenceBench.BEST_BATCH)),
                m.perCpuSecond(raw.spreadPredictor(RawInferenceBench.BEST_BATCH)), IMAGES, null);
        report.row("our ceiling / first probe's setup", m.ratio(raw.djlBest(), raw.spreadPredictor(1)), RATIO, null);

        String peak = null;
        for (EnginePeakWorkload.Kernel kernel : EnginePeakWorkload.Kernel.values()) {
            String name = raw.peak(kernel);
            report.row("engine peak: " + name, m.stats(name).scaled(1e-9), m.perCpuSecond(name).scaled(1e-9),
                    "G multiply-adds/s", null);
            if (peak == null || m.perCpuSecond(name).median() > m.perCpuSecond(peak).median()) {
                peak = name;
            }
        }
        // per CPU-second: what share of the engine's best arithmetic rate a core spends on our inference,
        // which competing processes do not distort the way they distort wall-clock rates
        double limit = 100.0 * m.perCpuSecond(raw.djlBest()).median() * DigitNetwork.MULTIPLY_ADDS
                / m.perCpuSecond(peak).median();
        Stats wallLimit = m.ratio(raw.djlBest(), peak).scaled(100.0 * DigitNetwork.MULTIPLY_ADDS);
        report.row("compute limit used (wall clock): " + DigitNetwork.MULTIPLY_ADDS / 1_000_000
                + " M multiply-adds/image x our ceiling / the faster peak", wallLimit, "%", null);
        report.row("compute limit used (per CPU-second, the headline)", new Stats(limit, limit, limit, 1), "%", null);
        report.put("computeLimitPercent", limit);
        report.put("computeLimitPercentWallClock", wallLimit.median());
        report.put("peakGigaMultiplyAddsPerCpuSecond", m.perCpuSecond(peak).median() * 1e-9);

        if (!raw.hasPeer()) {
            report.note("The Python peer was skipped (--no-python or no torch): no DJL/Python ratios.");
            return;
        }
        for (int batch : RawInferenceBench.PYTHON_BATCHES) {
            report.row("Python PyTorch " + raw.peerTorchVersion() + ", batch " + batch + ", " + raw.cores() + " torch threads",
                    m.stats(raw.python(batch, raw.cores())), m.perCpuSecond(raw.python(batch, raw.cores())), IMAGES, null);
        }
        Stats pythonPerThread = m.stats(raw.python(RawInferenceBench.BEST_BATCH, 1));
        report.row("Python PyTorch, batch " + RawInferenceBench.BEST_BATCH + ", 1 torch thread", pythonPerThread,
                m.perCpuSecond(raw.python(RawInferenceBench.BEST_BATCH, 1)), IMAGES, null);
        report.row("DJL / Python per thread, batch " + RawInferenceBench.BEST_BATCH,
                m.ratio(raw.perThread(RawInferenceBench.BEST_BATCH), raw.python(RawInferenceBench.BEST_BATCH, 1)), RATIO, null);
        Stats ratio = m.ratio(raw.djlBest(), raw.pythonBest());
        report.row("raw DJL best / Python best (" + raw.pythonBest() + ")", ratio, RATIO,
                verdict(ratio.median() >= 1, "at least 1"));
        report.put("rawDjlToPythonRatio", ratio.median());
        report.put("pythonBestImagesPerSecond", m.stats(raw.pythonBest()).median());
        report.put("peerMaxProbabilityDifference", raw.peerMaxProbabilityDifference());
        report.note(String.format(Locale.ROOT, "The Python peer runs the same network with our weights: its probabilities differ "
                + "from ours by at most %.1e on 64 test images.", raw.peerMaxProbabilityDifference()));
    }

    static String verdict(boolean met, String target) {
        return (met ? "met" : "MISSED") + " (" + target + ")";
    }
}
