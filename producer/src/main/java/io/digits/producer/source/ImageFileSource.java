package io.digits.producer.source;

import io.digits.command.CommandLines;
import io.digits.core.image.ImageLimits;
import io.digits.core.image.ImageSniffer;
import io.digits.core.record.ContentType;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Image files (PNG, JPEG, BMP, GIF) from a folder (walked recursively, image extensions only), a
 * glob ({@code 'scans/**.png'}) or a single file, in path order. The key is the file's path as found
 * from the given path; the content type comes from the bytes (their signature, as the pipeline sniffs
 * it), whatever the extension says; the label, when the file sits in
 * a folder named by a single digit ({@code 7/img.png}) or its name starts with one and a separator
 * ({@code 7_img.png}, {@code 7-img.png}, {@code 7.png}).
 * <p>A file that cannot be read, is empty, is over the byte limit, or has no image signature is a
 * {@link SourceItem.BadInput}. Whether an image with a valid signature decodes is the pipeline's
 * business: a broken one becomes a dead letter there.
 */
public final class ImageFileSource implements ImageSource {
    private final String spec;
    private final List<Path> files;
    private final int maxBytes;

    private ImageFileSource(String spec, List<Path> files, int maxBytes) {
        this.spec = spec;
        this.files = List.copyOf(files);
        this.maxBytes = maxBytes;
    }

    /** The files a folder, glob or file names; refuses, as a usage error, a path or glob that matches nothing. */
    public static ImageFileSource of(String pathOrGlob) throws IOException {
        return of(pathOrGlob, ImageLimits.DEFAULT.maxBytes());
    }

    public static ImageFileSource of(String pathOrGlob, int maxBytes) throws IOException {
        List<Path> files;
        if (isGlob(pathOrGlob)) {
            files = matchGlob(pathOrGlob);
        } else {
            Path path = Path.of(pathOrGlob);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(p -> !Files.isDirectory(p))
                            .filter(p -> ContentType.fromFileName(p.getFileName().toString()).isPresent())
                            .sorted().toList();
                }
            } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                files = List.of(path);
            } else {
                throw new CommandLines.UsageError("no such file or folder: " + pathOrGlob);
            }
        }
        if (files.isEmpty()) {
            throw new CommandLines.UsageError("no image files (.png, .jpg, .jpeg, .bmp, .gif) in " + pathOrGlob);
        }
        return new ImageFileSource(pathOrGlob, files, maxBytes);
    }

    static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** Walks from the glob's fixed leading folders and keeps the files the whole glob matches. */
    private static List<Path> matchGlob(String glob) throws IOException {
        int wildcard = 0;
        while (!isGlob(glob.substring(wildcard, wildcard + 1))) {
            wildcard++;
        }
        int slash = glob.lastIndexOf('/', wildcard);
        boolean relativeToHere = slash < 0;
        Path walkFrom = relativeToHere ? Path.of(".") : Path.of(slash == 0 ? "/" : glob.substring(0, slash));
        if (!Files.isDirectory(walkFrom)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> walk = Files.walk(walkFrom)) {
            return walk.filter(p -> !Files.isDirectory(p))
                    .map(p -> relativeToHere ? walkFrom.relativize(p) : p)
                    .filter(matcher::matches)
                    .sorted().toList();
        }
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public String describe() {
        return spec + " (" + files.size() + " files)";
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(files.size());
    }

    @Override
    public Cursor open() {
        Iterator<Path> it = files.iterator();
        return () -> it.hasNext() ? read(it.next()) : null;
    }

    private SourceItem read(Path file) {
        String key = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                return new SourceItem.BadInput(key, size + " bytes, over the " + maxBytes + "-byte limit");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new SourceItem.BadInput(key, "cannot read: " + describe(e));
        }
        if (bytes.length == 0) {
            return new SourceItem.BadInput(key, "empty file");
        }
        Optional<ContentType> type = ImageSniffer.sniff(bytes);
        if (type.isEmpty()) {
            return new SourceItem.BadInput(key, "not an image (no PNG, JPEG, GIF or BMP signature)");
        }
        return new SourceItem.Image(key, bytes, type.get(), labelOf(file));
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "NoSuchFileException" -> "no such file (a broken link?)";
            case "AccessDeniedException" -> "permission denied";
            default -> CommandLines.oneLine(e);
        };
    }

    /** The digit a file's folder or name says it shows. */
    static Optional<Integer> labelOf(Path file) {
        Path parent = file.getParent();
        if (parent != null && parent.getFileName() != null) {
            String folder = parent.getFileName().toString();
            if (folder.length() == 1 && Character.isDigit(folder.charAt(0))) {
                return Optional.of(folder.charAt(0) - '0');
            }
        }
        String name = file.getFileName().toString();
        if (name.length() >= 2 && Character.isDigit(name.charAt(0)) && "_-.".indexOf(name.charAt(1)) >= 0) {
            return Optional.of(name.charAt(0) - '0');
        }
        return Optional.empty();
    }
}
