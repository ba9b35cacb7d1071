package io.digits.streams.model;

import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.streams.metrics.ServingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model version being served in one {@link ModelRole}, switched atomically when a new one is loaded. Classifiers
 * are leased from the current version; a replaced version is closed once the last classifier leased from it is
 * returned, so a thread finishes the record it is classifying with the model it started with. The candidate may be
 * withdrawn ({@link #withdraw}): then nothing is served in that role until the next {@link #serve}.
 */
public final class ServedModel implements AutoCloseable {
    private final ServingMetrics metrics;
    private final ModelRole role;
    private final List<Version> retired = new ArrayList<>();
    private volatile Version current;
    private boolean closed;

    public ServedModel(ServingMetrics metrics, ModelRole role) {
        this.metrics = metrics;
        this.role = role;
    }

    public ModelRole role() {
        return role;
    }

    /** Serves {@code model} from now on; the previous version is closed when its last classifier is returned. */
    public synchronized void serve(LoadedModel model) {
        if (closed) {
            model.close();
            throw new IllegalStateException("the served model is closed");
        }
        retire(new Version(model));
        metrics.serving(role, model.artifact().manifest());
    }

    /** Serves nothing from now on (a cleared candidate); the version is closed when its last classifier is returned. */
    public synchronized void withdraw() {
        if (current != null) {
            retire(null);
            metrics.withdrawn(role);
        }
    }

    private void retire(Version next) {
        Version previous = current;
        current = next;
        if (previous != null) {
            retired.add(previous);
            previous.closeIfUnused();
            retired.removeIf(v -> v.closed);
        }
    }

    /** The version being served, if a model was loaded. */
    public Optional<String> version() {
        Version v = current;
        return v == null ? Optional.empty() : Optional.of(v.model.version());
    }

    /** The loaded model being served, if any (for a look at its manifest). */
    public Optional<LoadedModel> current() {
        Version v = current;
        return v == null ? Optional.empty() : Optional.of(v.model);
    }

    /** Whether {@code lease} came from the version being served. */
    boolean isCurrent(Lease lease) {
        return lease.version == current;
    }

    /** A new classifier of the current version, for one thread (give it back with {@link #release}); empty if none serves. */
    synchronized Optional<Lease> lease() {
        if (closed || current == null) {
            return Optional.empty();
        }
        current.users++;
        return Optional.of(new Lease(current, current.model.newClassifier()));
    }

    /** Closes a leased classifier; closes its version too if that was replaced and this was its last user. */
    synchronized void release(Lease lease) {
        lease.classifier.close();
        lease.version.users--;
        if (lease.version != current) {
            lease.version.closeIfUnused();
            retired.removeIf(v -> v.closed);
        }
    }

    /** Closes every version; call after every classifier was released. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Version v : retired) {
            v.close();
        }
        retired.clear();
        if (current != null) {
            current.close();
        }
    }

    /** One classifier of one model version. */
    static final class Lease {
        private final Version version;
        private final DigitClassifier classifier;

        private Lease(Version version, DigitClassifier classifier) {
            this.version = version;
            this.classifier = classifier;
        }

        DigitClassifier classifier() {
            return classifier;
        }

        LoadedModel model() {
            return version.model;
        }
    }

    private static final class Version {
        private final LoadedModel model;
        private int users;
        private boolean closed;

        private Version(LoadedModel model) {
            this.model = model;
        }

        void closeIfUnused() {
            if (users == 0) {
                close();
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                model.close();
            }
        }
    }
}
