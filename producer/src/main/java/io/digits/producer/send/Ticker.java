package io.digits.producer.send;

import java.util.concurrent.locks.LockSupport;

/** Time as the rate control sees it: the system's in production, a fake one in tests. */
public interface Ticker {
    /** The system clock: {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    };

    /** A monotonic time in nanoseconds (only differences mean something). */
    long nanoTime();

    /** Waits about {@code nanos} (possibly longer). */
    void sleepNanos(long nanos) throws InterruptedException;
}
