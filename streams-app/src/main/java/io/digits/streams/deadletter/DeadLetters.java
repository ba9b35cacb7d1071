package io.digits.streams.deadletter;

import io.digits.core.image.RejectReason;
import io.digits.core.record.RecordHeaders;
import io.digits.streams.metrics.ServingMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds dead letters for the exception handlers: Kafka Streams' own dead-letter record (KIP-1034: the original
 * key and value bytes, the original headers and the {@code __streams.errors.*} headers, built by the same utility
 * Kafka's built-in handlers use) plus our {@code digits.reason} header, counted by reason.
 *
 * <p>For records rejected as input the stack-trace header is left out: it would describe our parser, not the
 * record, and would only make the dead letter bigger.
 */
public final class DeadLetters {
    /** The configuration key under which {@link #streamsConfig} passes the {@link ServingMetrics} to the handlers. */
    static final String METRICS_CONFIG = "digits.serving.metrics";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String topic;
    private final ServingMetrics metrics;

    private DeadLetters(String topic, ServingMetrics metrics) {
        this.topic = topic;
        this.metrics = metrics;
    }

    /**
     * The Kafka Streams properties that send failed records to {@code topic} through this package's three exception
     * handlers, with {@code metrics} reaching the handlers through the configuration (the way Kafka hands
     * configuration to pluggable classes).
     */
    public static Map<String, Object> streamsConfig(String topic, ServingMetrics metrics) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Kafka's partition assignor reads a StreamsConfig built from the main consumer's configs, which keep
        // only consumer properties and "main.consumer."-prefixed ones: without this copy it warns at every
        // start that the flag above is off.
        config.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        config.put(METRICS_CONFIG, metrics);
        return config;
    }

    /** From a handler's configuration: the dead-letter topic and the metrics. */
    static DeadLetters from(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is not set");
        }
        Object metrics = configs.get(METRICS_CONFIG);
        return new DeadLetters(topic.toString(),
                metrics instanceof ServingMetrics m ? m : ServingMetrics.unregistered());
    }

    String topic() {
        return topic;
    }

    /** The dead letter for the record in {@code context} that failed with {@code exception}. */
    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, Exception exception) {
        RecordRejectedException rejected = find(exception, RecordRejectedException.class);
        if (rejected != null) {
            return List.of(of(context, rejected.rejection(), rejected.rejection().reason(), true));
        }
        return List.of(of(context, exception, RejectReason.PROCESSING_FAILED, false));
    }

    /** A dead letter with the given reason; {@code inputAtFault} leaves the stack trace out. */
    ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, Exception reported, RejectReason reason,
                                      boolean inputAtFault) {
        ProducerRecord<byte[], byte[]> record = ExceptionHandlerUtils.buildDeadLetterQueueRecord(
                topic, context.sourceRawKey(), context.sourceRawValue(), context, reported);
        if (inputAtFault) {
            record.headers().remove(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME);
            log.debug("dead letter {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reported.getMessage());
        } else {
            log.warn("dead letter {}-{}@{} ({}): {}", context.topic(), context.partition(), context.offset(),
                    reason.code(), reported.toString());
        }
        record.headers().remove(RecordHeaders.REASON);
        record.headers().add(RecordHeaders.REASON, RecordHeaders.utf8(reason.code()));
        metrics.deadLettered(reason);
        return record;
    }

    /** The first exception of {@code type} in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable exception, Class<T> type) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
