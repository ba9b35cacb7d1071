package io.digits.reliability;

import io.digits.core.image.DigitPicture;
import io.digits.core.image.RejectReason;
import io.digits.core.record.ContentType;
import io.digits.core.record.RecordHeaders;
import io.digits.mnist.MnistDataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Good MNIST images (raw, PNG, JPEG) shuffled with thousands of hostile records: truncated and bit-flipped PNGs and
 * JPEGs, a 20000x20000 PNG decompression bomb, empty and missing values, random 784-byte arrays, text, huge and
 * many headers, wrong content types and labels that are not a digit. Each knows what must become of it.
 */
final class HostilePayloads {
    /** What the pipeline must do with a record. */
    enum Expect {
        /** A good image: exactly one prediction. */
        PREDICTION,
        /** Bytes that are no acceptable image: exactly one dead letter, with a reason. */
        DEAD_LETTER,
        /**
         * Mangled bytes that may still decode (a flipped bit in pixel data only changes a pixel) or a well-formed
         * raw image (random 784 bytes are one by the format's definition): exactly one outcome, either kind.
         */
        EITHER
    }

    /**
     * One record to send.
     *
     * @param reason the dead letter's reason when it is certain, else null
     */
    record Payload(String key, String kind, byte[] value, List<Header> headers, Expect expect, RejectReason reason) {
    }

    static final int BOMB_SIDE = 20_000;

    private HostilePayloads() {
    }

    /** {@code goods} good images (of {@code dataset}) and about {@code hostiles} hostile records, shuffled. */
    static List<Payload> mix(MnistDataset dataset, int goods, int hostiles, Random random) {
        List<Payload> all = new ArrayList<>();
        DigitPicture picture = DigitPicture.of(56);
        int n = 0;
        for (int i = 0; i < goods; i++) {
            byte[] raw = dataset.images()[i % dataset.size()];
            String label = Integer.toString(dataset.label(i % dataset.size()));
            switch (i % 3) {
                case 0 -> all.add(good("good-raw-" + i, raw, ContentType.MNIST_784, label));
                case 1 -> all.add(good("good-png-" + i, picture.encode(raw, ContentType.PNG), ContentType.PNG, label));
                default -> all.add(good("good-jpeg-" + i, picture.encode(raw, ContentType.JPEG), ContentType.JPEG, label));
            }
        }
        byte[] bomb = decompressionBomb(BOMB_SIDE);
        for (int i = 0; n < hostiles; i++) {
            byte[] raw = dataset.images()[random.nextInt(dataset.size())];
            byte[] png = picture.encode(raw, ContentType.PNG);
            byte[] jpeg = picture.encode(raw, ContentType.JPEG);
            String id = "bad-" + i + "-";
            all.add(new Payload(id + "truncated-png", "truncated png", truncate(png, random), typed(ContentType.PNG),
                    Expect.DEAD_LETTER, null));
            all.add(new Payload(id + "truncated-jpeg", "truncated jpeg", truncate(jpeg, random), typed(ContentType.JPEG),
                    Expect.DEAD_LETTER, null));
            all.add(new Payload(id + "flipped-png", "bit-flipped png", flipBits(png, random), typed(ContentType.PNG),
                    Expect.EITHER, null));
            all.add(new Payload(id + "flipped-jpeg", "bit-flipped jpeg", flipBits(jpeg, random), typed(ContentType.JPEG),
                    Expect.EITHER, null));
            all.add(new Payload(id + "random-784", "random 784 bytes", randomBytes(784, random),
                    typed(ContentType.MNIST_784), Expect.EITHER, null));
            all.add(new Payload(id + "empty", "zero length", new byte[0], List.of(), Expect.DEAD_LETTER, RejectReason.EMPTY));
            all.add(new Payload(id + "null", "no value", null, List.of(), Expect.DEAD_LETTER, RejectReason.EMPTY));
            all.add(new Payload(id + "text", "text", text(random), List.of(), Expect.DEAD_LETTER, null));
            all.add(new Payload(id + "text-typed", "text as text/plain", text(random),
                    List.of(header(RecordHeaders.CONTENT_TYPE, "text/plain")), Expect.DEAD_LETTER, RejectReason.UNKNOWN_CONTENT_TYPE));
            all.add(new Payload(id + "png-as-raw", "png declared raw", png, typed(ContentType.MNIST_784),
                    Expect.DEAD_LETTER, RejectReason.WRONG_RAW_SIZE));
            all.add(new Payload(id + "png-as-html", "png declared text/html", png,
                    List.of(header(RecordHeaders.CONTENT_TYPE, "text/html")), Expect.DEAD_LETTER, RejectReason.UNKNOWN_CONTENT_TYPE));
            all.add(new Payload(id + "png-as-jpeg", "png declared jpeg", png, typed(ContentType.JPEG), Expect.DEAD_LETTER,
                    RejectReason.UNDECODABLE));
            all.add(new Payload(id + "label-word", "label 'seven'", raw,
                    List.of(header(RecordHeaders.CONTENT_TYPE, ContentType.MNIST_784.mimeType()), header(RecordHeaders.LABEL, "seven")),
                    Expect.PREDICTION, null));
            all.add(new Payload(id + "label-12", "label '12'", raw,
                    List.of(header(RecordHeaders.LABEL, "12")), Expect.PREDICTION, null));
            n += 14;
            if (i % 20 == 0) {
                all.add(new Payload(id + "bomb", "20000x20000 png bomb", bomb, typed(ContentType.PNG), Expect.DEAD_LETTER,
                        RejectReason.TOO_MANY_PIXELS));
                all.add(new Payload(id + "bomb-untyped", "20000x20000 png bomb, no content-type", bomb, List.of(),
                        Expect.DEAD_LETTER, RejectReason.TOO_MANY_PIXELS));
                all.add(new Payload(id + "huge-header-good", "good image, 256 KB header", raw,
                        List.of(header("x-padding", "p".repeat(256 * 1024)), header(RecordHeaders.CONTENT_TYPE,
                                ContentType.MNIST_784.mimeType())), Expect.PREDICTION, null));
                all.add(new Payload(id + "huge-header-bad", "text, 256 KB header", text(random),
                        List.of(header("x-padding", "p".repeat(256 * 1024))), Expect.DEAD_LETTER, null));
                all.add(new Payload(id + "many-headers", "good image, 2,000 headers", raw, manyHeaders(2_000),
                        Expect.PREDICTION, null));
                n += 5;
            }
        }
        Collections.shuffle(all, random);
        return all;
    }

