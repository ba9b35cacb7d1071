package io.digits.streams.promotion;

import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import java.util.Optional;

/** The served model's pointers as this instance last read them from the models topic. */
public interface ModelPointers {
    Optional<LivePointer> live();

    Optional<CandidatePointer> candidate();
}
