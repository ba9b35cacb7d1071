package io.digits.producer.source;

import io.digits.core.record.ContentType;
import java.util.Objects;
import java.util.Optional;

/** What a source yields: an image to send, or an input it could not use (counted and skipped). */
public sealed interface SourceItem {

    /**
     * One image to send.
     *
     * @param key         the record key: stable and unique within the source (see {@link ImageKeys})
     * @param bytes       the record value
     * @param contentType what the bytes are, for the {@code content-type} header
     * @param label       the true digit when the source knows it
     */
    record Image(String key, byte[] bytes, ContentType contentType, Optional<Integer> label) implements SourceItem {
        public Image {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(label, "label");
        }

        @Override
        public String toString() {
            return "Image[key=" + key + ", " + bytes.length + " bytes, " + contentType.mimeType()
                    + label.map(l -> ", label=" + l).orElse("") + "]";
        }
    }

    /**
     * An input that cannot be sent.
     *
     * @param location where it is: a file, or a file and 1-based line ({@code train.csv line 17})
     * @param problem  what is wrong with it, one line
     */
    record BadInput(String location, String problem) implements SourceItem {
        @Override
        public String toString() {
            return location + ": " + problem;
        }
    }
}
