package io.digits.streams;

import io.digits.core.Topics;
import java.util.List;

/** The topics the service reads and writes; defaults are core's {@link Topics}. */
public record TopicNames(String images, String predictions, String deadLetters, String review, String models) {
    public static final TopicNames DEFAULT =
            new TopicNames(Topics.IMAGES, Topics.PREDICTIONS, Topics.DEAD_LETTERS, Topics.REVIEW, Topics.MODELS);

    public TopicNames {
        List<String> all = List.of(images, predictions, deadLetters, review, models);
        if (all.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("topic names must not be blank");
        }
        if (all.stream().distinct().count() != all.size()) {
            throw new IllegalArgumentException("the five topics must have five different names: " + all);
        }
    }

    /** The topics whose records carry image keys (all but the compacted models topic). */
    public List<String> recordTopics() {
        return List.of(images, predictions, deadLetters, review);
    }
}
