package io.digits.streams.topology;

import io.digits.core.image.MnistPreprocessor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An accepted, preprocessed image waiting in the batch buffer to be classified.
 *
 * @param key       the input record's key (null if it had none)
 * @param id        the image id for the prediction
 * @param timestamp the input record's timestamp
 * @param label     the true digit from the {@code label} header, or null
 * @param image     the network input, {@link MnistPreprocessor#PIXELS} floats
 */
record PendingImage(String key, String id, long timestamp, Integer label, float[] image, long offset) {

    PendingImage(String key, String id, long timestamp, Integer label, float[] image) {
        this(key, id, timestamp, label, image, -1);
    }

    /** The buffer store's value format: compact binary, versioned by its first byte. */
    static final class PendingImageSerde implements Serde<PendingImage> {
        /** Format 2 adds the input offset after the label; format 1 (no offset) is still read. */
        private static final byte FORMAT = 2;
        private static final byte FORMAT_1 = 1;

        @Override
        public Serializer<PendingImage> serializer() {
            return (topic, p) -> {
                if (p == null) {
                    return null;
                }
                byte[] key = p.key == null ? null : p.key.getBytes(StandardCharsets.UTF_8);
                byte[] id = p.id.getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.allocate(1 + 4 + (key == null ? 0 : key.length) + 4 + id.length + 8 + 1 + 8
                        + 4 + 4 * p.image.length);
                out.put(FORMAT);
                out.putInt(key == null ? -1 : key.length);
                if (key != null) {
                    out.put(key);
                }
                out.putInt(id.length).put(id);
                out.putLong(p.timestamp);
                out.put((byte) (p.label == null ? -1 : p.label));
                out.putLong(p.offset);
                out.putInt(p.image.length);
                out.asFloatBuffer().put(p.image);
                return out.array();
            };
        }

        @Override
        public Deserializer<PendingImage> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(bytes);
                    byte format = in.get();
                    if (format != FORMAT && format != FORMAT_1) {
                        throw new SerializationException("unknown buffered-image format " + bytes[0]);
                    }
                    int keyLength = in.getInt();
                    String key = keyLength < 0 ? null : text(in, keyLength);
                    String id = text(in, in.getInt());
                    long timestamp = in.getLong();
                    byte label = in.get();
                    long offset = format == FORMAT ? in.getLong() : -1;
                    float[] image = new float[in.getInt()];
                    in.asFloatBuffer().get(image);
                    return new PendingImage(key, id, timestamp, label < 0 ? null : (int) label, image, offset);
                } catch (RuntimeException e) {
                    throw new SerializationException("corrupt buffered image: " + e, e);
                }
            };
        }

        private static String text(ByteBuffer in, int length) {
            byte[] bytes = new byte[length];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
