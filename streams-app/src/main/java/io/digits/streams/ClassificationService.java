package io.digits.streams;

import io.digits.core.kafka.KafkaAuthorization;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelRegistry;
import io.digits.streams.http.StatusHttpServer;
import io.digits.streams.metrics.ServingMetrics;
import io.digits.streams.model.ModelReloader;
import io.digits.streams.model.ModelRole;
import io.digits.streams.model.ModelTopicFollower;
import io.digits.streams.model.ServedModel;
import io.digits.streams.model.ThreadClassifiers;
import io.digits.streams.topology.ClassificationTopology;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running classification service: the model, the Kafka Streams topology, the meters and the HTTP port, started
 * in that order and closed in reverse. {@link ServeCommand} runs one until SIGTERM; the integration tests run one
 * against an embedded broker.
 */
public final class ClassificationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClassificationService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    /** More thread replacements than this within {@link #REPLACEMENT_WINDOW} stop the client instead. */
    private static final int MAX_REPLACEMENTS = 10;
    private static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(1);

    private final ServeConfig config;
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final ServingMetrics metrics;
    private final ServedModel served;
    private final ModelReloader reloader;
    private final ThreadClassifiers classifiers;
    private final ServedModel candidate;
    private final ModelReloader candidateReloader;
    private final ThreadClassifiers candidateClassifiers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<Long> replacements = new ArrayDeque<>();
    private StatusHttpServer http;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private ModelTopicFollower follower;
    private volatile boolean failed;
    private volatile String failure;

    private ClassificationService(ServeConfig config) {
        this.config = config;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new ServingMetrics(registry);
        this.served = new ServedModel(metrics, ModelRole.LIVE);
        this.reloader = new ModelReloader(new ModelRegistry(config.registry()), config.modelName(), served, metrics);
        this.classifiers = new ThreadClassifiers(served);
        this.candidate = new ServedModel(metrics, ModelRole.CANDIDATE);
        this.candidateReloader = new ModelReloader(new ModelRegistry(config.registry()), config.modelName(), candidate,
                metrics);
        this.candidateReloader.followTopic();
        this.candidateClassifiers = new ThreadClassifiers(candidate);
    }

    /**
     * Starts the service: HTTP port, JVM meters, model, topics, streams, model watch and models topic.
     *
     * @throws ArtifactRejectedException no model to serve (one line)
     * @throws IOException the HTTP port cannot be bound
     * @throws IllegalStateException the cluster is unreachable or a topic cannot be created (one line)
     */
    public static ClassificationService start(ServeConfig config) throws ArtifactRejectedException, IOException {
        ClassificationService service = new ClassificationService(config);
        try {
            service.startAll();
            return service;
        } catch (ArtifactRejectedException | IOException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startAll() throws ArtifactRejectedException, IOException {
        log.info("starting: {}", config.describe());
        bindProcessMeters();
        http = StatusHttpServer.start(config.httpPort(), registry, this::notReadyReason);
        try {
            MissingTopics.create(config);
        } catch (KafkaAuthorization.Refused e) {
            throw new KafkaAuthorization.Refused(KafkaAuthorization.invisibleTopic(e, access()), e);
        }
        try {
            loadInitialModel();
        } catch (IOException | RuntimeException e) {
            // no Read on the models topic: one line naming the ACL, not a stack trace
            Optional<AuthorizationException> refused = KafkaAuthorization.find(e);
            if (refused.isPresent()) {
                throw new KafkaAuthorization.Refused(KafkaAuthorization.describe(e, refused.get(), access()), e);
            }
            throw e;
        }
        Topology topology = ClassificationTopology.build(config, classifiers, candidateClassifiers, follower,
                metrics);
        log.debug("topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, config.streamsProperties(metrics));
        streams.setUncaughtExceptionHandler(this::onStreamThreadDeath);
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                failed |= now == KafkaStreams.State.ERROR;
                stopped.countDown();
            }
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
        if (config.pinnedVersion() == null) {
            reloader.watch(config.modelPollInterval());
            follower.start(this::onModelTopicFailed);
        } else {
            follower.close();
            follower = null;
        }
    }

    /**
     * The first model: a pinned version (from the registry folder, fetched from the models topic if the folder
     * lacks it); else the version live on the models topic, fetched into the folder; else, while nothing is live on
     * the topic, the folder's newest (offline use). Unless pinned, the candidate the topic names too, if it verifies.
     */
    private void loadInitialModel() throws ArtifactRejectedException, IOException {
        follower = ModelTopicFollower.open(config, reloader, candidateReloader, metrics);
        String pinned = config.pinnedVersion();
        if (pinned != null) {
            follower.installIfOnTopic(pinned);
            reloader.loadInitial(pinned);
            return;
        }
        var live = follower.live();
        if (live.isPresent()) {
            String version = live.get().version();
            try {
                follower.installIfOnTopic(version);
            } catch (ArtifactRejectedException e) {
                metrics.modelRejected();
                throw new ArtifactRejectedException("the live model on " + config.topics().models() + " is refused: "
                        + e.getMessage(), e);
            }
            reloader.followTopic();
            reloader.loadInitial(version);
        } else {
            try {
                reloader.loadInitial(null);
            } catch (ArtifactRejectedException e) {
                throw new ArtifactRejectedException("nothing live on " + config.topics().models() + ", and "
                        + e.getMessage(), e);
            }
        }
        follower.followCandidate();
    }

    private void bindProcessMeters() {
        JvmGcMetrics gc = new JvmGcMetrics();
        binders.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    /** What this service does on Kafka, to name a missing ACL (SECURITY.md, the classifier's table). */
    KafkaAuthorization.Access access() {
        TopicNames t = config.topics();
        Map<String, String> ops = new LinkedHashMap<>();
        ops.put(t.images(), "Read");
        ops.put(t.models(), config.autoPromote() == null ? "Read" : "Read, Write"); // --auto-promote writes the pointers
        ops.put(t.predictions(), "Write");
        ops.put(t.deadLetters(), "Write");
        ops.put(t.review(), "Write");
        ops.put(t.shadowPredictions(), "Write");
        String prefix = config.applicationId() + "-";
        return new KafkaAuthorization.Access(KafkaAuthorization.principal(config.clients()), ops, prefix,
                config.applicationId(), prefix);
    }

    /** An ACL is missing: retrying cannot help, so stop with one line that names it. */
    private void failOnAuthorization(Throwable chain, AuthorizationException e) {
        String line = KafkaAuthorization.describe(chain, e, access());
        if (failure == null) {
            failure = line;
            log.error("{}", line);
        }
        failed = true;
        stopped.countDown();
    }

    private void onModelTopicFailed(RuntimeException e) {
        KafkaAuthorization.find(e).ifPresent(a -> failOnAuthorization(e, a));
    }

    private synchronized StreamThreadExceptionResponse onStreamThreadDeath(Throwable e) {
        classifiers.closeForCurrentThread();
        candidateClassifiers.closeForCurrentThread();
        Optional<AuthorizationException> refused = KafkaAuthorization.find(e);
        if (refused.isPresent()) {
            failOnAuthorization(e, refused.get());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = System.nanoTime();
        replacements.addLast(now);
        while (!replacements.isEmpty() && now - replacements.peekFirst() > REPLACEMENT_WINDOW.toNanos()) {
            replacements.removeFirst();
        }
        if (replacements.size() > MAX_REPLACEMENTS) {
            log.error("stream thread {} failed, the {}th time within {} s; stopping: {}", Thread.currentThread().getName(),
                    replacements.size(), REPLACEMENT_WINDOW.toSeconds(), e.toString(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("stream thread {} failed; replacing it (uncommitted records are processed again): {}",
                Thread.currentThread().getName(), e.toString(), e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Null when the service can classify: streams RUNNING and a model loaded; else why not. */
    public String notReadyReason() {
        if (served.version().isEmpty()) {
            return "no model loaded";
        }
        KafkaStreams s = streams;
        if (s == null) {
            return "Kafka Streams not started";
        }
        KafkaStreams.State state = s.state();
        return state == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + state;
    }

    /** Waits until Kafka Streams stops by itself (fatal error) or {@code timeout} passes; true if it stopped. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** The one line naming the ACL this service lacks, when that is why it stopped; else null. */
    public String failure() {
        return failure;
    }

    /** Whether Kafka Streams stopped in the ERROR state (or an ACL is missing). */
    public boolean failed() {
        return failed;
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public ServedModel servedModel() {
        return served;
    }

    /** The candidate scored beside the live model (serving no version while none is set). */
    public ServedModel candidateModel() {
        return candidate;
    }

    /** Checks the registry for a new model now (tests; the watch does it on its schedule). */
    public boolean reloadNow() {
        return reloader.checkNow();
    }

    /** Closes in reverse order of start: model watch and models topic, streams (committing), classifiers, model, meters, HTTP. */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
        reloader.close();
        if (streams != null) {
            // leave the group at once, so the partitions move to the other instances without waiting for a timeout
            if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT))) {
                log.warn("Kafka Streams did not close within {} s", CLOSE_TIMEOUT.toSeconds());
            }
        }
        classifiers.close();
        candidateClassifiers.close();
        served.close();
        candidate.close();
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                log.debug("closing a meter binder: {}", e.toString());
            }
        }
        if (http != null) {
            http.close();
        }
        registry.close();
        log.info("stopped");
    }
}
