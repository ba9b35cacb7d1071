package io.digits.core.model.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.core.Sha256;
import io.digits.core.drift.InputProfile;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.DigitNetwork;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.core.record.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models-topic encoding: what is encoded reassembles bit for bit; what cannot be trusted is refused. */
class ModelRecordsTest {
    private static final String NAME = "digits";
    private static final String VERSION = "20261127-101010";
    @TempDir
    Path source;
    @TempDir
    Path cache;

    /** An artifact folder as the trainer writes it: ~600 KB of parameters (incompressible), manifest, a picture. */
    private ModelArtifact artifact(String architecture) throws Exception {
        Path folder = Files.createDirectories(source.resolve(NAME).resolve(VERSION));
        byte[] params = new byte[600_000];
        new Random(7).nextBytes(params);
        Files.write(folder.resolve(NAME + "-0001.params"), params);
        Files.write(folder.resolve("confusion.png"), new byte[] {1, 2, 3});
        float[] image = new float[784];
        image[400] = 1f;
        InputProfile profile = InputProfile.builder("validation split")
                .add(image, new float[] {0.9f, 0.1f, 0, 0, 0, 0, 0, 0, 0, 0}).build();
        ModelManifest manifest = new ModelManifest(NAME, VERSION, "2026-11-27T10:10:10Z", architecture,
                MnistPreprocessor.PREPROCESSING_ID, DigitNetwork.INPUT_SHAPE.getShape(), NAME + "-0001.params",
                Sha256.of(params), 0.99, List.of(), Map.of("epochs", 1), Map.of(), null, profile);
        Files.write(folder.resolve(ModelArtifact.MANIFEST), Json.mapper().writeValueAsBytes(manifest));
        return architecture.equals(DigitNetwork.ARCHITECTURE_ID) ? ModelArtifact.open(folder)
                : new ModelArtifact(folder, manifest);
    }

    private static ModelCatalog catalogOf(ModelRecords.Encoded encoded, List<ModelRecords.Chunk> chunks) {
        ModelCatalog catalog = new ModelCatalog();
        for (ModelRecords.Chunk c : chunks) {
            catalog.accept(c.key(NAME, VERSION), c.data(), c.headers());
        }
        catalog.accept(encoded.manifestKey(), ModelRecords.json(encoded.record()), Map.of());
        return catalog;
    }

    @Test
    void roundTripInstallsTheSameFilesIntoAnEmptyRegistry() throws Exception {
        ModelArtifact artifact = artifact(DigitNetwork.ARCHITECTURE_ID);
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact, Instant.now());
        assertThat(encoded.chunks()).hasSize(3);
        assertThat(encoded.chunks()).allSatisfy(c -> assertThat(c.data().length).isLessThanOrEqualTo(ModelRecords.CHUNK_SIZE));
        assertThat(encoded.chunks().get(1).key(NAME, VERSION)).isEqualTo("digits/20261127-101010/0001");
        assertThat(encoded.manifestKey()).isEqualTo("digits/20261127-101010/manifest");
        // the manifest record survives its JSON
        VersionRecord parsed = ModelRecords.parse(ModelRecords.json(encoded.record()), VersionRecord.class);
        assertThat(parsed).usingRecursiveComparison().isEqualTo(encoded.record());
        assertThat(parsed.manifest().inputProfile()).as("the drift reference travels too").isNotNull()
                .isEqualTo(artifact.manifest().inputProfile());

