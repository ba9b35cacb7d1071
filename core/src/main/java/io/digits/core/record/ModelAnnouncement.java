package io.digits.core.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The value of a {@code digits.models} record (key = model name): a new version was published.
 *
 * @param name     model name
 * @param version  the published version
 * @param location where the artifact folder lives (a path in the shared registry)
 * @param sha256   SHA-256 of the parameter file, as in the manifest
 */
public record ModelAnnouncement(String name, String version, String location, String sha256) {
    @JsonCreator
    public ModelAnnouncement(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "location", required = true) String location,
            @JsonProperty(value = "sha256", required = true) String sha256) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.location = Objects.requireNonNull(location, "location");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }
}
