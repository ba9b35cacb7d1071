package io.digits.producer.source;

import io.digits.command.CommandLines;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the source a {@code --source} value names: {@code mnist-test}, {@code mnist-train},
 * {@code idx:IMAGES[,LABELS]}, {@code images:DIR_OR_GLOB} or {@code csv:FILE}.
 */
public final class SourceSpec {
    public static final String FORMS = "mnist-test, mnist-train, idx:FILE[,LABELS], images:DIR_OR_GLOB or csv:FILE";

    private SourceSpec() {
    }

    public static ImageSource open(String spec, MnistFiles mnist) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new CommandLines.UsageError("--source is empty; give one of " + FORMS);
        }
        if (spec.equals("mnist-test")) {
            return new IdxSource(mnist.test());
        }
        if (spec.equals("mnist-train")) {
            return new IdxSource(mnist.train());
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        if (colon >= 0 && arg.isBlank()) {
            throw new CommandLines.UsageError("--source " + spec + " needs a path after '" + kind + ":'");
        }
        return switch (kind) {
            case "idx" -> {
                String[] files = arg.split(",", 2);
                yield IdxSource.fromFiles(existing(files[0]), files.length > 1 ? existing(files[1]) : null);
            }
            case "images" -> ImageFileSource.of(arg);
            case "csv" -> KaggleCsvSource.of(existing(arg));
            default -> throw new CommandLines.UsageError("unknown --source '" + spec + "'; give one of " + FORMS);
        };
    }

    private static Path existing(String file) {
        Path path = Path.of(file);
        if (!path.toFile().isFile()) {
            throw new CommandLines.UsageError("no such file: " + file);
        }
        return path;
    }
}
