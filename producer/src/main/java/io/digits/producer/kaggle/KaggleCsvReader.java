package io.digits.producer.kaggle;

import io.digits.mnist.DataFiles;
import io.digits.mnist.DataFormatException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Streams the rows of a Kaggle "Digit Recognizer" CSV: {@code label,pixel0..pixel783} (train.csv) or
 * {@code pixel0..pixel783} (test.csv, unlabelled), told apart by the header; gzip-compressed files too.
 * A bad row (wrong number of fields, a non-number, a pixel outside 0..255, a label that is not a digit)
 * comes back as a {@link BadRow} naming the file and line, and reading goes on; a file without a
 * recognisable header is a {@link DataFormatException}.
 *
 * <pre>{@code
 * try (KaggleCsvReader csv = KaggleCsvReader.open(Path.of("train.csv"))) {
 *     for (KaggleCsvReader.Row row = csv.next(); row != null; row = csv.next()) { ... }
 * }
 * }</pre>
 */
public final class KaggleCsvReader implements Closeable {
    /** Pixels per row: 28x28. */
    public static final int PIXELS = 784;

    private final Path file;
    private final BufferedReader reader;
    private final boolean labelled;
    private final int fields;
    private long line = 1;
    private int row;

    /** A row of the file: an image or a bad row; {@code row} is 1-based and counts bad rows too (Kaggle's ImageId). */
    public sealed interface Row permits Image, BadRow {
        int row();

        long line();
    }

    /**
     * One image.
     *
     * @param row    1-based data row, Kaggle's ImageId
     * @param line   1-based line in the file (the header is line 1)
     * @param pixels 784 bytes, 28x28 row-major, 0 = background, as in MNIST
     * @param label  the true digit in a labelled file
     */
    public record Image(int row, long line, byte[] pixels, Optional<Integer> label) implements Row {
    }

    /**
     * A row that cannot be used.
     *
     * @param location {@code <file name> line <n>}
     * @param problem  what is wrong with it, one line
     */
    public record BadRow(int row, long line, String location, String problem) implements Row {
        @Override
        public String toString() {
            return location + ": " + problem;
        }
    }

    private KaggleCsvReader(Path file, BufferedReader reader, boolean labelled) {
        this.file = file;
        this.reader = reader;
        this.labelled = labelled;
        this.fields = labelled ? PIXELS + 1 : PIXELS;
    }

    /** Opens the file and reads its header. */
    public static KaggleCsvReader open(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(DataFiles.open(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        try {
            String header = reader.readLine();
            if (header == null) {
                throw new DataFormatException(file + ": empty, expected a Kaggle digits CSV header");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            header = header.strip();
            if (header.equals(header(false))) {
                return new KaggleCsvReader(file, reader, false);
            } else if (header.equals(header(true))) {
                return new KaggleCsvReader(file, reader, true);
            }
            throw new DataFormatException(file + ": not a Kaggle digits CSV, the header should be"
                    + " label,pixel0,...,pixel783 or pixel0,...,pixel783 but starts '" + abbreviate(header) + "'");
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The header of a labelled or an unlabelled file. */
    public static String header(boolean labelled) {
        StringBuilder header = new StringBuilder(labelled ? "label" : "");
        for (int i = 0; i < PIXELS; i++) {
            if (header.length() > 0) {
                header.append(',');
            }
            header.append("pixel").append(i);
        }
        return header.toString();
    }

    public Path file() {
        return file;
    }

    /** Whether the rows carry a label (train.csv) or not (test.csv). */
    public boolean labelled() {
        return labelled;
    }

    /**
     * The next row, or null at the end of the file; blank lines are skipped.
     *
     * @throws IOException when the file cannot be read any further (e.g. a broken gzip stream)
     */
    public Row next() throws IOException {
        String text;
        do {
            try {
                text = reader.readLine();
            } catch (IOException e) {
                throw new DataFormatException(file + " line " + (line + 1) + ": cannot read on: " + e.getMessage());
            }
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        row++;
        return parse(text);
    }

    private Row parse(String text) {
        int found = 1;
        for (int i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) {
            found++;
        }
        if (found != fields) {
            return bad("expected " + fields + " fields, got " + found);
        }
        byte[] pixels = new byte[PIXELS];
        int label = -1;
        int field = 0;
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = text.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            long value = parseInteger(text, start, end);
            String name = labelled && field == 0 ? "label" : "pixel" + (labelled ? field - 1 : field);
            if (value == NOT_A_NUMBER) {
                return bad(name + " is '" + abbreviate(text.substring(start, end).strip()) + "', not a number");
            }
            if (labelled && field == 0) {
                if (value < 0 || value > 9) {
                    return bad("label is " + value + ", not a digit 0..9");
                }
                label = (int) value;
            } else {
                if (value < 0 || value > 255) {
                    return bad(name + " is " + value + ", not in 0..255");
                }
                pixels[labelled ? field - 1 : field] = (byte) value;
            }
            field++;
            start = end + 1;
        }
        return new Image(row, line, pixels, label < 0 ? Optional.empty() : Optional.of(label));
    }

    private static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** A decimal integer between {@code start} and {@code end}, spaces around allowed; huge ones saturate. */
    private static long parseInteger(String text, int start, int end) {
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        boolean negative = start < end && text.charAt(start) == '-';
        int digitsFrom = negative ? start + 1 : start;
        if (digitsFrom == end) {
            return NOT_A_NUMBER;
        }
        long value = 0;
        for (int i = digitsFrom; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_NUMBER;
            }
            value = Math.min(value * 10 + (c - '0'), Integer.MAX_VALUE);
        }
        return negative ? -value : value;
    }

    private BadRow bad(String problem) {
        return new BadRow(row, line, file.getFileName() + " line " + line, problem);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
