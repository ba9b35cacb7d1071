package io.digits.core.model.topic;

import io.digits.core.kafka.KafkaAuthorization;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.kafka.TopicCreation;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models topic, read and written with the layout of {@link ModelRecords}: {@link #read()} the whole topic into a
 * {@link ModelCatalog}; {@link #publish} a version (all its chunks and its manifest record in one transaction);
 * {@link #promote} and {@link #rollback} the live pointer; {@link #nominate} and {@link #clearCandidate} the candidate
 * pointer (the version shadow-scored beside the live one). Every failure is an {@link IOException} of one line.
 */
public final class ModelTopic {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTopic.class);
    /** Transactional ids of model publishers start with this (for a PREFIXED ACL). */
    public static final String TRANSACTIONAL_ID_PREFIX = "digits-models-";

    private final KafkaClients clients;
    private final String topic;
    private final Duration timeout;

    public ModelTopic(KafkaClients clients, String topic, Duration timeout) {
        this.clients = clients;
        this.topic = topic;
        this.timeout = timeout;
    }

    public String topic() {
        return topic;
    }

    /** The models topic as it should be created: compacted, one partition. */
    public static NewTopic newTopic(String topic, Short replicationFactor) {
        return new NewTopic(topic, Optional.of(1), Optional.ofNullable(replicationFactor))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Creates the topic if it is missing (one line {@link IllegalStateException} otherwise). */
    public void createIfMissing() {
        TopicCreation.createMissing(clients, List.of(newTopic(topic, null)));
    }

    /** Reads the whole topic, committed records only, up to its end offsets as of now. */
    public ModelCatalog read() throws IOException {
        ModelCatalog catalog = new ModelCatalog();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd(consumer, partitions, catalog);
        } catch (KafkaException e) {
            throw failure("cannot read", e);
        }
        return catalog;
    }

    /** A read_committed consumer of the topic with no group; the caller assigns and closes it. */
    public KafkaConsumer<String, byte[]> consumer() {
        String ms = Long.toString(timeout.toMillis());
        return clients.assignedConsumer(Map.of(), Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, timeout.toMillis() / 2)),
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The topic's partitions; an IOException if the cluster does not answer or the topic does not exist. */
    public List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) throws IOException {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IOException("cannot reach Kafka at " + clients.bootstrapServers() + " within "
                    + timeout.toSeconds() + " s", e);
        }
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** Polls {@code consumer} into {@code catalog} until it reaches the end offsets of {@code partitions} as of now. */
    public void readToEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, ModelCatalog catalog)
            throws IOException {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("cannot read the models topic " + topic + " to its end within "
                        + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                catalog.accept(r.key(), r.value(), headers(r.headers()));
            }
        }
    }

    private boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public static Map<String, String> headers(Headers headers) {
        Map<String, String> map = new HashMap<>();
        for (Header h : headers) {
            if (h.value() != null) {
                map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    /**
     * Sends {@code artifact} (chunks, then its manifest record) in one transaction; with {@code makeLive}, the
     * live pointer too, in the same transaction.
     */
    public VersionRecord publish(ModelArtifact artifact, boolean makeLive) throws IOException {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact, Instant.now());
        VersionRecord record = encoded.record();
        ProducerRecord<String, byte[]> pointer = null;
        if (makeLive) {
            pointer = livePointerRecord(next(read().live(record.name()), record));
        }
        return publish(encoded, pointer, makeLive ? " as live" : "");
    }

    /** Sends {@code artifact} like {@link #publish} and makes it the candidate, in the same transaction. */
    public VersionRecord publishCandidate(ModelArtifact artifact) throws IOException {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact, Instant.now());
        return publish(encoded, candidatePointerRecord(candidate(encoded.record())), " as candidate");
    }

    private VersionRecord publish(ModelRecords.Encoded encoded, ProducerRecord<String, byte[]> pointer, String as)
            throws IOException {
        VersionRecord record = encoded.record();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (ModelRecords.Chunk c : encoded.chunks()) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, c.key(record.name(), record.version()), c.data());
            c.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            records.add(r);
        }
        records.add(new ProducerRecord<>(topic, encoded.manifestKey(), ModelRecords.json(record)));
        if (pointer != null) {
            records.add(pointer);
        }
        send(record.name(), records, "publish " + record.name() + " version " + record.version());
        LOG.info("published {} version {} ({} bytes in {} chunks) on {}{}", record.name(), record.version(),
                record.size(), record.chunks().size(), topic, as);
        return record;
    }

    /**
     * Makes {@code version} live after checking it is complete and verifies; returns the new pointer. When it was
     * the candidate, the candidate pointer is cleared in the same transaction.
     */
    public LivePointer promote(String name, String version) throws IOException, ArtifactRejectedException {
        ModelCatalog catalog = read();
        VersionRecord record = verified(catalog, name, version);
        LivePointer pointer = next(catalog.live(name), record);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(livePointerRecord(pointer));
        boolean wasCandidate = catalog.candidate(name).map(c -> c.version().equals(version)).orElse(false);
        if (wasCandidate) {
            records.add(new ProducerRecord<>(topic, ModelRecords.candidateKey(name), null));
        }
        send(name, records, "make " + name + " version " + version + " live");
        LOG.info("model {} version {} is live on {}{}", name, version, topic, wasCandidate ? " (was the candidate)" : "");
        return pointer;
    }

    /** Makes {@code version} the candidate after checking it is complete and verifies; returns the new pointer. */
    public CandidatePointer nominate(String name, String version) throws IOException, ArtifactRejectedException {
        ModelCatalog catalog = read();
        VersionRecord record = verified(catalog, name, version);
        Optional<LivePointer> live = catalog.live(name);
        if (live.isPresent() && live.get().version().equals(version)) {
            throw new ArtifactRejectedException("model " + name + " version " + version + " is live on " + topic
                    + "; a candidate is another version");
        }
        CandidatePointer pointer = candidate(record);
        send(name, List.of(candidatePointerRecord(pointer)), "make " + name + " version " + version + " the candidate");
        LOG.info("model {} version {} is the candidate on {}", name, version, topic);
        return pointer;
    }

    /** Clears the candidate pointer; returns the candidate it cleared. */
    public CandidatePointer clearCandidate(String name) throws IOException, ArtifactRejectedException {
        CandidatePointer current = read().candidate(name).orElseThrow(() -> new ArtifactRejectedException(
                "model " + name + " has no candidate on " + topic));
        send(name, List.of(new ProducerRecord<>(topic, ModelRecords.candidateKey(name), null)),
                "clear the candidate of " + name);
        LOG.info("model {} has no candidate on {} (was {})", name, topic, current.version());
        return current;
    }

    /** The manifest record of {@code version}, its ids checked and its chunks reassembled and verified. */
    private VersionRecord verified(ModelCatalog catalog, String name, String version)
            throws ArtifactRejectedException {
        VersionRecord record = catalog.version(name, version).orElseThrow(() -> new ArtifactRejectedException(
                "no version " + version + " of model " + name + " on " + topic));
        ModelArtifact.checkIds(record.manifest(), name + " version " + version);
        ModelRecords.reassemble(record, catalog.chunks(name, version));
        return record;
    }

    /** Returns to the version live before the current one; returns the new pointer. */
    public LivePointer rollback(String name) throws IOException, ArtifactRejectedException {
        ModelCatalog catalog = read();
        LivePointer current = catalog.live(name).orElseThrow(() -> new ArtifactRejectedException(
                "no live version of model " + name + " on " + topic));
        for (String earlier : current.previous()) {
            Optional<VersionRecord> record = catalog.version(name, earlier);
            if (record.isPresent()) {
                LivePointer pointer = current.rolledBackTo(earlier, record.get().manifest().sha256(), Instant.now());
                writePointer(pointer);
                return pointer;
            }
        }
        throw new ArtifactRejectedException("model " + name + " has no earlier live version on " + topic
                + " to roll back to (live: " + current.version() + ")");
    }

    private static LivePointer next(Optional<LivePointer> current, VersionRecord record) {
        return LivePointer.succeeding(current, record.name(), record.version(), record.manifest().sha256(), Instant.now());
    }

    private static CandidatePointer candidate(VersionRecord record) {
        return CandidatePointer.nominated(record.name(), record.version(), record.manifest().sha256(), Instant.now());
    }

    private ProducerRecord<String, byte[]> livePointerRecord(LivePointer pointer) {
        return new ProducerRecord<>(topic, ModelRecords.liveKey(pointer.name()), ModelRecords.json(pointer));
    }

    private ProducerRecord<String, byte[]> candidatePointerRecord(CandidatePointer pointer) {
        return new ProducerRecord<>(topic, ModelRecords.candidateKey(pointer.name()), ModelRecords.json(pointer));
    }

    private void writePointer(LivePointer pointer) throws IOException {
        send(pointer.name(), List.of(livePointerRecord(pointer)),
                "make " + pointer.name() + " version " + pointer.version() + " live");
        LOG.info("model {} version {} is live on {}", pointer.name(), pointer.version(), topic);
    }

    private void send(String name, List<ProducerRecord<String, byte[]>> records, String what) throws IOException {
        long ms = timeout.toMillis();
        Map<String, String> forced = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + name + "-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(ms),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, ms / 2)),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, ms / 2) + 1000),
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 << 20));
        try (KafkaProducer<String, byte[]> producer =
                     clients.producer(Map.of(), forced, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (ProducerRecord<String, byte[]> r : records) {
                    producer.send(r);
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException ignored) {
                    // the transaction times out on the broker
                }
                throw e;
            }
        } catch (KafkaException e) {
            throw failure("cannot " + what + " on", e);
        }
    }

    private IOException failure(String what, KafkaException e) {
        Optional<AuthorizationException> refused = KafkaAuthorization.find(e);
        if (refused.isPresent()) {
            // Read and Write on the topic, Write on the transactional ids (SECURITY.md, the trainer's row)
            KafkaAuthorization.Access access = new KafkaAuthorization.Access(KafkaAuthorization.principal(clients),
                    Map.of(topic, "Read, Write"), null, null, TRANSACTIONAL_ID_PREFIX);
            return new IOException(KafkaAuthorization.describe(e, refused.get(), access), e);
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String reason = String.valueOf(t.getMessage()).lines().findFirst().orElse(t.getClass().getSimpleName());
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            reason = "no answer from Kafka at " + clients.bootstrapServers() + " within " + timeout.toSeconds() + " s";
        }
        return new IOException(what + " " + topic + " via " + clients.bootstrapServers() + ": " + reason, e);
    }
}
