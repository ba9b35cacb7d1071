package io.digits.producer.send;

import java.time.Duration;
import java.util.Locale;

/**
 * What a produce run did.
 *
 * @param topic        where it sent
 * @param sent         images the broker acknowledged
 * @param badInputs    inputs skipped as unusable (unreadable file, bad CSV row, ...)
 * @param sendFailures images the broker did not take
 * @param elapsed      from the first send to the last acknowledgement
 * @param passes       completed passes over the source
 */
public record ProduceSummary(String topic, long sent, long badInputs, long sendFailures, Duration elapsed, int passes) {

    public long failed() {
        return badInputs + sendFailures;
    }

    /** Acknowledged images per second of the run. */
    public double imagesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }

    /** The one summary line the CLI prints. */
    public String line() {
        return String.format(Locale.ROOT, "sent %d images to %s in %.1f s (%.0f images/s); failed %d (%d bad inputs, %d send errors)",
                sent, topic, elapsed.toNanos() / 1e9, imagesPerSecond(), failed(), badInputs, sendFailures);
    }
}
