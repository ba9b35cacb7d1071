package io.digits.bench;

import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import java.util.Random;

/** {@code threads} threads, each classifying batches of {@code batch} images with its own classifier. */
final class ClassifierWorkload implements Workload {
    private final LoadedModel model;
    private final int batch;
    private final int intraOpThreads;
    private final PinnedThreads threads;
    private final DigitClassifier[] classifiers;
    private final float[][] images;

    ClassifierWorkload(LoadedModel model, int batch, int threads, int intraOpThreads, float[][] pool) {
        this.model = model;
        this.batch = batch;
        this.intraOpThreads = intraOpThreads;
        this.threads = new PinnedThreads("djl-b" + batch, threads);
        this.classifiers = new DigitClassifier[threads];
        this.images = new float[batch][];
        Random random = new Random(batch);
        for (int i = 0; i < batch; i++) {
            images[i] = pool[random.nextInt(pool.length)];
        }
    }

    @Override
    public String name() {
        return name(batch, threads.count(), intraOpThreads);
    }

    static String name(int batch, int threads, int intraOpThreads) {
        return "djl batch " + batch + ", " + threads + " thread" + (threads > 1 ? "s" : "") + " x " + intraOpThreads + " intra-op";
    }

    @Override
    public Sample measure(double seconds) throws Exception {
        return threads.run(seconds, (index, deadline) -> {
            if (classifiers[index] == null) {
                classifiers[index] = model.newClassifier(intraOpThreads);
            }
            DigitClassifier classifier = classifiers[index];
            long done = 0;
            do {
                classifier.classify(images);
                done += batch;
            } while (System.nanoTime() < deadline);
            return done;
        });
    }

    @Override
    public void close() throws Exception {
        for (DigitClassifier classifier : classifiers) {
            if (classifier != null) {
                classifier.close();
            }
        }
        threads.close();
    }

    /** {@code count} MNIST-like images: real ones when the caller has them, else random pixels. */
    static float[][] randomImages(int count) {
        Random random = new Random(7);
        float[][] images = new float[count][MnistPreprocessor.PIXELS];
        for (float[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat() < 0.8f ? 0f : random.nextFloat();
            }
        }
        return images;
    }
}
