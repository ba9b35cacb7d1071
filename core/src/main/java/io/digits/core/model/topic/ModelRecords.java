package io.digits.core.model.topic;

import io.digits.core.Sha256;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import io.digits.core.record.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a model travels on the compacted models topic. Keys:
 * <ul>
 *   <li>{@code <name>/<version>/<NNNN>}: chunk NNNN (from 0000) of the version's {@link ModelBundle}, at most
 *       {@link #CHUNK_SIZE} bytes, headers {@value #INDEX}, {@value #COUNT} and {@value #SHA256};</li>
 *   <li>{@code <name>/<version>/manifest}: the {@link VersionRecord} (the bundle's SHA-256 and each chunk's);</li>
 *   <li>{@code <name>/live}: the {@link LivePointer};</li>
 *   <li>{@code <name>/candidate}: the {@link CandidatePointer} (a tombstone clears it).</li>
 * </ul>
 * Every key is unique to its version, so compaction keeps every version (until a tombstone removes it) and the
 * newest live and candidate pointers. The chunks and manifest record of a version are written in one transaction: a
 * {@code read_committed} reader sees all of them or none. Chunks keep every record far under a broker's default
 * 1 MB limit.
 */
public final class ModelRecords {
    /** 256 KiB: a 1.9 MB model is 8 chunks, each well under the default {@code max.message.bytes}. */
    public static final int CHUNK_SIZE = 256 * 1024;
    public static final String INDEX = "digits.chunk.index";
    public static final String COUNT = "digits.chunk.count";
    public static final String SHA256 = "digits.chunk.sha256";
    public static final String MANIFEST_PART = "manifest";
    public static final String LIVE = "live";
    public static final String CANDIDATE = "candidate";
    public static final String DECISION = "decision";

    private ModelRecords() {
    }

    /** One chunk of a bundle. */
    public record Chunk(int index, int count, String sha256, byte[] data) {
        public String key(String name, String version) {
            return chunkKey(name, version, index);
        }

        public Map<String, String> headers() {
            return Map.of(INDEX, Integer.toString(index), COUNT, Integer.toString(count), SHA256, sha256);
        }
    }

    /** A version ready to send: its manifest record and its chunks. */
    public record Encoded(VersionRecord record, List<Chunk> chunks) {
        public String manifestKey() {
            return manifestKey(record.name(), record.version());
        }

        public static String manifestKey(String name, String version) {
            return name + "/" + version + "/" + MANIFEST_PART;
        }
    }

    public static String chunkKey(String name, String version, int index) {
        return name + "/" + version + "/" + String.format("%04d", index);
    }

    public static String liveKey(String name) {
        return name + "/" + LIVE;
    }

    public static String decisionKey(String name) {
        return name + "/" + DECISION;
    }

    public static String candidateKey(String name) {
        return name + "/" + CANDIDATE;
    }

    /** Packs and chunks {@code artifact}. */
    public static Encoded encode(ModelArtifact artifact, Instant publishedAt) throws IOException {
        return encode(artifact, ModelBundle.pack(artifact), publishedAt, CHUNK_SIZE);
    }

    static Encoded encode(ModelArtifact artifact, byte[] bundle, Instant publishedAt, int chunkSize) {
        int count = Math.max(1, (bundle.length + chunkSize - 1) / chunkSize);
        List<Chunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = Arrays.copyOfRange(bundle, i * chunkSize, Math.min(bundle.length, (i + 1) * chunkSize));
            chunks.add(new Chunk(i, count, Sha256.of(data), data));
        }
        VersionRecord record = new VersionRecord(artifact.manifest().name(), artifact.version(), publishedAt.toString(),
                bundle.length, Sha256.of(bundle), chunkSize, chunks.stream().map(Chunk::sha256).toList(),
                artifact.manifest());
        return new Encoded(record, chunks);
    }

    /** A chunk as read from a record: its key's index and its headers; empty if the headers are missing or bad. */
    public static Optional<Chunk> chunk(int keyIndex, Map<String, String> headers, byte[] data) {
        try {
            int index = Integer.parseInt(headers.get(INDEX));
            int count = Integer.parseInt(headers.get(COUNT));
            String sha = headers.get(SHA256);
            if (index != keyIndex || sha == null || data == null) {
                return Optional.empty();
            }
            return Optional.of(new Chunk(index, count, sha, data));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reassembles the bundle of {@code record} from {@code chunks} (in any order), checking every chunk against the
     * manifest record and the whole against its SHA-256.
     *
     * @throws ArtifactRejectedException one line: a chunk is missing, extra, corrupt or out of place, or the whole
     *                                   does not match
     */
    public static byte[] reassemble(VersionRecord record, Collection<Chunk> chunks) throws ArtifactRejectedException {
        String what = "model " + record.name() + " version " + record.version();
        int count = record.chunks().size();
        TreeMap<Integer, Chunk> byIndex = new TreeMap<>();
        for (Chunk c : chunks) {
            if (c.index() < 0 || c.index() >= count || c.count() != count) {
                throw new ArtifactRejectedException(what + ": chunk " + c.index() + " of " + c.count()
                        + " does not belong to its " + count + " chunks");
            }
            if (byIndex.put(c.index(), c) != null) {
                throw new ArtifactRejectedException(what + ": chunk " + c.index() + " appears twice");
            }
        }
        if (byIndex.size() != count) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (!byIndex.containsKey(i)) {
                    missing.add(i);
                }
            }
            throw new ArtifactRejectedException(what + ": missing chunk(s) " + missing + " of " + count);
        }
        if (record.size() < 0 || record.size() > Integer.MAX_VALUE - 8) {
            throw new ArtifactRejectedException(what + ": bad size " + record.size());
        }
        byte[] bundle = new byte[(int) record.size()];
        int at = 0;
        for (Chunk c : byIndex.values()) {
            String actual = Sha256.of(c.data());
            if (!actual.equalsIgnoreCase(record.chunks().get(c.index())) || !actual.equalsIgnoreCase(c.sha256())) {
                throw new ArtifactRejectedException(what + ": checksum mismatch in chunk " + c.index() + " of " + count);
            }
            if (at + c.data().length > bundle.length) {
                throw new ArtifactRejectedException(what + ": chunks exceed the size " + record.size());
            }
            System.arraycopy(c.data(), 0, bundle, at, c.data().length);
            at += c.data().length;
        }
        if (at != bundle.length) {
            throw new ArtifactRejectedException(what + ": chunks hold " + at + " bytes, the manifest says " + record.size());
        }
        String sha = Sha256.of(bundle);
        if (!sha.equalsIgnoreCase(record.sha256())) {
            throw new ArtifactRejectedException(what + ": checksum mismatch: manifest record says " + record.sha256()
                    + ", chunks make " + sha);
        }
        return bundle;
    }

    /** JSON of a manifest record, live or candidate pointer. */
    public static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T parse(byte[] json, Class<T> type) throws IOException {
        return Json.mapper().readValue(json, type);
    }
}
