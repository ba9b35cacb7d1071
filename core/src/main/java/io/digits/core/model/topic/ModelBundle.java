package io.digits.core.model.topic;

import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The files of an artifact folder as one zip: the manifest and the parameters always, then the other files of the
 * folder (metrics, pictures), smallest first, while the bundle stays under {@link #MAX_OPTIONAL_BYTES} more.
 * Only flat, plain file names travel; unpacking refuses anything else and stops at {@link #MAX_UNPACKED_BYTES}.
 */
public final class ModelBundle {
    /** What the optional files (pictures, reports) may add to a bundle. */
    public static final long MAX_OPTIONAL_BYTES = 8L << 20;
    /** The most a bundle may unpack to. */
    public static final long MAX_UNPACKED_BYTES = 256L << 20;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private ModelBundle() {
    }

    /** Zips {@code artifact}'s folder. */
    public static byte[] pack(ModelArtifact artifact) throws IOException {
        Path folder = artifact.folder();
        List<Path> files = new ArrayList<>();
        files.add(folder.resolve(ModelArtifact.MANIFEST));
        files.add(folder.resolve(artifact.manifest().paramsFile()));
        List<Path> optional;
        try (Stream<Path> list = Files.list(folder)) {
            optional = list.filter(Files::isRegularFile)
                    .filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !files.contains(p))
                    .sorted(Comparator.comparingLong(ModelBundle::size).thenComparing(Path::toString))
                    .toList();
        }
        long budget = MAX_OPTIONAL_BYTES;
        for (Path p : optional) {
            long size = size(p);
            if (size <= budget) {
                files.add(p);
                budget -= size;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path p : files) {
                ZipEntry entry = new ZipEntry(p.getFileName().toString());
                entry.setLastModifiedTime(EPOCH);
                zip.putNextEntry(entry);
                Files.copy(p, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The files in {@code bundle}, by name; refuses names that are not plain file names, and oversized bundles. */
    public static Map<String, byte[]> unpack(byte[] bundle) throws ArtifactRejectedException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || !FILE_NAME.matcher(name).matches() || files.containsKey(name)) {
                    throw new ArtifactRejectedException("model bundle holds a bad entry '" + name + "'");
                }
                byte[] data = readAtMost(zip, MAX_UNPACKED_BYTES - total);
                total += data.length;
                files.put(name, data);
            }
        } catch (IOException e) {
            throw new ArtifactRejectedException("unreadable model bundle: " + e.getMessage(), e);
        }
        if (!files.containsKey(ModelArtifact.MANIFEST)) {
            throw new ArtifactRejectedException("model bundle has no " + ModelArtifact.MANIFEST);
        }
        return files;
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException, ArtifactRejectedException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (data.length > limit) {
            throw new ArtifactRejectedException("model bundle unpacks to more than " + (MAX_UNPACKED_BYTES >> 20) + " MiB");
        }
        return data;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
