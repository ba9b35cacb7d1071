package io.digits.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The machine's practical peak through the same engine, in multiply-adds per second: {@code threads} threads
 * each running one large kernel over and over. A matrix multiply goes through PyTorch's BLAS, a wide
 * convolution through oneDNN (the library our network's convolutions use); the faster of the two is the peak.
 */
final class EnginePeakWorkload implements Workload {
    /** The large kernels. */
    enum Kernel {
        /** 1024 x 1024 times 1024 x 1024. */
        MATMUL("matmul 1024x1024x1024", 1024L * 1024 * 1024),
        /** 8 x 256 x 28 x 28 input, 256 filters of 3 x 3 x 256, padding 1. */
        CONV("conv 3x3 256->256 on 8x28x28", 8L * 28 * 28 * 256 * 256 * 9);

        final String label;
        final long multiplyAdds;

        Kernel(String label, long multiplyAdds) {
            this.label = label;
            this.multiplyAdds = multiplyAdds;
        }
    }

    private final Kernel kernel;
    private final PinnedThreads threads;
    private final NDManager[] managers;
    private final NDArray[][] operands;

    EnginePeakWorkload(Kernel kernel, int threads) {
        this.kernel = kernel;
        this.threads = new PinnedThreads("peak", threads);
        this.managers = new NDManager[threads];
        this.operands = new NDArray[threads][];
    }

    @Override
    public String name() {
        return name(kernel, threads.count());
    }

    static String name(Kernel kernel, int threads) {
        return kernel.label + ", " + threads + " thread" + (threads > 1 ? "s" : "") + " x 1 intra-op";
    }

    @Override
    public Sample measure(double seconds) throws Exception {
        return threads.run(seconds, (index, deadline) -> {
            if (managers[index] == null) {
                JniUtils.setNumThreads(1);
                JniUtils.setGradMode(false);
                managers[index] = NDManager.newBaseManager("PyTorch");
                operands[index] = operands(managers[index]);
            }
            long done = 0;
            do {
                try (NDManager scratch = managers[index].newSubManager()) {
                    NDArray result = compute(operands[index]);
                    result.attach(scratch);
                }
                done += kernel.multiplyAdds;
            } while (System.nanoTime() < deadline);
            return done;
        });
    }

    private NDArray[] operands(NDManager manager) {
        return switch (kernel) {
            case MATMUL -> new NDArray[] {
                manager.randomUniform(-1, 1, new Shape(1024, 1024)), manager.randomUniform(-1, 1, new Shape(1024, 1024))};
            case CONV -> new NDArray[] {
                manager.randomUniform(0, 1, new Shape(8, 256, 28, 28)), manager.randomUniform(-1, 1, new Shape(256, 256, 3, 3))};
        };
    }

    private NDArray compute(NDArray[] in) {
        return switch (kernel) {
            case MATMUL -> in[0].matMul(in[1]);
            case CONV -> {
                NDList out = Conv2d.conv2d(in[0], in[1], null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
                yield out.singletonOrThrow();
            }
        };
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
