package io.digits.producer.score;

import io.digits.command.CommandLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a Kaggle "Digit Recognizer" submission: {@code ImageId,Label}, one row per image, ImageId
 * ascending, from the predictions of an unlabelled CSV sent with {@code produce --source csv:FILE}.
 */
public final class KaggleSubmission {
    public static final String HEADER = "ImageId,Label";

    private KaggleSubmission() {
    }

    /**
     * Writes the submission for the one CSV file the report has unlabelled predictions for.
     *
     * @return the number of rows written
     * @throws CommandLines.UsageError when there are none, or they come from more than one file
     *                                 (their ImageIds would clash)
     */
    public static int write(ScoreReport report, Path file) throws IOException {
        Map<String, SortedMap<Integer, Integer>> byFile = report.csvDigits();
        if (byFile.isEmpty()) {
            throw new CommandLines.UsageError("no predictions for unlabelled CSV rows (keys FILE:ROW) to write to "
                    + file + "; send the Kaggle test CSV with produce --source csv:test.csv");
        }
        if (byFile.size() > 1) {
            throw new CommandLines.UsageError("predictions come from several CSV files " + byFile.keySet()
                    + ", whose ImageIds would clash; score them one at a time (separate topics)");
        }
        SortedMap<Integer, Integer> rows = byFile.values().iterator().next();
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path tmp = Files.createTempFile(absolute.getParent(), ".submission-", ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            w.write(HEADER);
            w.write('\n');
            for (Map.Entry<Integer, Integer> row : rows.entrySet()) {
                w.write(row.getKey() + "," + row.getValue() + "\n");
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows.size();
    }
}
