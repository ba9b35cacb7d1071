package io.digits.bench;

import io.digits.mnist.MnistFiles;
import io.digits.trainer.EpochStats;
import io.digits.trainer.Trainer;
import io.digits.trainer.TrainingOptions;
import io.digits.trainer.TrainingProfile;
import io.digits.trainer.TrainingResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Item 5: training images/s, the trainer ({@link Trainer}, in this JVM) against the trainer helper's Python peer
 * ({@code train_peer.py}): same network, loss, optimizer, batch size, thread count and images, no augmentation,
 * alternating round by round. The last epoch of each run counts (the first includes warm-up).
 */
final class TrainingBench {
    private static final Pattern PEER_EPOCH = Pattern.compile("peer epoch (\\d+): (\\d+) images in [0-9.]+ s = ([0-9.]+) img/s.*");

    /** Images per second of the last epoch, round by round. */
    record Result(List<Double> djl, List<Double> python, int images, int batch, int threads, int epochs) {
    }

    private TrainingBench() {
    }

    static Result run(String python, Path workDir, int images, int epochs, int batch, int threads, int rounds,
                      Consumer<String> progress) throws IOException, InterruptedException {
        Path script = PythonScripts.extract(workDir, "train_peer.py");
        List<Double> djl = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            progress.accept("training round " + round + "/" + rounds + ": Python peer, " + images + " images x " + epochs + " epochs");
            peer.add(python(python, script, images, epochs, batch, threads));
            progress.accept("training round " + round + "/" + rounds + ": DJL trainer");
            djl.add(djl(workDir.resolve("train-registry-" + round), images, epochs, batch, threads));
        }
        return new Result(djl, peer, images, batch, threads, epochs);
    }

    private static double djl(Path registry, int images, int epochs, int batch, int threads) throws IOException {
        // the trainer holds out a tenth for validation: give it 10/9 as many so it trains on `images` per epoch
        TrainingOptions options = TrainingOptions.of(TrainingProfile.QUICK)
                .withLimit((int) Math.ceil(images / 0.9))
                .withEpochs(epochs)
                .withBatchSize(batch)
                .withThreads(threads)
                .withAugment(false)
                .withProgress(false)
                .withRegistry(registry);
        TrainingResult result = new Trainer(MnistFiles.defaultLocation(), new PrintStream(OutputStream.nullOutputStream()))
                .run(options);
        List<EpochStats> history = result.history();
        return history.get(history.size() - 1).imagesPerSecond();
    }

    private static double python(String python, Path script, int images, int epochs, int batch, int threads)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, script.toString(), "--images", Integer.toString(images),
                "--epochs", Integer.toString(epochs), "--batch-size", Integer.toString(batch),
                "--threads", Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.appendTo(script.resolveSibling("train_peer.log").toFile()))
                .start();
        double last = Double.NaN;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = PEER_EPOCH.matcher(line.trim());
                if (m.matches()) {
                    last = Double.parseDouble(m.group(3));
                }
            }
        }
        if (process.waitFor() != 0 || Double.isNaN(last)) {
            throw new IOException("the Python training peer failed (exit " + process.exitValue() + "); see "
                    + script.resolveSibling("train_peer.log"));
        }
        return last;
    }
}
