package io.digits.streams.promotion;

import io.digits.core.eval.PairedOutcomes;
import java.io.ByteArrayInputStream;
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
 * The judge's state for one live version and one candidate (its store's value): when the candidate was nominated (a
 * new nomination of the same pair starts over), what the two made of the labelled images so far, and whether the
 * verdict has been taken (it is taken once; later images of the pair are not counted).
 */
record JudgedPair(String nominatedAt, PairedOutcomes outcomes, boolean decided) {
    static JudgedPair start(String nominatedAt) {
        return new JudgedPair(nominatedAt, new PairedOutcomes(), false);
    }

    JudgedPair decidedNow() {
        return new JudgedPair(nominatedAt, outcomes, true);
    }

    /** The nomination instant, the decided flag, then the outcomes' counts. */
    static final class JudgedPairSerde implements Serde<JudgedPair> {
        @Override
        public Serializer<JudgedPair> serializer() {
            return (topic, pair) -> {
                if (pair == null) {
                    return null;
                }
                long[] counts = pair.outcomes().toLongs();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 8 * counts.length);
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeUTF(pair.nominatedAt());
                    out.writeBoolean(pair.decided());
                    out.writeShort(counts.length);
                    for (long c : counts) {
                        out.writeLong(c);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            };
        }

        @Override
        public Deserializer<JudgedPair> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                    String nominatedAt = in.readUTF();
                    boolean decided = in.readBoolean();
                    long[] counts = new long[in.readUnsignedShort()];
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = in.readLong();
                    }
                    return new JudgedPair(nominatedAt, PairedOutcomes.fromLongs(counts), decided);
                } catch (IOException | IllegalArgumentException e) {
                    throw new SerializationException("malformed promotion state", e);
                }
            };
        }
    }
}
