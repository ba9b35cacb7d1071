package io.digits.cli.demo;

import io.digits.core.record.ContentType;
import io.digits.core.record.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Records the streams app must turn into dead letters, one of each kind in turn: what a careless
 * upstream really sends (empty values, a truncated PNG, text, a wrong-sized raw image, an unknown
 * content type).
 */
final class CorruptRecords {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private CorruptRecords() {
    }

    /** {@code count} corrupt records for {@code topic}, keyed {@code bad-0001}... */
    static List<ProducerRecord<String, byte[]>> make(String topic, int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = String.format("bad-%04d", i + 1);
            ProducerRecord<String, byte[]> record = switch (i % 5) {
                case 0 -> new ProducerRecord<>(topic, key, new byte[0]);
                case 1 -> typed(topic, key, Arrays.copyOf(PNG_MAGIC, 40), ContentType.PNG.mimeType());
                case 2 -> new ProducerRecord<>(topic, key, "this is not an image".getBytes(StandardCharsets.UTF_8));
                case 3 -> typed(topic, key, new byte[500], ContentType.MNIST_784.mimeType());
                default -> typed(topic, key, new byte[784], "image/webp");
            };
            records.add(record);
        }
        return records;
    }

    private static ProducerRecord<String, byte[]> typed(String topic, String key, byte[] value, String contentType) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(new RecordHeader(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(contentType)));
        return record;
    }
}
