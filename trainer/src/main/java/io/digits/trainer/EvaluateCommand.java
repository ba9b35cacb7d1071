package io.digits.trainer;

import io.digits.command.RegistryOptions;
import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.model.ClassMetrics;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.SetMetrics;
import io.digits.core.record.Json;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digits evaluate}: measures an already published model, without training, on MNIST's 10k test set and on
 * every set beyond it ({@link OodSets}), and prints accuracy and per-digit recall per set as a table (or JSON).
 */
@Command(name = "evaluate",
        description = "Measure a published model on MNIST's test set and on degraded, printed and other "
                + "handwritten digits beyond it, without training.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions models;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "V", description = "The version to measure (default: latest).")
    String version;

    @Option(names = "--json", description = "Print the figures as one JSON document instead of a table.")
    boolean json;

    @Option(names = "--galleries", paramLabel = "DIR",
            description = "Also write each set's worst mistakes as DIR/ood-<set>.png.")
    Path galleries;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "PyTorch threads for inference (default: one per core).")
    int threads;

    public static void main(String[] args) {
        System.exit(io.digits.command.CommandLines.execute(new EvaluateCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = new ModelRegistry(models.registry());
        ModelArtifact artifact = version == null ? registry.latest(models.modelName())
                : registry.open(models.modelName(), version);
        MnistDataset test = MnistFiles.defaultLocation().test();
        long t0 = System.nanoTime();
        List<OodSet> sets = OodSets.build(test);
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ConfusionMatrix mnist;
        OodEvaluation.Report report;
        try (LoadedModel loaded = LoadedModel.load(artifact);
             DigitClassifier classifier = loaded.newClassifier(cores)) {
            mnist = TestSetEvaluation.of(classifier, test);
            report = OodEvaluation.of(classifier, sets);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (galleries != null) {
            Files.createDirectories(galleries);
            report.writeGalleries(galleries, "model " + artifact.version());
        }
        if (json) {
            printJson(artifact, mnist, report, seconds, System.out);
        } else {
            printTable(artifact, mnist, report, seconds, System.out);
        }
        return 0;
    }

    private static SetMetrics metrics(ConfusionMatrix confusion) {
        return new SetMetrics(confusion.total(), confusion.accuracy(),
                confusion.perClass().stream().map(ClassMetrics::recall).toList());
    }

    private static void printTable(ModelArtifact artifact, ConfusionMatrix mnist, OodEvaluation.Report report,
                                   double seconds, PrintStream out) {
        out.printf(Locale.ROOT, "model %s version %s (%s), measured in %.0f s%n", artifact.manifest().name(),
                artifact.version(), artifact.folder(), seconds);
        out.println(OodTable.header() + " | most confused (true->read count)");
        out.println(OodTable.row("mnist-test", metrics(mnist)));
        for (OodEvaluation.SetResult r : report.sets()) {
            out.println(OodTable.row(r.set().name(), r.metrics()) + " | " + String.join(", ", r.topConfusions(3)));
        }
        out.printf(Locale.ROOT, "mean accuracy beyond MNIST's test set: %.4f over %d sets%n", report.meanAccuracy(),
                report.sets().size());
        for (OodEvaluation.SetResult r : report.sets()) {
            if (!r.set().sources().isEmpty()) {
                out.println(r.set().name() + " from: " + String.join(", ", r.set().sources()));
            }
            if (r.set().rejected() > 0) {
                out.println(r.set().name() + ": " + r.set().rejected() + " pictures refused by the preprocessing");
            }
        }
    }

    private static void printJson(ModelArtifact artifact, ConfusionMatrix mnist, OodEvaluation.Report report,
                                  double seconds, PrintStream out) throws java.io.IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", artifact.manifest().name());
        doc.put("version", artifact.version());
        doc.put("folder", artifact.folder().toString());
        doc.put("mnistTest", metrics(mnist));
        doc.put("outOfDistribution", report.details());
        doc.put("seconds", Math.round(seconds * 10) / 10.0);
        doc.put("machine", Machine.describe());
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }
}
