package io.digits.producer.send;

import io.digits.command.ProgressBars;
import io.digits.producer.WarningPrinter;
import io.digits.producer.source.SourceItem;
import java.util.OptionalLong;
import me.tongfei.progressbar.ProgressBar;

/** The CLI's view of a produce run: a progress bar on stderr (sent, rate, ETA) and one-line warnings. */
public final class ProgressBarListener implements ProduceListener {
    private final WarningPrinter warnings;
    private final boolean showBar;
    private ProgressBar bar;

    public ProgressBarListener(WarningPrinter warnings, boolean showBar) {
        this.warnings = warnings;
        this.showBar = showBar;
    }

    @Override
    public void started(OptionalLong expected) {
        if (showBar) {
            bar = ProgressBars.create("produce", expected.orElse(-1), " img");
        }
    }

    @Override
    public void progress(long dispatched, long acknowledged, long failed) {
        if (bar != null) {
            bar.stepTo(acknowledged);
            if (failed > 0) {
                bar.setExtraMessage(" failed " + failed);
            }
        }
    }

    @Override
    public void badInput(SourceItem.BadInput bad) {
        warnings.warn(bad.location() + ": " + bad.problem() + " (skipped)");
    }

    @Override
    public void sendFailed(String key, Exception error) {
        warnings.warn(key + ": not sent: " + error.getMessage());
    }

    @Override
    public void finished(ProduceSummary summary) {
        if (bar != null) {
            bar.close();
        }
    }
}
