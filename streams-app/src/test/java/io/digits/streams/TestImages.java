package io.digits.streams;

import io.digits.core.image.MnistPreprocessor;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real MNIST test images, as raw bytes and as pictures, and crafted bad inputs. */
public final class TestImages {
    private static MnistDataset test;

    private TestImages() {
    }

    /** The official 10,000 MNIST test images (fetched and verified on first use). */
    public static synchronized MnistDataset mnistTest() {
        if (test == null) {
            try {
                MnistFiles files = MnistFiles.defaultLocation();
                files.ensure();
                test = files.test();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return test;
    }

    /** A raw 784-byte MNIST image as a picture file of {@code format} ("png", "jpeg", "bmp", "gif"). */
    public static byte[] encode(byte[] raw, String format) {
        BufferedImage image = new BufferedImage(MnistPreprocessor.SIDE, MnistPreprocessor.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, MnistPreprocessor.SIDE, MnistPreprocessor.SIDE, raw);
        return write(image, format);
    }

    /** A white picture with nothing on it. */
    public static byte[] blankPng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, "png");
    }

    /** A PNG whose header claims {@code width x height} pixels, with no image data after it. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        writeChunk(out, "IHDR", ihdr.array());
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
