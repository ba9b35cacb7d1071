package io.digits.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StopOnShutdownTest {
    /** Hooks as the JVM keeps them: removing one fails once shutdown has started. */
    private static final class FakeHooks implements StopOnShutdown.Hooks {
        final List<Thread> hooks = new ArrayList<>();
        volatile boolean shuttingDown;

        @Override
        public void add(Thread hook) {
            hooks.add(hook);
        }

        @Override
        public void remove(Thread hook) {
            if (shuttingDown) {
                throw new IllegalStateException("Shutdown in progress");
            }
            hooks.remove(hook);
        }

        Thread shutDown() {
            shuttingDown = true;
            Thread hook = hooks.get(0);
            hook.start();
            return hook;
        }
    }

    @Test
    void aNormalEndRemovesTheHookWithoutStopping() {
        FakeHooks hooks = new FakeHooks();
        List<String> stops = new ArrayList<>();

        try (StopOnShutdown s = StopOnShutdown.install("test-shutdown", () -> stops.add("stop"), Duration.ofSeconds(5), hooks)) {
            assertThat(hooks.hooks).extracting(Thread::getName).containsExactly("test-shutdown");
        }

        assertThat(hooks.hooks).isEmpty();
        assertThat(stops).isEmpty();
    }

    @Test
    void onShutdownTheWorkIsStoppedAndTheHookWaitsUntilTheCommandHasFinished() throws InterruptedException {
        FakeHooks hooks = new FakeHooks();
        CountDownLatch stopped = new CountDownLatch(1);
        StopOnShutdown s = StopOnShutdown.install("test-shutdown", stopped::countDown, Duration.ofSeconds(30), hooks);

        Thread hook = hooks.shutDown();

        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        hook.join(200);
        assertThat(hook.isAlive()).as("waits for the report").isTrue();
        s.close(); // the command printed its report; removing the hook fails, as it does while the JVM shuts down
        hook.join(5_000);
        assertThat(hook.isAlive()).isFalse();
    }

    @Test
    void theHookWaitsNoLongerThanItsBound() throws InterruptedException {
        FakeHooks hooks = new FakeHooks();
        StopOnShutdown.install("test-shutdown", () -> { }, Duration.ofMillis(100), hooks);

        Thread hook = hooks.shutDown();

        hook.join(5_000);
        assertThat(hook.isAlive()).isFalse();
    }
}
