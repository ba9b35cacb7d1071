package io.digits.core.model.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * The value of {@code <name>/live} on the models topic: the version every classifier serves.
 *
 * @param name        model name
 * @param version     the live version
 * @param sha256      SHA-256 of its parameters, as in its manifest
 * @param previous    the versions live before, most recent first (what {@code rollback} returns to); compaction keeps
 *                    only the newest pointer, so the history travels in it
 * @param promotedAt  ISO-8601 instant of the promotion
 */
public record LivePointer(String name, String version, String sha256, List<String> previous, String promotedAt) {
    /** How many earlier live versions a pointer remembers. */
    public static final int HISTORY = 20;

    @JsonCreator
    public LivePointer(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty("previous") List<String> previous,
            @JsonProperty(value = "promotedAt", required = true) String promotedAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.previous = previous == null ? List.of() : List.copyOf(previous);
        this.promotedAt = Objects.requireNonNull(promotedAt, "promotedAt");
    }

    /**
     * The pointer that makes {@code version} live after {@code current} (if any): the current version heads the
     * history, which keeps no version twice and not the new one.
     */
    public static LivePointer succeeding(Optional<LivePointer> current, String name, String version, String sha256,
                                         Instant at) {
        List<String> previous = new ArrayList<>();
        current.ifPresent(c -> {
            if (!c.version().equals(version)) {
                previous.add(c.version());
            }
            c.previous().stream().filter(v -> !v.equals(version) && !previous.contains(v)).forEach(previous::add);
        });
        return new LivePointer(name, version, sha256, previous.subList(0, Math.min(previous.size(), HISTORY)),
                at.toString());
    }

    /**
     * The pointer that returns to {@code version}, one of {@link #previous()}: the history keeps only what was live
     * before it, as if the versions after it had never been.
     *
     * @throws IllegalArgumentException {@code version} is not in the history
     */
    public LivePointer rolledBackTo(String version, String sha256, Instant at) {
        int index = previous.indexOf(version);
        if (index < 0) {
            throw new IllegalArgumentException(version + " was not live before " + this.version + " of " + name);
        }
        return new LivePointer(name, version, sha256, previous.subList(index + 1, previous.size()), at.toString());
    }
}
