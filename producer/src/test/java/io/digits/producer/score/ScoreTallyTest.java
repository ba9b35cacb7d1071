package io.digits.producer.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.command.CommandLines;
import io.digits.core.record.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTallyTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static Prediction prediction(String id, int digit, Integer label, long latency, boolean low) {
        float[] p = new float[10];
        p[digit] = 0.9f;
        return new Prediction(id, digit, 0.9f, p, "m1", label, low, T0, T0 + latency);
    }

    @Test
    void counts_accuracy_latency_dead_letters_and_live_latency() {
        ScoreTally tally = new ScoreTally(T0 + 15);
        tally.prediction(prediction("a", 1, 1, 10, false), T0 + 30);
        tally.prediction(prediction("b", 2, 3, 20, true), T0 + 40);
        tally.prediction(prediction("c", 4, null, 30, false), T0 + 50, T0 + 45);
        tally.deadLetter(Optional.of("undecodable"));
        tally.deadLetter(Optional.empty());
        tally.unreadable();

        ScoreReport report = tally.report(OptionalLong.of(6), false);

        assertThat(report.seen()).isEqualTo(6);
        assertThat(report.labelled()).isEqualTo(2);
        assertThat(report.accuracy()).isEqualTo(0.5);
        assertThat(report.lowConfidence()).isEqualTo(1);
        assertThat(report.predictLatency()).isEqualTo(new Percentiles(3, 20, 30, 30, 30, 30));
        // a predicted at T0+10, before scoring started at T0+15: not live; b and c were read 40 and 50 ms after input
        assertThat(report.liveLatency()).isEqualTo(new Percentiles(2, 40, 50, 50, 50, 50));
        assertThat(report.appendLatency()).isEqualTo(new Percentiles(1, 45, 45, 45, 45, 45));
        assertThat(report.deadLetterReasons()).containsEntry("undecodable", 1L).containsEntry("unknown", 1L);
        assertThat(report.toText()).contains("3 predictions, 2 dead letters, 1 unreadable (expected 6)")
                .contains("accuracy        50.00% (1 of 2 labelled predictions)");
    }

    @Test
    void without_labels_accuracy_is_not_a_number_and_the_text_says_so() {
        ScoreTally tally = new ScoreTally(T0);
        tally.prediction(prediction("x", 3, null, 5, false), T0 + 6);

        ScoreReport report = tally.report(OptionalLong.empty(), false);

        assertThat(report.accuracy()).isNaN();
        assertThat(report.toText()).contains("n/a: no labelled predictions (produce with --labels)")
                .doesNotContain("confusion matrix");
    }

    @Test
    void submission_keeps_the_last_prediction_per_image_id_and_sorts_them() throws IOException {
        ScoreTally tally = new ScoreTally(T0);
        tally.prediction(prediction("test.csv:10", 1, null, 5, false), T0);
        tally.prediction(prediction("test.csv:2", 7, null, 5, false), T0);
        tally.prediction(prediction("test.csv:10", 4, null, 5, false), T0); // sent twice: one row
        tally.prediction(prediction("mnist-test-00001", 2, null, 5, false), T0); // not a CSV row
        tally.prediction(prediction("test.csv:3", 5, 5, 5, false), T0); // labelled: not a submission row
        Path file = dir.resolve("submission.csv");

        int rows = KaggleSubmission.write(tally.report(OptionalLong.empty(), false), file);

        assertThat(rows).isEqualTo(2);
        assertThat(Files.readAllLines(file)).containsExactly("ImageId,Label", "2,7", "10,4");
    }

    @Test
    void submission_refuses_no_rows_and_rows_from_two_files() {
        ScoreTally empty = new ScoreTally(T0);
        assertThatThrownBy(() -> KaggleSubmission.write(empty.report(OptionalLong.empty(), false), dir.resolve("s.csv")))
                .isInstanceOf(CommandLines.UsageError.class).hasMessageContaining("no predictions for unlabelled CSV rows");

        ScoreTally two = new ScoreTally(T0);
        two.prediction(prediction("a.csv:1", 1, null, 5, false), T0);
        two.prediction(prediction("b.csv:1", 1, null, 5, false), T0);
        assertThatThrownBy(() -> KaggleSubmission.write(two.report(OptionalLong.empty(), false), dir.resolve("s.csv")))
                .isInstanceOf(CommandLines.UsageError.class).hasMessageContaining("[a.csv, b.csv]");
        assertThat(dir.resolve("s.csv")).doesNotExist();
    }
}
