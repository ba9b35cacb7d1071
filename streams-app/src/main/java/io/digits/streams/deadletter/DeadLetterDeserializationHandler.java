package io.digits.streams.deadletter;

import io.digits.core.image.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * An input record whose key or value cannot be deserialized goes to the dead-letter topic as {@code undecodable}
 * and processing resumes. (Image values are read as bytes and keys as strings, so this is a safety net.)
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return Response.resume(List.of(deadLetters.of(context, exception, RejectReason.UNDECODABLE, true)));
    }
}
