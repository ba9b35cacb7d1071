package io.digits.trainer;

import io.digits.core.image.MnistPreprocessor;
import io.digits.mnist.MnistDataset;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch of shuffled batches, normalised (and optionally augmented, freshly per image) on a background
 * thread while the engine trains on the previous ones. The queue is bounded, so at most {@code depth}
 * batches wait in memory. {@link #stalledNanos()} says how long the training thread waited for data:
 * near zero means the preparation is hidden behind the training.
 */
public final class BatchPrefetcher implements Iterator<ImageBatch>, AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private final int batches;
    private Object next;
    private long stalledNanos;

    /**
     * @param data      the images
     * @param indices   which of them make up the epoch (shuffled here, not in place)
     * @param batchSize images per batch; the last batch may be smaller
     * @param augmentation changes to draw per image ({@link Augmentation#NONE} for none)
     * @param seed      seeds this epoch's order and distortions
     * @param depth     how many prepared batches may wait
     */
    public BatchPrefetcher(MnistDataset data, int[] indices, int batchSize, Augmentation augmentation, long seed,
                           int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.batches = (indices.length + batchSize - 1) / batchSize;
        int[] order = indices.clone();
        SplittableRandom random = new SplittableRandom(seed);
        StratifiedSplit.shuffle(order, random);
        this.worker = new Thread(() -> produce(data, order, batchSize, augmentation, random), "batch-prefetcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Batches in this epoch. */
    public int batches() {
        return batches;
    }

    private void produce(MnistDataset data, int[] order, int batchSize, Augmentation augmentation,
                         SplittableRandom random) {
        try {
            for (int start = 0; start < order.length; start += batchSize) {
                int n = Math.min(batchSize, order.length - start);
                float[] images = new float[n * MnistPreprocessor.PIXELS];
                int[] labels = new int[n];
                for (int k = 0; k < n; k++) {
                    int index = order[start + k];
                    float[] image = augmentation.augment(MnistPreprocessor.normalise(data.images()[index]), random);
                    System.arraycopy(image, 0, images, k * MnistPreprocessor.PIXELS, MnistPreprocessor.PIXELS);
                    labels[k] = data.label(index);
                }
                queue.put(new ImageBatch(images, labels));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            long t0 = System.nanoTime();
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
            stalledNanos += System.nanoTime() - t0;
            if (next instanceof RuntimeException failure) {
                next = END;
                throw new IllegalStateException("preparing a batch failed: " + failure.getMessage(), failure);
            }
        }
        return next != END;
    }

    @Override
    public ImageBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImageBatch batch = (ImageBatch) next;
        next = null;
        return batch;
    }

    /** How long the consumer has waited for batches so far. */
    public long stalledNanos() {
        return stalledNanos;
    }

    @Override
    public void close() {
        worker.interrupt();
        queue.clear();
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
