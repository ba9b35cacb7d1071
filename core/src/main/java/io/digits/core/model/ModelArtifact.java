package io.digits.core.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.digits.core.Sha256;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.record.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One verified model version: its folder and manifest. This class alone knows the artifact format: it opens a
 * folder and checks it ({@link #open}: the manifest, the architecture, preprocessing and input-shape ids, the
 * parameters' SHA-256), and loads the parameters into the seed CNN ({@link #loadModel()}). Where versions live,
 * and how they are published, is {@link ModelRegistry}'s business.
 */
public record ModelArtifact(Path folder, ModelManifest manifest) {
    /** The manifest file of every artifact folder. */
    public static final String MANIFEST = "manifest.json";

    /** Reads and verifies the artifact in {@code folder}: manifest, ids, and the parameters' SHA-256. */
    public static ModelArtifact open(Path folder) throws ArtifactRejectedException {
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ArtifactRejectedException("no model at " + folder + " (no " + MANIFEST + ")");
        }
        ModelManifest manifest;
        try {
            manifest = Json.mapper().readValue(manifestFile.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new ArtifactRejectedException("unreadable manifest " + manifestFile + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        checkIds(manifest, folder);
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

    /** This build serves the network and preprocessing the manifest names, with its input shape. */
    private static void checkIds(ModelManifest manifest, Path folder) throws ArtifactRejectedException {
        checkIds(manifest, folder.toString());
    }

    /**
     * Refuses a manifest whose architecture, preprocessing or input shape this build does not serve (before
     * fetching its parameters, say); {@code where} names the model in the message.
     */
    public static void checkIds(ModelManifest manifest, String folder) throws ArtifactRejectedException {
        if (!DigitNetwork.ARCHITECTURE_ID.equals(manifest.architecture())) {
            throw new ArtifactRejectedException("model " + folder + " has architecture '" + manifest.architecture()
                    + "', this build serves '" + DigitNetwork.ARCHITECTURE_ID + "'");
        }
        if (!MnistPreprocessor.PREPROCESSING_ID.equals(manifest.preprocessing())) {
            throw new ArtifactRejectedException("model " + folder + " was trained with preprocessing '"
                    + manifest.preprocessing() + "', this build uses '" + MnistPreprocessor.PREPROCESSING_ID + "'");
        }
        if (!Arrays.equals(manifest.inputShape(), DigitNetwork.INPUT_SHAPE.getShape())) {
            throw new ArtifactRejectedException("model " + folder + " expects input " + Arrays.toString(manifest.inputShape()));
        }
    }

    public String version() {
        return manifest.version();
    }

    /** A DJL model with the seed CNN block and these parameters; the caller closes it. */
    public Model loadModel() throws ArtifactRejectedException {
        Model model = Model.newInstance(manifest.name(), "PyTorch");
        model.setBlock(DigitNetwork.build());
        try {
            model.load(folder, manifest.name());
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ArtifactRejectedException("cannot load the parameters of " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The DJL parameter file {@code name-NNNN.params} with the highest epoch number in {@code folder}. */
    static Optional<Path> findParams(Path folder, String name) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String f = p.getFileName().toString();
                return f.startsWith(name + "-") && f.endsWith(".params");
            }).max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
