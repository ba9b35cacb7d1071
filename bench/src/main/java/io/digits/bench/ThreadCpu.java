package io.digits.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the live threads whose names contain a fragment: one Kafka Streams application's threads inside
 * the benchmark's JVM (its stream threads, their producers' and consumers' network threads, its state updater all
 * carry the application id), apart from the in-process broker, the sender and the reader sharing the process.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** Seconds of CPU the live threads named with {@code fragment} have used so far. */
    static double seconds(String fragment) {
        long nanos = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(fragment)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                nanos += Math.max(0, cpu);
            }
        }
        return nanos / 1e9;
    }
}
