package io.digits.producer.score;

import io.digits.command.ProgressBars;
import io.digits.producer.WarningPrinter;
import java.util.Locale;
import java.util.OptionalLong;
import me.tongfei.progressbar.ProgressBar;

/** The CLI's live view of scoring: records read, live accuracy, dead letters and low-confidence counts on stderr. */
public final class ScoreProgressBar implements ScoreListener {
    private final WarningPrinter warnings;
    private final boolean showBar;
    private ProgressBar bar;

    public ScoreProgressBar(WarningPrinter warnings, boolean showBar) {
        this.warnings = warnings;
        this.showBar = showBar;
    }

    @Override
    public void started(OptionalLong expected) {
        if (showBar) {
            bar = ProgressBars.create("score", expected.orElse(-1), null);
        }
    }

    @Override
    public void progress(ScoreTally tally) {
        if (bar != null) {
            bar.stepTo(tally.seen());
            double accuracy = tally.accuracy();
            bar.setExtraMessage(String.format(Locale.ROOT, " acc %s, dead %d, low-conf %d",
                    Double.isNaN(accuracy) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * accuracy),
                    tally.deadLetters(), tally.lowConfidence()));
        }
    }

    @Override
    public void unreadable(String topic, int partition, long offset, String problem) {
        warnings.warn(topic + "-" + partition + " offset " + offset + ": not a prediction: " + problem);
    }

    @Override
    public void finished(ScoreReport report) {
        if (bar != null) {
            bar.close();
        }
    }
}
