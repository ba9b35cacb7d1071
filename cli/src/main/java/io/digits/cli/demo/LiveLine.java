package io.digits.cli.demo;

import io.digits.charts.DigitGallery;
import io.digits.core.record.Prediction;
import io.digits.mnist.MnistDataset;
import io.digits.producer.score.ScoreListener;
import io.digits.producer.score.ScoreReport;
import io.digits.producer.score.ScoreTally;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the predictions as they come: one updating line (sent, classified, dead letters, accuracy
 * so far, records/s), and the misclassified digits for the gallery.
 */
final class LiveLine implements ScoreListener {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final AtomicLong sent;
    private final long started = System.nanoTime();
    private final MnistDataset images;
    private final Map<String, Integer> indexByKey;
    private final DigitGallery misclassified;
    private long lastDraw;

    LiveLine(PrintStream out, AtomicLong sent, MnistDataset images, Map<String, Integer> indexByKey,
             DigitGallery misclassified) {
        this.out = out;
        this.sent = sent;
        this.images = images;
        this.indexByKey = indexByKey;
        this.misclassified = misclassified;
    }

    @Override
    public void prediction(Prediction p) {
        if (p.label() != null && p.label() != p.digit()) {
            Integer index = indexByKey.get(p.id());
            if (index != null) {
                misclassified.add(images.images()[index], DigitGallery.misclassified(p.label(), p.digit(), p.confidence()));
            }
        }
    }

    @Override
    public void progress(ScoreTally tally) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(tally, now);
    }

    private void draw(ScoreTally tally, long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double accuracy = tally.accuracy();
        out.printf(Locale.ROOT, "\r  sent %6d | classified %6d | dead letters %3d | accuracy %s | %5.0f records/s   ",
                sent.get(), tally.predictions(), tally.deadLetters(),
                Double.isNaN(accuracy) ? "   -   " : String.format(Locale.ROOT, "%6.2f%%", 100 * accuracy),
                tally.seen() / seconds);
        out.flush();
    }

    /** Ends the live line so the report starts on a fresh one. */
    @Override
    public void finished(ScoreReport report) {
        out.println();
    }
}
