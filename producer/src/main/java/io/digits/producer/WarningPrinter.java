package io.digits.producer;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints one-line warnings to stderr, at most {@code limit} of them, so a thousand bad rows do not
 * flood the terminal; {@link #close()} says how many more there were. Thread-safe.
 */
public final class WarningPrinter implements AutoCloseable {
    private final PrintWriter err;
    private final long limit;
    private final AtomicLong count = new AtomicLong();

    public WarningPrinter(PrintWriter err, long limit) {
        this.err = err;
        this.limit = limit;
    }

    public void warn(String message) {
        if (count.incrementAndGet() <= limit) {
            synchronized (err) {
                err.println("warning: " + message);
                err.flush();
            }
        }
    }

    public long count() {
        return count.get();
    }

    @Override
    public void close() {
        long hidden = count.get() - limit;
        if (hidden > 0) {
            synchronized (err) {
                err.println("warning: " + hidden + " more warnings not shown (" + count.get() + " in all)");
                err.flush();
            }
        }
    }
}
