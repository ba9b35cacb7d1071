package io.digits.core.model.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
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
}
