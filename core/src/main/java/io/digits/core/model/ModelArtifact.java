package io.digits.core.model;

import ai.djl.Model;
import io.digits.core.Sha256;
import io.digits.core.record.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** One verified, published model version: its folder and manifest. Load it with {@link #loadModel()}. */
public record ModelArtifact(Path folder, ModelManifest manifest) {

    /** Reads and verifies the artifact in {@code folder}: manifest, ids, and the parameters' SHA-256. */
    public static ModelArtifact open(Path folder) throws ArtifactRejectedException {
        Path manifestFile = folder.resolve(ModelRegistry.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ArtifactRejectedException("no model at " + folder + " (no " + ModelRegistry.MANIFEST + ")");
        }
        ModelManifest manifest;
        try {
            manifest = Json.mapper().readValue(manifestFile.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new ArtifactRejectedException("unreadable manifest " + manifestFile + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        ModelRegistry.checkIds(manifest, folder);
        Path params = folder.resolve(manifest.paramsFile());
        if (!params.normalize().startsWith(folder.normalize()) || !Files.isRegularFile(params)) {
            throw new ArtifactRejectedException("model " + folder + " lacks its parameter file " + manifest.paramsFile());
        }
        String actual;
        try {
            actual = Sha256.of(params);
        } catch (IOException e) {
            throw new ArtifactRejectedException("cannot read " + params + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            throw new ArtifactRejectedException("checksum mismatch for " + params + ": manifest says "
                    + manifest.sha256() + ", file has " + actual);
        }
        return new ModelArtifact(folder, manifest);
    }

    public String version() {
        return manifest.version();
    }

    /** A DJL model with the seed CNN block and these parameters; the caller closes it. */
    public Model loadModel() throws ArtifactRejectedException {
        return ModelRegistry.load(this);
    }

    /** The DJL parameter file {@code name-NNNN.params} with the highest epoch number in {@code folder}. */
    static Optional<Path> findParams(Path folder, String name) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String f = p.getFileName().toString();
                return f.startsWith(name + "-") && f.endsWith(".params");
            }).max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
