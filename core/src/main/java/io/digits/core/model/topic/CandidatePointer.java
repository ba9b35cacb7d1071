package io.digits.core.model.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The value of {@code <name>/candidate} on the models topic: the version the service scores beside the live one on
 * every image (shadow scoring), its predictions going to the shadow-predictions topic only. A tombstone clears it.
 *
 * @param name        model name
 * @param version     the candidate version
 * @param sha256      SHA-256 of its parameters, as in its manifest
 * @param nominatedAt ISO-8601 instant it became the candidate
 * @param watches     null for a nominated candidate (one that may be promoted); for a rollback watch, the live version
 *                    that replaced this one by an automatic promotion: this one is shadowed beside it so that the
 *                    promotion rule, applied the other way round, can roll the promotion back
 */
public record CandidatePointer(String name, String version, String sha256, String nominatedAt, String watches) {
    @JsonCreator
    public CandidatePointer(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty(value = "nominatedAt", required = true) String nominatedAt,
            @JsonProperty("watches") String watches) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.nominatedAt = Objects.requireNonNull(nominatedAt, "nominatedAt");
        this.watches = watches;
    }

    /** A nominated candidate: one that may be promoted. */
    public static CandidatePointer nominated(String name, String version, String sha256, Instant at) {
        return new CandidatePointer(name, version, sha256, at.toString(), null);
    }

    /** Whether this candidate is a rollback watch rather than a nominee. */
    @JsonIgnore
    public boolean isWatch() {
        return watches != null;
    }
}
