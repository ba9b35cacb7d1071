package io.digits.trainer;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for one epoch: batches done, running loss and accuracy, images/s and the ETA.
 * Disabled, it does nothing (tests, or when the caller asked for no progress).
 */
final class EpochProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();

    private EpochProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static EpochProgress start(boolean enabled, int epoch, int epochs, int batches, PrintStream out) {
        if (!enabled) {
            return new EpochProgress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(batches)
                .setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setConsumer(new ConsoleProgressBarConsumer(out, 120))
                .build();
        return new EpochProgress(bar);
    }

    void step(long images, double meanLoss, double accuracy) {
        if (bar == null) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.4f %4.0f img/s", meanLoss, accuracy,
                seconds > 0 ? images / seconds : 0));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
