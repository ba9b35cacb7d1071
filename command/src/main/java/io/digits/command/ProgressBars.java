package io.digits.command;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bars of the commands that send or read records ({@code produce}, {@code score}, {@code models
 * compare}): on stderr, ASCII, redrawn less often when not on a terminal. The progress bar library is an optional
 * dependency of this module: a command that shows one declares it (the service's image does not carry it).
 */
public final class ProgressBars {
    private ProgressBars() {
    }

    /**
     * @param max  how many steps, or -1 when unknown (no ETA then)
     * @param unit shown after the counts with a speed per second, or null for neither
     */
    public static ProgressBar create(String task, long max, String unit) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(System.console() != null ? 200 : 2000)
                .setConsumer(new ConsoleProgressBarConsumer(System.err));
        if (unit != null) {
            builder.setUnit(unit, 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS);
        }
        return builder.build();
    }
}
