package io.digits.command;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM handling of a command, the one way every command does it: on shutdown, asks the running work
 * to stop and waits (up to a bound) until the command has finished what it does after a stop (printed its report,
 * deleted its draft) and {@linkplain #close() closed} this; on a normal end, {@link #close()} removes the hook.
 * <pre>{@code
 * try (StopOnShutdown ctrlC = StopOnShutdown.install("produce-shutdown", sender::stop, Duration.ofSeconds(30))) {
 *     ... run, then print the report ...
 * }
 * }</pre>
 */
public final class StopOnShutdown implements AutoCloseable {
    /** Where the hook is registered: the JVM's shutdown hooks, or a test's. */
    interface Hooks {
        Hooks JVM = new Hooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        };

        void add(Thread hook);

        /** @throws IllegalStateException when the JVM is already shutting down */
        void remove(Thread hook);
    }

    private final CountDownLatch done = new CountDownLatch(1);
    private final Hooks hooks;
    private final Thread hook;

    private StopOnShutdown(String name, Runnable stop, Duration wait, Hooks hooks) {
        this.hooks = hooks;
        this.hook = new Thread(() -> {
            stop.run();
            try {
                done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /**
     * Installs the shutdown hook.
     *
     * @param name the hook thread's name
     * @param stop asks the work to stop (called from the hook thread)
     * @param wait the longest the JVM waits, after {@code stop}, for {@link #close()}
     */
    public static StopOnShutdown install(String name, Runnable stop, Duration wait) {
        return install(name, stop, wait, Hooks.JVM);
    }

    static StopOnShutdown install(String name, Runnable stop, Duration wait, Hooks hooks) {
        StopOnShutdown s = new StopOnShutdown(name, stop, wait, hooks);
        hooks.add(s.hook);
        return s;
    }

    /** The work is done: lets a running hook end the JVM, or removes the hook. */
    @Override
    public void close() {
        done.countDown();
        try {
            hooks.remove(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and was waiting for us
        }
    }
}
