package io.digits.core.record;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Header names carried by image and dead-letter records, and typed access to them. */
public final class RecordHeaders {
    /** Optional on an image record: what the bytes are (see {@link ContentType}). */
    public static final String CONTENT_TYPE = "content-type";
    /** Optional on an image record: the true digit, 0..9, as a decimal string. */
    public static final String LABEL = "label";
    /** On a dead letter: a short reason code, one of {@link io.digits.core.image.RejectReason}. */
    public static final String REASON = "digits.reason";
    /** On a prediction: the version of the model that made it. */
    public static final String MODEL_VERSION = "digits.model.version";
    /** On a prediction: the SHA-256 of that model's parameters, as in its manifest. */
    public static final String MODEL_SHA256 = "digits.model.sha256";

    private RecordHeaders() {
    }

    /** The last value of a header as UTF-8 text, if present. */
    public static Optional<String> text(Headers headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The {@code label} header when it holds a single digit 0..9; anything else reads as no label. */
    public static Optional<Integer> label(Headers headers) {
        return text(headers, LABEL).map(String::trim).flatMap(RecordHeaders::parseDigit);
    }

    /** A digit 0..9 written as one character, or empty. */
    public static Optional<Integer> parseDigit(String text) {
        if (text.length() == 1 && Character.isDigit(text.charAt(0))) {
            return Optional.of(text.charAt(0) - '0');
        }
        return Optional.empty();
    }

    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
