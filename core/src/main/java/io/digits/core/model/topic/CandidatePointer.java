package io.digits.core.model.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The value of {@code <name>/candidate} on the models topic: the version the service scores beside the live one on
 * every image (shadow scoring), its predictions going to the shadow-predictions topic only. A tombstone clears it.
 *
 * @param name        model name
 * @param version     the candidate version
 * @param sha256      SHA-256 of its parameters, as in its manifest
 * @param nominatedAt ISO-8601 instant it became the candidate
 */
public record CandidatePointer(String name, String version, String sha256, String nominatedAt) {
    @JsonCreator
    public CandidatePointer(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty(value = "nominatedAt", required = true) String nominatedAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.nominatedAt = Objects.requireNonNull(nominatedAt, "nominatedAt");
    }
}
