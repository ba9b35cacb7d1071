package io.digits.bench;

import io.digits.command.CommandLines;
import io.digits.command.RegistryOptions;
import io.digits.core.kafka.KafkaClientProperties;
import io.digits.core.model.DigitNetwork;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import io.digits.trainer.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./digits bench}: inference, pipeline and training speed against the raw engine and a Python peer. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures raw inference per thread and on all cores, the compute limit, and the Python "
                + "PyTorch peer with the same weights, interleaved in the same rounds; prints one markdown table "
                + "(and with --json one JSON object as the last line). Times the newest model of --registry, "
                + "or an untrained seed CNN when there is none."})
public final class BenchCommand implements Callable<Integer> {
    static final String README_START = "<!-- bench:latest -->";
    static final String README_END = "<!-- /bench:latest -->";

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "3 short rounds instead of 5 longer ones (a smoke run, ~1 minute).")
    boolean quick;

    @Option(names = "--json", description = "Also print the results as one JSON object, the last line of stdout.")
    boolean json;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds (default 5, 3 with --quick).")
    Integer rounds;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds per workload per round (default 1.5, 0.5 with --quick).")
    Double seconds;

    @Mixin
    RegistryOptions models;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "${env:DIGITS_PYTHON:-" + PythonPeer.DEFAULT_PYTHON + "}",
            description = "Python with torch for the peer (env DIGITS_PYTHON; default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--no-python", description = "Skip the Python peer.")
    boolean noPython;

    @Option(names = "--no-pipeline", description = "Skip the Kafka pipeline part (broker, service, Python Kafka peer).")
    boolean noPipeline;

    @Option(names = "--no-shadow", description = "Skip the shadow-scoring cost (the service again with a candidate set).")
    boolean noShadow;

    @Option(names = "--no-latency-curve", description = "Skip the latency curve (guarantees and latency budgets against Kafka's floor).")
    boolean noLatencyCurve;

    @Option(names = "--latency-chart", paramLabel = "FILE",
            description = "Where to draw the latency curve (PNG; default: latency-curve.png in the run's temporary folder).")
    Path latencyChart;

    @Option(names = "--no-training", description = "Skip the training part (DJL trainer against the Python training peer).")
    boolean noTraining;

    @Option(names = "--write-readme", paramLabel = "FILE",
            description = "Replace the latest-results section of this README (e.g. bench/README.md) with this run's table.")
    Path readme;

    @Override
    public Integer call() throws Exception {
        int roundCount = rounds != null ? rounds : quick ? 3 : 5;
        double secondsEach = seconds != null ? seconds : quick ? 0.5 : 1.5;
        if (roundCount < 1 || secondsEach <= 0) {
            throw new CommandLines.UsageError("--rounds must be at least 1 and --seconds positive");
        }
        Path workDir = Files.createTempDirectory("digits-bench");
        BenchReport report = new BenchReport(Machine.describe());
        headlineKeys().forEach(report::put);
        report.command(String.join(" ", "./digits", String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .trim() + " (" + roundCount + " interleaved rounds of " + secondsEach + " s per workload)");
        double loadBefore = Machine.loadAverage();
        InterleavedRounds interleaved = new InterleavedRounds(roundCount, secondsEach, quick ? 0.5 : 1.0, BenchCommand::progress);
        try (BenchModel model = BenchModel.resolve(models.registry(), models.modelName(), workDir);
             PythonPeer peer = noPython ? null : PythonPeer.start(python, workDir)) {
            progress("timing the " + model.describe());
            report.note("Model: " + model.describe() + ".");
            if (peer != null) {
                report.command(python + " infer_peer.py (PyTorch " + peer.torchVersion() + ", driven over stdin)");
            }
            RawInferenceBench.Result raw = RawInferenceBench.run(model.loaded(), peer, workDir, interleaved, BenchCommand::progress);
            RawInferenceReport.addTo(report, raw);
            if (!noPipeline) {
                pipeline(report, model, raw, workDir);
            }
        }
        if (!noTraining) {
            training(report, workDir);
        }
        double loadAfter = Machine.loadAverage();
        report.put("loadAverageBefore", loadBefore);
        report.put("loadAverageAfter", loadAfter);
        report.note(String.format(java.util.Locale.ROOT, "Load average %.1f before and %.1f after the run on %d cores%s.",
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(),
                Math.max(loadBefore, loadAfter) > Runtime.getRuntime().availableProcessors()
                        ? ": other processes competed for the CPUs, so absolute rates are low and only same-round ratios carry over" : ""));
        String table = report.markdown();
        System.out.println(table);
        if (readme != null) {
            writeReadme(readme, table);
        }
        if (json) {
            System.out.println(report.json());
        }
        return 0;
    }

    private void pipeline(BenchReport report, BenchModel model, RawInferenceBench.Result raw, Path workDir) throws Exception {
        MnistFiles files = MnistFiles.defaultLocation();
        files.ensure();
        MnistDataset test = files.test();
        int repeats = quick ? 1 : 3;
        int drainImages = quick ? 3_000 : 10_000;
        double latencySeconds = quick ? 4 : 10;
        int cores = Runtime.getRuntime().availableProcessors();
        int[] threadCounts = cores > 1 ? new int[] {1, cores} : new int[] {1};
        float[][] rawImages = RawInferenceBench.testImages(512);
        List<PipelineBench.Result> runs = new ArrayList<>();
        List<PipelineBench.ShadowResult> shadows = new ArrayList<>();
        progress("starting an in-process Kafka broker");
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            PipelineBench bench = new PipelineBench(broker, model, test, drainImages, latencySeconds, BenchCommand::progress);
            Path weights = workDir.resolve("weights.f32");
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (int threads : threadCounts) {
                    PipelineBench.Result ours = bench.ours(threads, rawImages);
                    runs.add(ours);
                    if (!noShadow && threads == cores) {
                        shadows.add(bench.shadowed(ours)); // right after the run it is compared with
                    }
                }
                if (raw.hasPeer()) {
                    runs.add(bench.python(python, workDir, weights, raw.pythonBestBatch(), cores));
                }
            }
            if (!noLatencyCurve) {
                List<PipelineBench.CurvePoint> curve = LatencyCurve.measure(bench, cores, quick);
                LatencyCurveReport.addTo(report, curve, cores);
                Path chart = latencyChart != null ? latencyChart : workDir.resolve("latency-curve.png");
                LatencyCurveChart.write(curve, chart);
                report.note("The latency curve is drawn in " + chart + ".");
                report.command("latency curve: the service with " + cores + " stream threads under each guarantee at its "
                        + "defaults and at latency budgets, each point a backlog of " + drainImages + " images drained, then "
                        + latencySeconds + " s at half that rate for the service and for the pass-through (KafkaFloor) "
                        + "with the same settings; " + (quick ? "one pass each" : "the settings behind the targets ("
                        + "exactly-once defaults and --latency-budget " + LatencyCurve.LOW_LATENCY_BUDGET_MS
                        + ", at-least-once defaults and a 5 s commit) in " + LatencyCurve.HEADLINE_PASSES
                        + " passes, judged on the median"));
            }
        }
        Properties overrides = KafkaClientProperties.fromEnv();
        report.command("in-process KRaft broker (EmbeddedKafka) + ClassificationService defaults (exactly_once_v2"
                + (overrides.isEmpty() ? "" : "; KAFKA_* overrides " + KafkaClientProperties.describe(overrides)) + ") with "
                + Arrays.toString(threadCounts) + " stream threads; " + drainImages + " MNIST test images drained, then "
                + latencySeconds + " s at half that rate; " + repeats + " repeat(s)");
        if (!shadows.isEmpty()) {
            report.command("shadow scoring: the same service with " + cores + " stream threads and the same model "
                    + "published as the candidate on its models topic, right after each " + cores + "-thread run: "
                    + drainImages + " images drained, then " + latencySeconds + " s at that run's half-load rate");
        }
        PipelineReport.addTo(report, runs, threadCounts, cores);
        ShadowReport.addTo(report, shadows);
    }

    private void training(BenchReport report, Path workDir) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int images = quick ? 2_000 : 10_000;
        int rounds = quick ? 1 : 3;
        TrainingBench.Result result = TrainingBench.run(python, workDir, images, 2, 128, cores, rounds, BenchCommand::progress);
        report.command("training: Trainer (DJL, Keras RMSprop, no augmentation) and " + python + " train_peer.py, "
                + images + " MNIST images x 2 epochs, batch 128, " + cores + " threads, " + rounds
                + " alternating round(s); the last epoch counts");
        TrainingReport.addTo(report, result);
    }

    static void writeReadme(Path readme, String table) throws IOException {
        String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
        String section = README_START + "\n" + table + README_END;
        int start = text.indexOf(README_START);
        int end = text.indexOf(README_END);
        String updated = start >= 0 && end > start
                ? text.substring(0, start) + section + text.substring(end + README_END.length())
                : text + "\n## Latest run\n\n" + section + "\n";
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
    }

    private static void progress(String message) {
        System.err.println("bench: " + message);
    }

    static Map<String, Object> headlineKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String key : new String[] {"rawDjlToPythonRatio", "pipelineToRawRatio", "oursToPythonThroughputRatio",
            "p99LatencyMsAtHalfLoad", "p99LatencyMsAtHalfLoadAtLeastOnce", "kafkaFloorP99MsAtHalfLoad",
            "lowLatencyP99MsAtHalfLoad", "lowLatencyThroughputRatio", "serviceCpuPerImageToRawRatio",
            "shadowThroughputRatio", "shadowP99LatencyMsAtHalfLoad", "shadowP99LatencyMsAtOwnHalfLoad",
            "trainingDjlToPythonTimeRatio", "computeLimitPercent"}) {
            keys.put(key, null);
        }
        keys.put("multiplyAddsPerImage", DigitNetwork.MULTIPLY_ADDS);
        return keys;
    }
}
