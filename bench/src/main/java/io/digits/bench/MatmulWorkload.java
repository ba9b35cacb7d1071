package io.digits.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The machine's practical peak through the same engine: {@code threads} threads each multiplying two
 * {@code size x size} float matrices, in multiply-adds per second.
 */
final class MatmulWorkload implements Workload {
    static final int SIZE = 1024;

    private final PinnedThreads threads;
    private final int intraOpThreads;
    private final NDManager[] managers;
    private final NDArray[][] operands;

    MatmulWorkload(int threads, int intraOpThreads) {
        this.threads = new PinnedThreads("matmul", threads);
        this.intraOpThreads = intraOpThreads;
        this.managers = new NDManager[threads];
        this.operands = new NDArray[threads][];
    }

    @Override
    public String name() {
        return name(threads.count(), intraOpThreads);
    }

    static String name(int threads, int intraOpThreads) {
        return "matmul " + SIZE + "x" + SIZE + ", " + threads + " thread" + (threads > 1 ? "s" : "") + " x "
                + intraOpThreads + " intra-op";
    }

    @Override
    public double measure(double seconds) throws Exception {
        return threads.rate(seconds, (index, deadline) -> {
            if (managers[index] == null) {
                JniUtils.setNumThreads(intraOpThreads);
                JniUtils.setGradMode(false);
                managers[index] = NDManager.newBaseManager("PyTorch");
                operands[index] = new NDArray[] {
                    managers[index].randomUniform(-1, 1, new Shape(SIZE, SIZE)),
                    managers[index].randomUniform(-1, 1, new Shape(SIZE, SIZE)),
                };
            }
            long done = 0;
            do {
                try (NDManager scratch = managers[index].newSubManager()) {
                    NDArray product = operands[index][0].matMul(operands[index][1]);
                    product.attach(scratch);
                }
                done += (long) SIZE * SIZE * SIZE;
            } while (System.nanoTime() < deadline);
            return done;
        });
    }

    @Override
    public void close() throws Exception {
        for (NDManager manager : managers) {
            if (manager != null) {
                manager.close();
            }
        }
        threads.close();
    }
}
