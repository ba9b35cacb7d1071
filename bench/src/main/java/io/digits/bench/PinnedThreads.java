package io.digits.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of threads that run one task each, started together: a workload keeps its threads (and the
 * per-thread native state PyTorch keeps on them) from one measurement to the next.
 */
final class PinnedThreads implements AutoCloseable {
    /** The work of one thread: runs until the deadline and returns the units done. */
    interface Task {
        long runUntil(int threadIndex, long deadlineNanos) throws Exception;
    }

    private final int count;
    private final ExecutorService pool;

    PinnedThreads(String name, int count) {
        this.count = count;
        AtomicInteger number = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    int count() {
        return count;
    }

    /**
     * Runs the task on every thread at once for {@code seconds}; returns the units done, the wall time from the
     * first start to the last end, and this process's CPU time meanwhile (PyTorch's own threads included).
     */
    Sample run(double seconds, Task task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(count);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            results.add(pool.submit(() -> {
                start.await();
                long begin = System.nanoTime();
                long done = task.runUntil(index, begin + (long) (seconds * 1e9));
                return new long[] {done, begin, System.nanoTime()};
            }));
        }
        long cpuBefore = ProcessCpu.nanos();
        long units = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Future<long[]> result : results) {
            long[] r = result.get();
            units += r[0];
            first = Math.min(first, r[1]);
            last = Math.max(last, r[2]);
        }
        return new Sample(units, (last - first) / 1e9, (ProcessCpu.nanos() - cpuBefore) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
