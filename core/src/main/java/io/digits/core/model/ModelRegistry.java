package io.digits.core.model;

import ai.djl.Model;
import io.digits.core.Sha256;
import io.digits.core.drift.InputProfile;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.record.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of published models: {@code <root>/<name>/<version>/} holding the DJL parameters,
 * {@code manifest.json} and whatever else the trainer wrote (metrics, pictures), and
 * {@code <root>/<name>/latest} naming the newest version.
 *
 * <p>A version is written into a hidden temporary folder, renamed into place, and only then named by
 * {@code latest} (itself replaced atomically): a reader never sees half a model. The registry knows folders,
 * drafts and {@code latest}; opening and checking what a folder holds is {@link ModelArtifact#open}'s, which
 * refuses what it cannot trust.
 */
public final class ModelRegistry {
    public static final String DEFAULT_NAME = "digits";
    public static final String LATEST = "latest";
    private static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** A model name is one folder of the registry: no separators, no "..", nothing hidden. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path root;

    public ModelRegistry(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code name} if it can name a model here; an {@link IllegalArgumentException} saying what may otherwise. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a model name is 1-100 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit; was '" + name + "'");
        }
        return name;
    }

    private Path modelDir(String name) {
        return root.resolve(checkName(name));
    }

    /** Starts a new version of {@code name}: write its files into {@link Draft#folder()}, then publish. */
    public Draft draft(String name) throws IOException {
        Path modelDir = modelDir(name);
        Files.createDirectories(modelDir);
        String base = VERSION_FORMAT.format(Instant.now());
        for (int i = 1; ; i++) {
            String version = i == 1 ? base : base + "-" + i;
            if (Files.exists(modelDir.resolve(version))) {
                continue;
            }
            try {
                // creating the draft folder claims the version: two drafts in the same second get different ones
                Path folder = Files.createDirectory(modelDir.resolve(".draft-" + version));
                return new Draft(this, name, version, folder);
            } catch (FileAlreadyExistsException taken) {
                // another draft has this version: try the next one
            }
        }
    }

    /** Versions in time order: {@code 20261124-071530} before {@code 20261124-071530-2} before {@code ...-10}. */
    public static final Comparator<String> VERSION_ORDER = Comparator
            .comparing((String v) -> v.length() > 15 ? v.substring(0, 15) : v)
            .thenComparingInt(v -> v.length() > 16 && v.substring(16).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(v.substring(16)) : 0)
            .thenComparing(Comparator.naturalOrder());

    /** All published versions of {@code name}, oldest first. */
    public List<String> versions(String name) throws IOException {
        Path modelDir = modelDir(name);
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(modelDir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(ModelArtifact.MANIFEST)))
                    .map(p -> p.getFileName().toString())
                    .filter(v -> !v.startsWith("."))
                    .sorted(VERSION_ORDER)
                    .toList();
        }
    }

    /** The version {@code latest} names, if any model of that name was published. */
    public Optional<String> latestVersion(String name) throws IOException {
        Path latest = modelDir(name).resolve(LATEST);
        try {
            String version = Files.readString(latest, StandardCharsets.UTF_8).trim();
            return version.isEmpty() ? Optional.empty() : Optional.of(version);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The latest version of {@code name}, verified; a one-line reason if there is none or it cannot be trusted. */
    public ModelArtifact latest(String name) throws ArtifactRejectedException {
        try {
            String version = latestVersion(name).orElseThrow(() -> new ArtifactRejectedException(
                    "no model '" + name + "' in " + root + ": train one with ./digits train"));
            return open(name, version);
        } catch (IOException e) {
            throw new ArtifactRejectedException("cannot read the model registry " + root + ": " + e.getMessage(), e);
        }
    }

    /** One version of {@code name}, verified: checksum, architecture and preprocessing. */
    public ModelArtifact open(String name, String version) throws ArtifactRejectedException {
        return ModelArtifact.open(modelDir(name).resolve(version));
    }

    /**
     * Writes a version received from elsewhere (the models topic) into the registry without naming it
     * {@code latest}: the files go into a hidden folder, are opened and verified there ({@link ModelArtifact#open}),
     * and only then renamed into place. A version already here is opened and verified instead.
     *
     * @param files file name to content; plain names only
     * @throws ArtifactRejectedException the files are not a model this build can serve, or cannot be written
     */
    public ModelArtifact install(String name, String version, java.util.Map<String, byte[]> files)
            throws ArtifactRejectedException {
        try {
            Path modelDir = modelDir(name);
            checkName(version);
            Path target = modelDir.resolve(version);
            if (Files.isRegularFile(target.resolve(ModelArtifact.MANIFEST))) {
                return ModelArtifact.open(target);
            }
            Files.createDirectories(modelDir);
            Path tmp = Files.createTempDirectory(modelDir, ".fetch-" + version + "-");
            try {
                for (var file : files.entrySet()) {
                    Path f = tmp.resolve(checkName(file.getKey()));
                    Files.write(f, file.getValue());
                    readableByAll(f);
                }
                ModelArtifact verified = ModelArtifact.open(tmp);
                if (!verified.manifest().name().equals(name) || !verified.version().equals(version)) {
                    throw new ArtifactRejectedException("model " + name + " version " + version + " holds the manifest of "
                            + verified.manifest().name() + " version " + verified.version());
                }
                if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                    return ModelArtifact.open(target);
                }
                return ModelArtifact.open(target);
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactRejectedException("cannot write model " + name + " version " + version + " into " + root
                    + ": " + e.getMessage(), e);
        }
    }

    /** Names {@code version} as {@code latest} of {@code name} (atomically). */
    public void markLatest(String name, String version) throws IOException {
        Path modelDir = modelDir(name);
        Files.createDirectories(modelDir);
        Path latestTmp = Files.createTempFile(modelDir, ".latest-", ".tmp");
        Files.writeString(latestTmp, checkName(version) + "\n", StandardCharsets.UTF_8);
        readableByAll(latestTmp);
        moveAtomically(latestTmp, modelDir.resolve(LATEST));
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    void publish(Draft draft, ModelManifest manifest) throws IOException {
        Path tmp = draft.folder();
        Files.write(tmp.resolve(ModelArtifact.MANIFEST), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        Path modelDir = modelDir(draft.name());
        Path target = modelDir.resolve(draft.version());
        moveAtomically(tmp, target);
        Path latestTmp = Files.createTempFile(modelDir, ".latest-", ".tmp");
        Files.writeString(latestTmp, draft.version() + "\n", StandardCharsets.UTF_8);
        readableByAll(latestTmp);
        moveAtomically(latestTmp, modelDir.resolve(LATEST));
    }

    /** Temporary files are private to their owner; a model is read by services running as other users. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the registry's file system cannot rename atomically: " + to, e);
        }
    }

    /**
     * A version being written. Files go into {@link #folder()}; {@link #publish} checksums the parameters,
     * writes the manifest and moves the folder into place. Closing an unpublished draft deletes it, so an
     * interrupted trainer leaves nothing behind.
     */
    public static final class Draft implements AutoCloseable {
        private final ModelRegistry registry;
        private final String name;
        private final String version;
        private final Path folder;
        private boolean published;

        private Draft(ModelRegistry registry, String name, String version, Path folder) {
            this.registry = registry;
            this.name = name;
            this.version = version;
            this.folder = folder;
        }

        public String name() {
            return name;
        }

        public String version() {
            return version;
        }

        public Path folder() {
            return folder;
        }

        /** Saves the trained DJL model's parameters into the draft. */
        public void saveParameters(Model model) throws IOException {
            model.save(folder, name);
        }

        /** Checksums the saved parameters, writes the manifest and publishes the version atomically. */
        public ModelManifest publish(ModelEvaluation evaluation, java.util.Map<String, Object> training)
                throws IOException {
            return publish(evaluation, training, null, null, null);
        }

        /**
         * Like {@link #publish(ModelEvaluation, java.util.Map)}, with the figures beyond MNIST's test set, when the
         * model is published despite falling below the one it replaces there the flag saying so, and the input
         * profile drift is measured against (each may be null).
         */
        public ModelManifest publish(ModelEvaluation evaluation, java.util.Map<String, Object> training,
                                     java.util.Map<String, SetMetrics> outOfDistribution,
                                     OodRegression oodRegression, InputProfile inputProfile) throws IOException {
            Path params = ModelArtifact.findParams(folder, name)
                    .orElseThrow(() -> new IOException("no parameters saved in " + folder));
            ModelManifest manifest = new ModelManifest(name, version, Instant.now().toString(),
                    DigitNetwork.ARCHITECTURE_ID, MnistPreprocessor.PREPROCESSING_ID,
                    DigitNetwork.INPUT_SHAPE.getShape(), params.getFileName().toString(), Sha256.of(params),
                    evaluation == null ? null : evaluation.testAccuracy(),
                    evaluation == null ? List.of() : evaluation.perClass(), training, outOfDistribution,
                    oodRegression, inputProfile);
            registry.publish(this, manifest);
            published = true;
            return manifest;
        }

        @Override
        public void close() throws IOException {
            if (!published) {
                deleteTree(folder);
            }
        }
    }
}
