package io.digits.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The benchmark JVM's CPU over a span, as cores busy on average: the service or the pass-through together with the
 * in-process broker, the sender and the reader, all on the same cores. It says how much of the machine a load left
 * free, which a latency at that load depends on.
 */
final class ProcessCpu {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long startCpuNanos;
    private final long startNanos;

    private ProcessCpu(long startCpuNanos, long startNanos) {
        this.startCpuNanos = startCpuNanos;
        this.startNanos = startNanos;
    }

    /** A span starting now. */
    static ProcessCpu start() {
        return new ProcessCpu(nanos(), System.nanoTime());
    }

    /** The CPU time this JVM has used so far, all threads, in nanoseconds. */
    static long nanos() {
        return OS.getProcessCpuTime();
    }

    /** CPU time used since the start over the wall time since it: 2.0 is two cores busy the whole span. */
    double cores() {
        long wall = System.nanoTime() - startNanos;
        return wall > 0 ? (double) (nanos() - startCpuNanos) / wall : Double.NaN;
    }
}
