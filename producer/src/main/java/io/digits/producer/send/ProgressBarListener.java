package io.digits.producer.send;

import io.digits.producer.WarningPrinter;
import io.digits.producer.source.SourceItem;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

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
            bar = new ProgressBarBuilder()
                    .setTaskName("produce")
                    .setInitialMax(expected.orElse(-1))
                    .setUnit(" img", 1)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(System.console() != null ? 200 : 2000)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
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
