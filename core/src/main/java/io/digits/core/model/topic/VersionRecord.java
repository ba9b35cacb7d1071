package io.digits.core.model.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.digits.core.model.ModelManifest;
import java.util.List;
import java.util.Objects;

/**
 * The value of a version's manifest record ({@code <name>/<version>/manifest}) on the models topic: the model's
 * manifest, and how to reassemble and trust its bundle.
 *
 * @param name         model name
 * @param version      the version
 * @param publishedAt  ISO-8601 instant the version was sent to the topic
 * @param size         the bundle's size in bytes
 * @param sha256       SHA-256 (hex) of the whole bundle
 * @param chunkSize    the size of every chunk but the last
 * @param chunks       SHA-256 (hex) of each chunk, in order: their number is the chunk count
 * @param manifest     the artifact's {@code manifest.json}, as inside the bundle
 */
public record VersionRecord(String name, String version, String publishedAt, long size, String sha256, int chunkSize,
                            List<String> chunks, ModelManifest manifest) {
    @JsonCreator
    public VersionRecord(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "version", required = true) String version,
            @JsonProperty(value = "publishedAt", required = true) String publishedAt,
            @JsonProperty(value = "size", required = true) long size,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty(value = "chunkSize", required = true) int chunkSize,
            @JsonProperty(value = "chunks", required = true) List<String> chunks,
            @JsonProperty(value = "manifest", required = true) ModelManifest manifest) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.publishedAt = Objects.requireNonNull(publishedAt, "publishedAt");
        this.size = size;
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.chunkSize = chunkSize;
        this.chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }
}
