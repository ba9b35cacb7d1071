package io.digits.producer.score;

/**
 * How one model version did.
 *
 * @param model         the version, as predictions name it
 * @param predictions   predictions it made
 * @param labelled      of those, how many had a true label
 * @param correct       of the labelled, how many it got right
 * @param lowConfidence predictions under the review threshold
 * @param latency       predictedAt minus the input record timestamp, ms
 */
public record ModelScore(String model, long predictions, long labelled, long correct, long lowConfidence,
                         Percentiles latency) {
    /** Correct / labelled, or NaN without labelled predictions. */
    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }
}
