package io.digits.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.RejectReason;
import io.digits.core.record.RecordHeaders;
import io.digits.streams.metrics.MeterNames;
import io.digits.streams.metrics.ServingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingHandlerTest {
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();

    DeadLetterProcessingHandlerTest() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq",
                DeadLetters.METRICS_CONFIG, new ServingMetrics(meters)));
    }

    @Test
    void anEngineFailureFailsTheTaskInsteadOfDeadLetteringGoodImages() {
        Response response = handler.handleError(context(), null,
                new InferenceFailedException(32, new IllegalStateException("engine exploded")));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsADeadLetterWithItsStackTrace() {
        Response response = handler.handleError(context(), null, new NullPointerException("a bug"));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        Headers headers = response.deadLetterQueueRecords().get(0).headers();
        assertThat(RecordHeaders.text(headers, RecordHeaders.REASON)).contains(RejectReason.PROCESSING_FAILED.code());
        assertThat(headers.lastHeader("__streams.errors.stacktrace")).isNotNull();
        assertThat(response.deadLetterQueueRecords().get(0).value()).isEqualTo("raw".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRejectedImageIsADeadLetterWithItsReasonReplacingAnyThatCameWithIt() {
        Response response = handler.handleError(context(), null,
                new RecordRejectedException(new ImageRejectedException(RejectReason.NO_DIGIT, "blank")));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        Headers headers = response.deadLetterQueueRecords().get(0).headers();
        assertThat(headers.headers(RecordHeaders.REASON)).hasSize(1);
        assertThat(RecordHeaders.text(headers, RecordHeaders.REASON)).contains("no-digit");
        assertThat(meters.get(MeterNames.DEAD_LETTERS).tag(MeterNames.TAG_REASON, "no-digit").counter().count()).isEqualTo(1);
    }

    static ErrorHandlerContext context() {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(RecordHeaders.REASON, "forged".getBytes(StandardCharsets.UTF_8)));
        return new ErrorHandlerContext() {
            public String topic() { return "digits.images"; }
            public int partition() { return 1; }
            public long offset() { return 42; }
            public Headers headers() { return headers; }
            public String processorNodeId() { return "classify"; }
            public TaskId taskId() { return new TaskId(0, 1); }
            public long timestamp() { return 1L; }
            public byte[] sourceRawKey() { return "k".getBytes(StandardCharsets.UTF_8); }
            public byte[] sourceRawValue() { return "raw".getBytes(StandardCharsets.UTF_8); }
        };
    }
}
