package io.digits.streams.model;

import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link DigitClassifier} per stream thread (a DJL predictor is not thread-safe), of the model version being
 * served. A thread switches to a new version between two records, so every record is classified exactly once, by
 * one version. The classifier of a thread that died is closed by the next thread that asks (Kafka Streams replaces
 * dead threads), by {@link #closeForCurrentThread} from the uncaught-exception handler, or by {@link #close}.
 */
public final class ThreadClassifiers implements AutoCloseable {
    private final ServedModel model;
    private final Map<Thread, ServedModel.Lease> leases = new ConcurrentHashMap<>();

    public ThreadClassifiers(ServedModel model) {
        this.model = model;
    }

    /** A classifier and the model it runs (whose manifest names version and checksum). */
    public record Scorer(DigitClassifier classifier, LoadedModel model) {
    }

    /**
     * The calling thread's classifier of the version being served now.
     *
     * @throws IllegalStateException no model is being served
     */
    public Scorer forCurrentThread() {
        return forCurrentThreadIfServing().orElseThrow(() ->
                new IllegalStateException("no " + model.role().tag() + " model is being served"));
    }

    /** The calling thread's classifier of the version being served now; empty while none is (no candidate). */
    public Optional<Scorer> forCurrentThreadIfServing() {
        Thread thread = Thread.currentThread();
        ServedModel.Lease lease = leases.get(thread);
        if (lease != null && model.isCurrent(lease)) {
            return Optional.of(new Scorer(lease.classifier(), lease.model()));
        }
        if (lease != null) {
            leases.remove(thread);
            model.release(lease);
        } else {
            closeDeadThreads();
        }
        Optional<ServedModel.Lease> next = model.lease();
        next.ifPresent(l -> leases.put(thread, l));
        return next.map(l -> new Scorer(l.classifier(), l.model()));
    }

    /** Closes the calling thread's classifier (a stream thread that is about to die). */
    public void closeForCurrentThread() {
        ServedModel.Lease lease = leases.remove(Thread.currentThread());
        if (lease != null) {
            model.release(lease);
        }
    }

    private void closeDeadThreads() {
        leases.forEach((thread, lease) -> {
            if (!thread.isAlive() && leases.remove(thread, lease)) {
                model.release(lease);
            }
        });
    }

    /** Closes every thread's classifier; call once the stream threads have stopped. */
    @Override
    public void close() {
        leases.forEach((thread, lease) -> {
            if (leases.remove(thread, lease)) {
                model.release(lease);
            }
        });
    }
}
