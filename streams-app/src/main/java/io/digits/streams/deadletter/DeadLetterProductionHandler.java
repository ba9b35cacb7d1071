package io.digits.streams.deadletter;

import io.digits.core.image.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output that cannot be written. A prediction that cannot be serialized is a dead letter
 * ({@code processing-failed}) and processing resumes. A dead letter too large for its topic is sent again
 * without its value (the headers still say where the original is). Any other send failure fails the task,
 * as Kafka's default does: the uncaught-exception handler replaces the thread and, under exactly-once, the
 * uncommitted records are processed again, so nothing is lost.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException && deadLetters.topic().equals(record.topic()) && record.value() != null) {
            log.warn("dead letter {}-{}@{} too large for {} ({}); sending it without its value",
                    context.topic(), context.partition(), context.offset(), record.topic(), exception.getMessage());
            return Response.resume(List.of(new ProducerRecord<>(record.topic(), null, record.timestamp(), record.key(),
                    null, new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray()))));
        }
        return Response.fail();
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return Response.resume(List.of(deadLetters.of(context, exception, RejectReason.PROCESSING_FAILED, false)));
    }
}
