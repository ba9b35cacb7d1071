package io.digits.streams.deadletter;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the topology rejects goes to the dead-letter topic with its reason, and processing resumes; under
 * exactly-once the dead letter is part of the same transaction as the input offset. An engine failure
 * ({@link InferenceFailedException}) is not the record's fault: it fails the task, so the uncaught-exception
 * handler replaces the thread and the images are classified again from the last commit.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        InferenceFailedException inference = DeadLetters.find(exception, InferenceFailedException.class);
        if (inference != null) {
            log.error("{}; failing task {} to classify again from its last commit", inference.getMessage(), context.taskId());
            return Response.fail();
        }
        return Response.resume(deadLetters.of(context, exception));
    }
}
