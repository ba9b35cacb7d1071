package io.digits.bench;

/** Something whose rate (images or multiply-adds per second) is measured for a while at a time. */
public interface Workload extends AutoCloseable {

    /** Names the workload in the table, e.g. "djl batch 32, 2 threads x 1". */
    String name();

    /** Runs for about {@code seconds} and returns the units done per wall-clock second. */
    double measure(double seconds) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
