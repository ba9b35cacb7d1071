package io.digits.streams.promotion;

import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import java.util.Optional;

/** Pointers a test sets, as the models topic follower would have read them. */
public final class PointersHeld implements ModelPointers {
    private volatile LivePointer live;
    private volatile CandidatePointer candidate;

    public void set(LivePointer live, CandidatePointer candidate) {
        this.live = live;
        this.candidate = candidate;
    }

    @Override
    public Optional<LivePointer> live() {
        return Optional.ofNullable(live);
    }

    @Override
    public Optional<CandidatePointer> candidate() {
        return Optional.ofNullable(candidate);
    }
}
