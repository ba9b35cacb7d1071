package io.digits.streams.promotion;

import io.digits.core.record.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One labelled image scored by the live model and the candidate, what the promotion judge counts; the value of the
 * {@code <application-id>-shadow-outcomes-repartition} topic (keyed by model name, one partition).
 *
 * @param live           the live version
 * @param candidate      the candidate version
 * @param label          the true digit
 * @param liveDigit      the live model's digit
 * @param candidateDigit the candidate's digit
 */
public record ShadowOutcome(String live, String candidate, int label, int liveDigit, int candidateDigit) {
    /** The outcome of a labelled image both scored. */
    public static ShadowOutcome of(Prediction live, Prediction candidate) {
        return new ShadowOutcome(live.model(), candidate.model(), live.label(), live.digit(), candidate.digit());
    }

    /** Two version strings and three bytes. */
    public static final class ShadowOutcomeSerde implements Serde<ShadowOutcome> {
        @Override
        public Serializer<ShadowOutcome> serializer() {
            return (topic, o) -> {
                if (o == null) {
                    return null;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeUTF(o.live());
                    out.writeUTF(o.candidate());
                    out.writeByte(o.label());
                    out.writeByte(o.liveDigit());
                    out.writeByte(o.candidateDigit());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            };
        }

        @Override
        public Deserializer<ShadowOutcome> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
                    return new ShadowOutcome(in.readUTF(), in.readUTF(), in.readByte(), in.readByte(), in.readByte());
                } catch (IOException e) {
                    throw new SerializationException("malformed shadow outcome", e);
                }
            };
        }
    }
}
