package io.digits.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measured figures of a test (records, kills, lost, duplicated, dead-lettered, heap, ...): logged, and
 * appended as one line to {@code target/reliability-figures.txt} for the report.
 */
final class Figures {
    private static final Logger log = LoggerFactory.getLogger(Figures.class);
    private final String test;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures(String test) {
        this.test = test;
    }

    Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** A measured size; negative means it could not be measured. */
    static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f MB", bytes / 1048576.0);
    }

    /** A change in size, with its sign. */
    static String growth(long bytes) {
        return String.format("%+.1f MB", bytes / 1048576.0);
    }

    /** Logs the figures and appends them to the figures file. */
    void report() {
        String line = Instant.now() + " " + test + ": " + values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        log.info("FIGURES {}", line);
        String file = System.getProperty("reliability.figures", "target/reliability-figures.txt");
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
