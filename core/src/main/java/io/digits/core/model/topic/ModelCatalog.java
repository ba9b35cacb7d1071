package io.digits.core.model.topic;

import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the models topic holds, record by record ({@link #accept}): the versions' manifest records and chunks, and
 * the live and candidate pointers, and the last automatic promotion decision. A version is installed into a local {@link ModelRegistry} (the cache) only once
 * its chunks reassemble and verify ({@link ModelRecords#reassemble}) and the artifact opens
 * ({@link ModelArtifact#open}). Not thread-safe.
 */
public final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final Map<String, VersionRecord> versions = new LinkedHashMap<>();
    private final Map<String, Map<Integer, ModelRecords.Chunk>> chunks = new HashMap<>();
    private final Map<String, LivePointer> live = new HashMap<>();
    private final Map<String, CandidatePointer> candidates = new HashMap<>();
    private final Map<String, PromotionDecision> decisions = new HashMap<>();
    private long malformed;

    /** One record of the topic, in offset order; a null value is a tombstone. Malformed records are skipped. */
    public void accept(String key, byte[] value, Map<String, String> headers) {
        if (key == null) {
            malformed++;
            return;
        }
        String[] parts = key.split("/", -1);
        try {
            if (parts.length == 2 && ModelRecords.LIVE.equals(parts[1])) {
                if (value == null) {
                    live.remove(parts[0]);
                } else {
                    live.put(parts[0], ModelRecords.parse(value, LivePointer.class));
                }
            } else if (parts.length == 2 && ModelRecords.CANDIDATE.equals(parts[1])) {
                if (value == null) {
                    candidates.remove(parts[0]);
                } else {
                    candidates.put(parts[0], ModelRecords.parse(value, CandidatePointer.class));
                }
            } else if (parts.length == 2 && ModelRecords.DECISION.equals(parts[1])) {
                if (value == null) {
                    decisions.remove(parts[0]);
                } else {
                    decisions.put(parts[0], ModelRecords.parse(value, PromotionDecision.class));
                }
            } else if (parts.length == 3 && ModelRecords.MANIFEST_PART.equals(parts[2])) {
                String id = parts[0] + "/" + parts[1];
                if (value == null) {
                    versions.remove(id);
                    chunks.remove(id);
                } else {
                    VersionRecord record = ModelRecords.parse(value, VersionRecord.class);
                    if (!record.name().equals(parts[0]) || !record.version().equals(parts[1])) {
                        throw new IOException("manifest record of " + record.name() + "/" + record.version());
                    }
                    versions.put(id, record);
                }
            } else if (parts.length == 3 && parts[2].matches("\\d{4,9}")) {
                String id = parts[0] + "/" + parts[1];
                int index = Integer.parseInt(parts[2]);
                if (value == null) {
                    Optional.ofNullable(chunks.get(id)).ifPresent(m -> m.remove(index));
                } else {
                    Optional<ModelRecords.Chunk> chunk = ModelRecords.chunk(index, headers, value);
                    if (chunk.isEmpty()) {
                        throw new IOException("chunk without its headers");
                    }
                    chunks.computeIfAbsent(id, k -> new TreeMap<>()).put(index, chunk.get());
                }
            } else {
                throw new IOException("unknown key");
            }
        } catch (IOException | RuntimeException e) {
            malformed++;
            LOG.warn("skipping record '{}' of the models topic: {}", key,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** Records that were not a chunk, manifest record, live or candidate pointer or decision. */
    public long malformed() {
        return malformed;
    }

    /** The versions of {@code name} whose manifest record was read, oldest first. */
    public List<VersionRecord> versions(String name) {
        List<VersionRecord> list = new ArrayList<>();
        versions.values().stream().filter(v -> v.name().equals(name)).forEach(list::add);
        list.sort(Comparator.comparing(VersionRecord::version, ModelRegistry.VERSION_ORDER));
        return list;
    }

    public Optional<VersionRecord> version(String name, String version) {
        return Optional.ofNullable(versions.get(name + "/" + version));
    }

    public Optional<LivePointer> live(String name) {
        return Optional.ofNullable(live.get(name));
    }

    /** The candidate shadow-scored beside the live version, if one is set. */
    public Optional<CandidatePointer> candidate(String name) {
        return Optional.ofNullable(candidates.get(name));
    }

    /** The last automatic promotion decision, if the service made one. */
    public Optional<PromotionDecision> decision(String name) {
        return Optional.ofNullable(decisions.get(name));
    }

    /** The chunks read for a version (possibly incomplete). */
    public Collection<ModelRecords.Chunk> chunks(String name, String version) {
        return chunks.getOrDefault(name + "/" + version, Map.of()).values();
    }

    /**
     * {@code version} of {@code name}, verified, from {@code cache} if it is there already, else reassembled from
     * the chunks read, checked and written into {@code cache}.
     *
     * @throws ArtifactRejectedException one line: unknown version, incompatible, incomplete or corrupt
     */
    public ModelArtifact install(ModelRegistry cache, String name, String version) throws ArtifactRejectedException {
        VersionRecord record = version(name, version).orElseThrow(() -> new ArtifactRejectedException(
                "no version " + version + " of model " + name + " on the models topic"));
        ModelArtifact.checkIds(record.manifest(), name + " version " + version);
        try {
            if (cache.versions(name).contains(version)) {
                ModelArtifact cached = cache.open(name, version);
                if (cached.manifest().sha256().equalsIgnoreCase(record.manifest().sha256())) {
                    return cached;
                }
                throw new ArtifactRejectedException("model " + name + " version " + version + " in " + cache.root()
                        + " differs from the one on the topic (sha256 " + cached.manifest().sha256() + " vs "
                        + record.manifest().sha256() + ")");
            }
        } catch (IOException e) {
            throw new ArtifactRejectedException("cannot read the model cache " + cache.root() + ": " + e.getMessage(), e);
        }
        byte[] bundle = ModelRecords.reassemble(record, chunks(name, version));
        Map<String, byte[]> files = ModelBundle.unpack(bundle);
        ModelArtifact artifact = cache.install(name, version, files);
        if (!artifact.manifest().sha256().equalsIgnoreCase(record.manifest().sha256())) {
            throw new ArtifactRejectedException("model " + name + " version " + version
                    + ": the bundle's manifest differs from the manifest record");
        }
        return artifact;
    }
}
