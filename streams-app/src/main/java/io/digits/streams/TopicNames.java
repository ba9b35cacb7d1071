package io.digits.streams;

import io.digits.core.Topics;
import java.util.List;

/** The topics the service reads and writes; defaults are core's {@link Topics}. */
public record TopicNames(String images, String predictions, String deadLetters, String review,
                         String shadowPredictions, String models) {
    public static final TopicNames DEFAULT = new TopicNames(Topics.IMAGES, Topics.PREDICTIONS, Topics.DEAD_LETTERS,
            Topics.REVIEW, Topics.SHADOW_PREDICTIONS, Topics.MODELS);

    public TopicNames {
        List<String> all = List.of(images, predictions, deadLetters, review, shadowPredictions, models);
        if (all.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("topic names must not be blank");
        }
        if (all.stream().distinct().count() != all.size()) {
            throw new IllegalArgumentException("the six topics must have six different names: " + all);
        }
    }

    /** The default names behind {@code prefix} (a run of its own on a shared cluster: the demo, the bench). */
    public static TopicNames prefixed(String prefix) {
        return new TopicNames(prefix + DEFAULT.images, prefix + DEFAULT.predictions, prefix + DEFAULT.deadLetters,
                prefix + DEFAULT.review, prefix + DEFAULT.shadowPredictions, prefix + DEFAULT.models);
    }

    /** The topics whose records carry image keys (all but the compacted models topic). */
    public List<String> recordTopics() {
        return List.of(images, predictions, deadLetters, review, shadowPredictions);
    }
}