        ModelArtifact installed = catalogOf(encoded, encoded.chunks()).install(new ModelRegistry(cache), NAME, VERSION);
        assertThat(installed.folder()).isEqualTo(cache.resolve(NAME).resolve(VERSION));
        assertThat(installed.manifest()).usingRecursiveComparison().isEqualTo(artifact.manifest());
        for (String file : List.of(NAME + "-0001.params", "confusion.png", ModelArtifact.MANIFEST)) {
            assertThat(installed.folder().resolve(file)).hasSameBinaryContentAs(artifact.folder().resolve(file));
        }
        // installed, not named latest: the live pointer on the topic decides what serves
        assertThat(new ModelRegistry(cache).latestVersion(NAME)).isEmpty();
        // a second install finds the cached copy
        assertThat(catalogOf(encoded, encoded.chunks()).install(new ModelRegistry(cache), NAME, VERSION).folder())
                .isEqualTo(installed.folder());
    }

    @Test
    void chunksArriveInAnyOrder() throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact(DigitNetwork.ARCHITECTURE_ID), Instant.now());
        List<ModelRecords.Chunk> shuffled = new ArrayList<>(encoded.chunks());
        Collections.reverse(shuffled);
        assertThat(ModelRecords.reassemble(encoded.record(), shuffled))
                .isEqualTo(ModelRecords.reassemble(encoded.record(), encoded.chunks()));
    }

    @Test
    void aCorruptChunkIsRefusedAndNothingIsInstalled() throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact(DigitNetwork.ARCHITECTURE_ID), Instant.now());
        List<ModelRecords.Chunk> chunks = new ArrayList<>(encoded.chunks());
        ModelRecords.Chunk c = chunks.get(1);
        byte[] flipped = c.data().clone();
        flipped[100] ^= 1;
        chunks.set(1, new ModelRecords.Chunk(c.index(), c.count(), c.sha256(), flipped));
        ModelRegistry registry = new ModelRegistry(cache);
        assertThatThrownBy(() -> catalogOf(encoded, chunks).install(registry, NAME, VERSION))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("model digits version 20261127-101010: checksum mismatch in chunk 1 of 3");
        assertThat(registry.versions(NAME)).isEmpty();
        try (var left = Files.list(cache)) {
            assertThat(left.flatMap(p -> { try { return Files.list(p); } catch (Exception e) { return java.util.stream.Stream.empty(); } }))
                    .isEmpty();
        }
    }

    @Test
    void aMissingChunkIsRefused() throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact(DigitNetwork.ARCHITECTURE_ID), Instant.now());
        List<ModelRecords.Chunk> chunks = new ArrayList<>(encoded.chunks());
        chunks.remove(2);
        assertThatThrownBy(() -> catalogOf(encoded, chunks).install(new ModelRegistry(cache), NAME, VERSION))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("model digits version 20261127-101010: missing chunk(s) [2] of 3");
    }

    @Test
    void chunksUnderEachOthersKeysAreRefused() throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact(DigitNetwork.ARCHITECTURE_ID), Instant.now());
        List<ModelRecords.Chunk> chunks = encoded.chunks();
        // chunk 0's bytes and headers under key 1 and the reverse: the headers no longer match the keys
        ModelCatalog swappedRecords = new ModelCatalog();
        swappedRecords.accept(ModelRecords.chunkKey(NAME, VERSION, 1), chunks.get(0).data(), chunks.get(0).headers());
        swappedRecords.accept(ModelRecords.chunkKey(NAME, VERSION, 0), chunks.get(1).data(), chunks.get(1).headers());
        swappedRecords.accept(ModelRecords.chunkKey(NAME, VERSION, 2), chunks.get(2).data(), chunks.get(2).headers());
        swappedRecords.accept(encoded.manifestKey(), ModelRecords.json(encoded.record()), Map.of());
        assertThat(swappedRecords.malformed()).isEqualTo(2);
        assertThatThrownBy(() -> swappedRecords.install(new ModelRegistry(cache), NAME, VERSION))
                .hasMessage("model digits version 20261127-101010: missing chunk(s) [0, 1] of 3");
        // the data swapped with the headers relabelled: each chunk's checksum no longer matches its place
        List<ModelRecords.Chunk> swapped = List.of(
                new ModelRecords.Chunk(0, 3, chunks.get(0).sha256(), chunks.get(1).data()),
                new ModelRecords.Chunk(1, 3, chunks.get(1).sha256(), chunks.get(0).data()), chunks.get(2));
        assertThatThrownBy(() -> ModelRecords.reassemble(encoded.record(), swapped))
                .hasMessage("model digits version 20261127-101010: checksum mismatch in chunk 0 of 3");
    }

    @Test
    void aBundleChecksumMismatchIsRefused() throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact(DigitNetwork.ARCHITECTURE_ID), Instant.now());
        VersionRecord r = encoded.record();
        VersionRecord lying = new VersionRecord(r.name(), r.version(), r.publishedAt(), r.size(), "00" + r.sha256().substring(2),
                r.chunkSize(), r.chunks(), r.manifest());
        assertThatThrownBy(() -> ModelRecords.reassemble(lying, encoded.chunks()))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessageStartingWith("model digits version 20261127-101010: checksum mismatch: manifest record says 00");
    }

    @Test
    void aParameterChecksumMismatchInsideTheBundleIsRefused() throws Exception {
        ModelArtifact artifact = artifact(DigitNetwork.ARCHITECTURE_ID);
        // the parameters change after the manifest was written: the bundle is consistent, the artifact is not
        byte[] params = Files.readAllBytes(artifact.folder().resolve(artifact.manifest().paramsFile()));
        params[0] ^= 1;
        Files.write(artifact.folder().resolve(artifact.manifest().paramsFile()), params);
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact, Instant.now());
        assertThatThrownBy(() -> catalogOf(encoded, encoded.chunks()).install(new ModelRegistry(cache), NAME, VERSION))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessageContaining("checksum mismatch for");
        assertThat(new ModelRegistry(cache).versions(NAME)).isEmpty();
    }

    @Test
    void aWrongArchitectureIsRefusedBeforeReassembly() throws Exception {
        ModelRecords.Encoded encoded = ModelRecords.encode(artifact("resnet-9"), Instant.now());
        assertThatThrownBy(() -> catalogOf(encoded, List.of()).install(new ModelRegistry(cache), NAME, VERSION))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("model digits version 20261127-101010 has architecture 'resnet-9', this build serves '"
                        + DigitNetwork.ARCHITECTURE_ID + "'");
    }

    @Test
    void theLivePointerAndUnknownVersionsAndMalformedRecords() throws Exception {
        ModelCatalog catalog = new ModelCatalog();
        LivePointer pointer = new LivePointer(NAME, VERSION, "ab", List.of("20261126-000000"), "2026-11-27T10:10:10Z");
        catalog.accept(ModelRecords.liveKey(NAME), ModelRecords.json(pointer), Map.of());
        catalog.accept("digits/x/0001", new byte[1], Map.of());
        catalog.accept("nonsense", new byte[1], Map.of());
        catalog.accept(ModelRecords.liveKey("other"), "{".getBytes(), Map.of());
        assertThat(catalog.live(NAME)).contains(pointer);
        assertThat(catalog.malformed()).isEqualTo(3);
        assertThatThrownBy(() -> catalog.install(new ModelRegistry(cache), NAME, "20990101-000000"))
                .isInstanceOf(ArtifactRejectedException.class)
                .hasMessage("no version 20990101-000000 of model digits on the models topic");
        catalog.accept(ModelRecords.liveKey(NAME), null, Map.of());
        assertThat(catalog.live(NAME)).isEmpty();
    }

    @Test
    void theCandidatePointerIsSetBesideTheLiveOneAndClearedByATombstone() throws Exception {
        ModelCatalog catalog = new ModelCatalog();
        LivePointer live = new LivePointer(NAME, "20261126-000000", "cd", List.of(), "2026-11-26T00:00:00Z");
        CandidatePointer candidate = new CandidatePointer(NAME, VERSION, "ab", "2026-11-27T10:10:10Z", null);
        catalog.accept(ModelRecords.liveKey(NAME), ModelRecords.json(live), Map.of());
        catalog.accept(ModelRecords.candidateKey(NAME), ModelRecords.json(candidate), Map.of());
        catalog.accept(ModelRecords.candidateKey("other"), "{}".getBytes(), Map.of());
        assertThat(ModelRecords.candidateKey(NAME)).isEqualTo("digits/candidate");
        assertThat(catalog.candidate(NAME)).contains(candidate);
        assertThat(catalog.live(NAME)).contains(live);
        assertThat(catalog.candidate("other")).isEmpty();
        assertThat(catalog.malformed()).isEqualTo(1);
        catalog.accept(ModelRecords.candidateKey(NAME), null, Map.of());
        assertThat(catalog.candidate(NAME)).isEmpty();
        assertThat(catalog.live(NAME)).contains(live);
    }
}
