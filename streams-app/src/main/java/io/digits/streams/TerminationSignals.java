package io.digits.streams;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop, so the service closes cleanly and exits 0. (With only a shutdown hook
 * the JVM would report 143 for SIGTERM, which Kubernetes and compose show as a failure.) Closing restores the
 * JVM's own handlers.
 */
final class TerminationSignals implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);
    private static final String[] SIGNALS = {"TERM", "INT"};

    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    private TerminationSignals() {
    }

    /** Runs {@code action} on SIGTERM or SIGINT instead of the JVM's default of exiting at once. */
    static TerminationSignals onTerminate(Runnable action) {
        TerminationSignals signals = new TerminationSignals();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                signals.previous.put(signal, Signal.handle(signal, s -> {
                    log.info("SIG{} received", name);
                    action.run();
                }));
            } catch (IllegalArgumentException e) {
                log.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
        return signals;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
