package io.digits.streams.deadletter;

import io.digits.core.image.ImageRejectedException;

/**
 * Thrown by the topology for a record that is not an image it accepts; Kafka Streams hands it to
 * {@link DeadLetterProcessingHandler}, which sends the original record to the dead-letter topic with the reason.
 * (Processors cannot throw checked exceptions, so this carries core's {@link ImageRejectedException}.)
 */
public final class RecordRejectedException extends RuntimeException {
    public RecordRejectedException(ImageRejectedException cause) {
        super(cause.getMessage(), cause);
    }

    ImageRejectedException rejection() {
        return (ImageRejectedException) getCause();
    }
}
