package io.digits.streams.model;

import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelCatalog;
import io.digits.core.model.topic.ModelTopic;
import io.digits.streams.ServeConfig;
import io.digits.streams.metrics.ServingMetrics;
import io.digits.streams.promotion.ModelPointers;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic ({@link ModelTopic}): reads it from the beginning at start ({@link #open}), then keeps
 * reading it ({@link #start}); whenever the live pointer of the served model name names another version, that version
 * is reassembled, verified and cached in the local registry folder, then served ({@link ModelReloader#switchTo}). A
 * version that cannot be trusted is refused once per checksum (a log line and
 * {@code digits.model.loads{outcome="rejected"}}) and the current model keeps serving. The candidate pointer is
 * followed the same way into the candidate's reloader; a refused candidate, and a cleared one, is not scored.
 */
public final class ModelTopicFollower implements ModelPointers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelTopicFollower.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ModelTopic topic;
    private final ModelRegistry cache;
    private final String name;
    private final ModelReloader reloader;
    private final ModelReloader candidate;
    private final ServingMetrics metrics;
    private final ModelCatalog catalog = new ModelCatalog();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> refused = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<RuntimeException> onFailure = e -> { };

    private ModelTopicFollower(ServeConfig config, ModelReloader reloader, ModelReloader candidate,
                               ServingMetrics metrics) {
        this.topic = new ModelTopic(config.clients(), config.topics().models(), TIMEOUT);
        this.cache = new ModelRegistry(config.registry());
        this.name = config.modelName();
        this.reloader = reloader;
        this.candidate = candidate;
        this.metrics = metrics;
        this.consumer = config.clients().assignedConsumer(Map.of(), Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-models",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20)),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        this.thread = new Thread(this::run, "digits-model-topic");
        this.thread.setDaemon(true);
    }

    /**
     * Reads the models topic to its end; {@code reloader} serves the live version, {@code candidate} the candidate.
     *
     * @throws IOException one line: the cluster does not answer
     */
    public static ModelTopicFollower open(ServeConfig config, ModelReloader reloader, ModelReloader candidate,
                                          ServingMetrics metrics) throws IOException {
        ModelTopicFollower follower = new ModelTopicFollower(config, reloader, candidate, metrics);
        try {
            List<TopicPartition> partitions = follower.topic.partitions(follower.consumer);
            follower.consumer.assign(partitions);
            follower.consumer.seekToBeginning(partitions);
            follower.topic.readToEnd(follower.consumer, partitions, follower.catalog);
            return follower;
        } catch (IOException | RuntimeException e) {
            follower.consumer.close(Duration.ofSeconds(5));
            throw e instanceof IOException io ? io
                    : new IOException("cannot read the models topic " + follower.topic.topic() + ": " + e.getMessage(), e);
        }
    }

    /** The live pointer of the served model name, as read so far. */
    @Override
    public synchronized Optional<LivePointer> live() {
        return catalog.live(name);
    }

    /** The candidate pointer of the served model name, as read so far. */
    @Override
    public synchronized Optional<CandidatePointer> candidate() {
        return catalog.candidate(name);
    }

    /**
     * Puts {@code version} into the local registry folder if the topic has it and the folder does not.
     *
     * @throws ArtifactRejectedException the version on the topic cannot be trusted
     */
    public synchronized void installIfOnTopic(String version) throws ArtifactRejectedException {
        if (catalog.version(name, version).isPresent()) {
            catalog.install(cache, name, version);
        }
    }

    /**
     * Follows the topic from where {@link #open} stopped; {@code onFailure} hears why, if following stops for good
     * (the service stops on a missing ACL).
     */
    public void start(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    synchronized (this) {
                        for (ConsumerRecord<String, byte[]> r : records) {
                            catalog.accept(r.key(), r.value(), ModelTopic.headers(r.headers()));
                        }
                    }
                    followLive();
                    followCandidate();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("stopped following the models topic {}; the current model keeps serving: {}", topic.topic(),
                    e.toString());
            onFailure.accept(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Serves the live version if it is new and not refused before. */
    synchronized void followLive() {
        Optional<LivePointer> live = catalog.live(name);
        if (live.isEmpty()) {
            return;
        }
        reloader.followTopic();
        serve(reloader, live.get().version(), live.get().sha256());
    }

    /**
     * Scores the candidate the topic names, if it is new and not refused before; scores none when the pointer is
     * cleared or names a version that cannot be trusted (a log line, counted as rejected). Never throws for the
     * candidate's sake: the live model serves regardless.
     */
    public synchronized void followCandidate() {
        Optional<CandidatePointer> pointer = catalog.candidate(name);
        if (pointer.isEmpty() || !serve(candidate, pointer.get().version(), pointer.get().sha256())) {
            candidate.withdraw();
        }
    }

    /**
     * Installs {@code version} from the topic into the cache and serves it through {@code into}, unless it was
     * refused before (once per role, version and checksum); returns whether it serves.
     */
    private boolean serve(ModelReloader into, String version, String sha256) {
        String key = into.role().tag() + " " + version + "@" + sha256;
        if (refused.contains(key)) {
            return false;
        }
        try {
            try {
                catalog.install(cache, name, version);
            } catch (ArtifactRejectedException e) {
                metrics.modelRejected();
                throw e;
            }
            into.switchTo(version);
            return true;
        } catch (ArtifactRejectedException e) {
            refused.add(key);
            if (into.role() == ModelRole.LIVE) {
                log.warn("refused model {} version {} from {}; still serving {}: {}", name, version, topic.topic(),
                        into.servedVersion().orElse("nothing"), e.getMessage());
            } else {
                log.warn("refused candidate model {} version {} from {}; scoring no candidate: {}", name, version,
                        topic.topic(), e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
