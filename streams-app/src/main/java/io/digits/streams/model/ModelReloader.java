package io.digits.streams.model;

import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.streams.metrics.ServingMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the model to serve and keeps it current: at start the newest version in the registry (or a pinned one);
 * then, unless pinned, it watches the registry's {@code latest} and switches every stream thread to a newly
 * published version without a restart. A version that fails verification, loading or a trial inference is refused
 * once (a log line and {@code digits.model.loads{outcome="rejected"}}) and the current model keeps serving.
 * The candidate's reloader ({@link ServedModel#role()} {@link ModelRole#CANDIDATE}) is driven by the models topic
 * only: {@link #switchTo} and {@link #withdraw}.
 */
public final class ModelReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelReloader.class);

    private final ModelRegistry registry;
    private final String name;
    private final ServedModel served;
    private final ServingMetrics metrics;
    private final Set<String> refused = new HashSet<>();
    private volatile ScheduledExecutorService watcher;
    /** Set once the models topic names a live version: from then on the topic decides, not the folder's latest. */
    private volatile boolean topicDecides;

    public ModelReloader(ModelRegistry registry, String name, ServedModel served, ServingMetrics metrics) {
        this.registry = registry;
        this.name = name;
        this.served = served;
        this.metrics = metrics;
    }

    /**
     * Loads and serves the first model: {@code version}, or the newest when null.
     *
     * @throws ArtifactRejectedException with one line saying why there is nothing to serve
     */
    public void loadInitial(String version) throws ArtifactRejectedException {
        LoadedModel model;
        try {
            model = load(version != null ? version : registry.latest(name).version());
        } catch (ArtifactRejectedException e) {
            metrics.modelRejected();
            throw e;
        }
        served.serve(model);
        metrics.modelLoaded();
        log.info("serving model {} version {} (test accuracy {})", name, model.version(),
                model.artifact().manifest().testAccuracy());
    }

    /** Checks the registry every {@code interval} from now on. */
    public synchronized void watch(Duration interval) {
        if (watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "digits-model-reloader");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Switches to the registry's newest version if it is new, not refused before, and loads and classifies.
     *
     * @return whether a new version now serves
     */
    public synchronized boolean checkNow() {
        if (topicDecides) {
            return false;
        }
        Optional<String> newest;
        try {
            newest = newest();
        } catch (IOException e) {
            log.warn("cannot read the model registry {}: {}", registry.root(), e.getMessage());
            return false;
        }
        if (newest.isEmpty() || newest.equals(served.version()) || refused.contains(newest.get())) {
            return false;
        }
        String version = newest.get();
        LoadedModel model;
        try {
            model = load(version);
        } catch (ArtifactRejectedException e) {
            refused.add(version);
            metrics.modelRejected();
            log.warn("refused model {} version {}; still serving {}: {}", name, version,
                    served.version().orElse("nothing"), e.getMessage());
            return false;
        }
        String previous = served.version().orElse("nothing");
        served.serve(model);
        metrics.modelLoaded();
        log.info("switched model {} from {} to {} (test accuracy {})", name, previous, version,
                model.artifact().manifest().testAccuracy());
        return true;
    }

    /** What the model it loads is for. */
    public ModelRole role() {
        return served.role();
    }

    /** The version being served, if any. */
    public Optional<String> servedVersion() {
        return served.version();
    }

    /** From now on only {@link #switchTo} changes the model: the models topic names the live version. */
    public void followTopic() {
        topicDecides = true;
    }

    /**
     * Serves {@code version} of the registry (the topic's live version, just installed there) unless it already
     * serves: verifies, loads and tries it first.
     *
     * @return whether the model changed
     * @throws ArtifactRejectedException the version cannot be trusted (counted as rejected); the current one serves
     */
    public synchronized boolean switchTo(String version) throws ArtifactRejectedException {
        if (served.version().equals(Optional.of(version))) {
            return false;
        }
        LoadedModel model;
        try {
            model = load(version);
        } catch (ArtifactRejectedException e) {
            metrics.modelRejected();
            throw e;
        }
        String previous = served.version().orElse("nothing");
        served.serve(model);
        metrics.modelLoaded();
        log.info("switched {} model {} from {} to {} (sha256 {}, test accuracy {})", served.role().tag(), name,
                previous, version, model.artifact().manifest().sha256(), model.artifact().manifest().testAccuracy());
        return true;
    }

    /** Serves nothing from now on (the candidate was cleared); returns whether a version was served. */
    public synchronized boolean withdraw() {
        Optional<String> previous = served.version();
        served.withdraw();
        previous.ifPresent(v -> log.info("stopped serving {} model {} version {}", served.role().tag(), name, v));
        return previous.isPresent();
    }

    private void checkSafely() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.warn("model reload check failed: {}", e.toString());
        }
    }

    private Optional<String> newest() throws IOException {
        return registry.latestVersion(name);
    }

    /** Verifies, loads and tries one inference; the model is closed again if any step fails. */
    private LoadedModel load(String version) throws ArtifactRejectedException {
        ModelArtifact artifact = registry.open(name, version);
        if (!version.equals(artifact.version())) {
            throw new ArtifactRejectedException("model folder " + artifact.folder() + " holds a manifest of version "
                    + artifact.version());
        }
        LoadedModel model = LoadedModel.load(artifact);
        try (DigitClassifier trial = model.newClassifier()) {
            float[] probabilities = trial.classify(new float[MnistPreprocessor.PIXELS]);
            double sum = 0;
            for (float p : probabilities) {
                if (!Float.isFinite(p)) {
                    throw new ArtifactRejectedException("model " + name + " " + version + " outputs " + p);
                }
                sum += p;
            }
            if (probabilities.length != 10 || Math.abs(sum - 1) > 1e-3) {
                throw new ArtifactRejectedException("model " + name + " " + version
                        + " does not output 10 probabilities summing to 1");
            }
            return model;
        } catch (ArtifactRejectedException | RuntimeException e) {
            model.close();
            if (e instanceof ArtifactRejectedException a) {
                throw a;
            }
            throw new ArtifactRejectedException("model " + name + " " + version + " fails to classify: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService w = watcher;
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
