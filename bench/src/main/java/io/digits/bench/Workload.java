package io.digits.bench;

/** Something whose rate (images or multiply-adds per second) is measured for a while at a time. */
public interface Workload extends AutoCloseable {

    /** Names the workload in the table, e.g. "djl batch 32, 2 threads x 1". */
    String name();

    /** Runs for about {@code seconds}; returns the units done and the wall-clock and CPU time they took. */
    Sample measure(double seconds) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
