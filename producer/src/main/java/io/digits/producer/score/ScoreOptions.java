package io.digits.producer.score;

import io.digits.core.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to score and when to stop.
 *
 * @param predictionsTopic where the predictions are
 * @param deadLettersTopic where the dead letters are (may not exist yet: then none are counted)
 * @param expect           stop after this many predictions and dead letters; without it, stop at the
 *                         end of the topics as they were when scoring started
 * @param timeout          stop waiting after this long (the report then says it timed out)
 */
public record ScoreOptions(String predictionsTopic, String deadLettersTopic, OptionalLong expect,
                           Optional<Duration> timeout) {

    /** Everything on the default topics, up to their current end. */
    public static ScoreOptions untilCaughtUp() {
        return new ScoreOptions(Topics.PREDICTIONS, Topics.DEAD_LETTERS, OptionalLong.empty(), Optional.empty());
    }

    /** Waits for {@code n} predictions and dead letters on the default topics, for at most {@code timeout}. */
    public static ScoreOptions expect(long n, Duration timeout) {
        return new ScoreOptions(Topics.PREDICTIONS, Topics.DEAD_LETTERS, OptionalLong.of(n), Optional.of(timeout));
    }
}
