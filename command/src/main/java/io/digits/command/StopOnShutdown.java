package io.digits.command;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C handling of a command: on shutdown, asks the running work to stop and waits (up to a
 * bound) until the command has printed its report and {@linkplain #close() closed} this; on a normal
 * end, {@link #close()} removes the hook.
 */
public final class StopOnShutdown implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private StopOnShutdown(String name, Runnable stop, Duration wait) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    public static StopOnShutdown install(String name, Runnable stop, Duration wait) {
        StopOnShutdown s = new StopOnShutdown(name, stop, wait);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and was waiting for us
        }
    }
}
