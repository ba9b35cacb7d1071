package io.digits.bench;

import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.LoadedModel;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Items 1, 2 and the in-process half of 4: our classifier per thread at each batch size, the best use of all
 * cores, the old way (one predictor spread over the cores), the Python peer with the same weights, and large
 * kernels through the same engine as the compute limit. All in the same interleaved rounds.
 */
final class RawInferenceBench {
    static final int[] PER_THREAD_BATCHES = {1, 8, 32, 128};
    static final int BEST_BATCH = 32;
    static final int[] PYTHON_BATCHES = {1, 32, 256};

    /** What the rounds measured, and how closely the peer's probabilities agree with ours. */
    record Result(Measurements measurements, int cores, double peerMaxProbabilityDifference, String peerTorchVersion) {

        String perThread(int batch) {
            return ClassifierWorkload.name(batch, 1, 1);
        }

        /** Our best use of all cores at batch 32: one classifier per core, or one spread over the cores. */
        String djlBest() {
            String perCore = ClassifierWorkload.name(BEST_BATCH, cores, 1);
            String spread = spreadPredictor(BEST_BATCH);
            if (cores < 2 || measurements.stats(perCore).median() >= measurements.stats(spread).median()) {
                return perCore;
            }
            return spread;
        }

        String spreadPredictor(int batch) {
            return ClassifierWorkload.name(batch, 1, cores);
        }

        String peak(EnginePeakWorkload.Kernel kernel) {
            return EnginePeakWorkload.name(kernel, cores);
        }

        String python(int batch, int threads) {
            return PythonPeer.inferenceName(batch, threads);
        }

        boolean hasPeer() {
            return peerTorchVersion != null;
        }

        /** The Python peer at its best batch size (best median at all cores). */
        String pythonBest() {
            return python(pythonBestBatch(), cores);
        }

        int pythonBestBatch() {
            int best = PYTHON_BATCHES[0];
            for (int batch : PYTHON_BATCHES) {
                if (measurements.stats(python(batch, cores)).median() > measurements.stats(python(best, cores)).median()) {
                    best = batch;
                }
            }
            return best;
        }
    }

    private RawInferenceBench() {
    }

    static Result run(LoadedModel model, PythonPeer peer, Path workDir, InterleavedRounds rounds, Consumer<String> progress)
            throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        float[][] images = testImages(512);
        double difference = Double.NaN;
        if (peer != null) {
            Path weights = workDir.resolve("weights.f32");
            WeightsFile.write(model.model().getBlock(), weights);
            peer.command("weights " + weights);
            difference = maxDifference(model, peer, images, workDir);
            progress.accept("the Python peer has our weights: largest probability difference " + difference);
        }
        List<Workload> workloads = new ArrayList<>();
        try {
            for (int batch : PER_THREAD_BATCHES) {
                workloads.add(new ClassifierWorkload(model, batch, 1, 1, images));
            }
            if (cores > 1) {
                workloads.add(new ClassifierWorkload(model, BEST_BATCH, cores, 1, images));
                workloads.add(new ClassifierWorkload(model, 1, 1, cores, images));
                workloads.add(new ClassifierWorkload(model, BEST_BATCH, 1, cores, images));
            }
            for (EnginePeakWorkload.Kernel kernel : EnginePeakWorkload.Kernel.values()) {
                workloads.add(new EnginePeakWorkload(kernel, cores));
            }
            if (peer != null) {
                for (int batch : PYTHON_BATCHES) {
                    workloads.add(peer.inference(batch, cores));
                }
                workloads.add(peer.inference(BEST_BATCH, 1));
            }
            return new Result(rounds.run(workloads), cores, difference, peer == null ? null : peer.torchVersion());
        } finally {
            for (Workload workload : workloads) {
                workload.close();
            }
        }
    }

    /** Real MNIST test images when this machine has them, else MNIST-like random ones. */
    static float[][] testImages(int count) throws IOException {
        MnistFiles files = MnistFiles.defaultLocation();
        if (!files.valid()) {
            return ClassifierWorkload.randomImages(count);
        }
        MnistDataset test = files.test().limit(count);
        float[][] images = new float[test.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = MnistPreprocessor.normalise(test.images()[i]);
        }
        return images;
    }

    private static double maxDifference(LoadedModel model, PythonPeer peer, float[][] images, Path workDir) throws IOException {
        float[][] sample = Arrays.copyOf(images, 64);
        float[][] theirs = peer.classify(sample, workDir);
        float[][] ours;
        try (DigitClassifier classifier = model.newClassifier()) {
            ours = classifier.classify(sample);
        }
        double max = 0;
        for (int i = 0; i < sample.length; i++) {
            for (int c = 0; c < DigitNetwork.CLASSES; c++) {
                max = Math.max(max, Math.abs(ours[i][c] - theirs[i][c]));
            }
        }
        return max;
    }
}
