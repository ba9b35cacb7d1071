package io.digits.producer.source;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record keys producers write and the scorer reads back: stable (the same image always gets the
 * same key) and unique within a source.
 * <ul>
 * <li>idx images: {@code <name>-<index>}, index 0-based, zero-padded to five digits, e.g. {@code mnist-test-00042};</li>
 * <li>image files: the file's path as found from the path given on the command line;</li>
 * <li>CSV rows: {@code <file name>:<row>}, row the 1-based data row (Kaggle's ImageId), e.g. {@code test.csv:42}.</li>
 * </ul>
 */
public final class ImageKeys {
    private static final Pattern CSV_ROW = Pattern.compile("(?<file>[^/\\\\:]+):(?<row>[1-9][0-9]{0,9})");

    private ImageKeys() {
    }

    /** {@code mnist-test-00042} for index 42 of {@code mnist-test}. */
    public static String idx(String name, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        return String.format("%s-%05d", name, index);
    }

    /** {@code test.csv:42} for data row 42 of {@code test.csv}. */
    public static String csvRow(String fileName, long row) {
        if (row < 1) {
            throw new IllegalArgumentException("CSV rows are 1-based, was " + row);
        }
        return fileName + ":" + row;
    }

    /** The file name and row of a CSV-row key, or empty for any other key. */
    public static Optional<CsvRow> parseCsvRow(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = CSV_ROW.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        long row = Long.parseLong(m.group("row"));
        if (row > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new CsvRow(m.group("file"), (int) row));
    }

    /** Where a CSV-sourced image came from: its file name and 1-based data row. */
    public record CsvRow(String fileName, int row) {
    }
}