    private static Payload good(String key, byte[] value, ContentType type, String label) {
        return new Payload(key, "good " + type.mimeType(), value,
                List.of(header(RecordHeaders.CONTENT_TYPE, type.mimeType()), header(RecordHeaders.LABEL, label)),
                Expect.PREDICTION, null);
    }

    private static List<Header> typed(ContentType type) {
        return List.of(header(RecordHeaders.CONTENT_TYPE, type.mimeType()));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Header> manyHeaders(int n) {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            headers.add(header("x-h" + i, "v" + i));
        }
        headers.add(header(RecordHeaders.CONTENT_TYPE, ContentType.MNIST_784.mimeType()));
        return headers;
    }

    /** The first 8 bytes up to half of {@code bytes}: a picture without the end of its image data. */
    private static byte[] truncate(byte[] bytes, Random random) {
        return Arrays.copyOf(bytes, 8 + random.nextInt(bytes.length / 2 - 8));
    }

    /** 1 to 8 random bits flipped, past the 8-byte signature. */
    private static byte[] flipBits(byte[] bytes, Random random) {
        byte[] copy = bytes.clone();
        for (int i = 0, flips = 1 + random.nextInt(8); i < flips; i++) {
            int at = 8 + random.nextInt(copy.length - 8);
            copy[at] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private static byte[] randomBytes(int n, Random random) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Prose of 1 to 2,000 characters, never exactly 784 bytes (which would be a well-formed raw image). */
    private static byte[] text(Random random) {
        String words = "the quick brown fox jumps over the lazy dog 0123456789 ";
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(2_000);
        if (length == 784) {
            length++;
        }
        while (text.length() < length) {
            text.append(words);
        }
        return text.substring(0, length).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A valid {@code side x side} 1-bit grayscale PNG of zeros: a few tens of KB that would decode into
     * {@code side^2} pixels (400 million for 20,000: 1.6 GB as an ARGB image).
     */
    static byte[] decompressionBomb(int side) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(ihdr);
            header.writeInt(side);
            header.writeInt(side);
            header.write(new byte[] {1, 0, 0, 0, 0}); // bit depth 1, grayscale, deflate, no filter, no interlace
            chunk(png, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
                byte[] row = new byte[1 + (side + 7) / 8]; // filter byte 0, then the row's bits
                for (int y = 0; y < side; y++) {
                    deflate.write(row);
                }
            }
            chunk(png, "IDAT", idat.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
