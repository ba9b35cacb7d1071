package io.digits.producer.source;

import io.digits.core.record.ContentType;
import io.digits.producer.kaggle.KaggleCsvReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The rows of a Kaggle "Digit Recognizer" CSV (train.csv with labels, test.csv without; gzip too),
 * sent as 784 raw MNIST bytes each; key {@code <file name>:<row>}, the row being Kaggle's 1-based
 * ImageId, so {@code score --kaggle-submission} can write the leaderboard file. A bad row (wrong
 * number of fields, a non-number, a pixel outside 0..255) is a {@link SourceItem.BadInput} naming
 * the file and line; its ImageId is skipped, not reused.
 */
public final class KaggleCsvSource implements ImageSource {
    private final Path file;
    private final boolean labelled;
    private final OptionalLong rows;

    private KaggleCsvSource(Path file, boolean labelled, OptionalLong rows) {
        this.file = file;
        this.labelled = labelled;
        this.rows = rows;
    }

    /** Checks the header (a {@link io.digits.mnist.DataFormatException} if it is not a Kaggle digits CSV). */
    public static KaggleCsvSource of(Path file) throws IOException {
        boolean labelled;
        try (KaggleCsvReader reader = KaggleCsvReader.open(file)) {
            labelled = reader.labelled();
        }
        return new KaggleCsvSource(file, labelled, countRows(file));
    }

    /** Data rows of a plain CSV by counting non-blank lines (cheap, for the ETA); unknown for gzip. */
    private static OptionalLong countRows(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) {
            return OptionalLong.empty();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return OptionalLong.of(Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1));
        }
    }

    public boolean labelled() {
        return labelled;
    }

    @Override
    public String describe() {
        return file.getFileName() + " (" + (rows.isPresent() ? rows.getAsLong() + " rows, " : "")
                + (labelled ? "labelled" : "unlabelled") + ")";
    }

    @Override
    public OptionalLong size() {
        return rows;
    }

    @Override
    public Cursor open() throws IOException {
        KaggleCsvReader reader = KaggleCsvReader.open(file);
        String name = file.getFileName().toString();
        return new Cursor() {
            @Override
            public SourceItem next() throws IOException {
                KaggleCsvReader.Row row = reader.next();
                if (row == null) {
                    return null;
                }
                if (row instanceof KaggleCsvReader.BadRow bad) {
                    return new SourceItem.BadInput(bad.location(), bad.problem());
                }
                KaggleCsvReader.Image image = (KaggleCsvReader.Image) row;
                return new SourceItem.Image(ImageKeys.csvRow(name, image.row()), image.pixels(), ContentType.MNIST_784,
                        image.label());
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
