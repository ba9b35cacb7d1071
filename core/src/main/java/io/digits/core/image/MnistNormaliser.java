package io.digits.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * MNIST's own treatment of a decoded picture: grayscale (luminance); invert when the digit is dark
 * on light (decided from the border); subtract the background level and stretch the ink to 0..255;
 * crop to the digit's bounding box; scale the longer side to 20 px keeping the aspect ratio (area
 * averaging); place in 28x28 with the centre of mass at the centre; divide by 255.
 */
final class MnistNormaliser {
    /** The longer side of the digit's box after scaling, as in MNIST. */
    static final int BOX = 20;
    /** Ink above this (of 255, after stretching) belongs to the digit's bounding box. */
    static final float CROP_THRESHOLD = 50f;
    /** Less contrast than this (of 255) between background and darkest ink is a blank picture. */
    static final float MIN_CONTRAST = 32f;

    private MnistNormaliser() {
    }

    static float[] normalise(BufferedImage image) throws ImageRejectedException {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] ink = luminance(image);
        if (meanBorder(ink, width, height) > 127.5f) {
            for (int i = 0; i < ink.length; i++) {
                ink[i] = 255f - ink[i];
            }
        }
        stretch(ink, width, height);

        int left = width;
        int right = -1;
        int top = height;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (ink[y * width + x] > CROP_THRESHOLD) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            throw new ImageRejectedException(RejectReason.NO_DIGIT, width + "x" + height + " picture has no ink");
        }
        int boxWidth = right - left + 1;
        int boxHeight = bottom - top + 1;
        int longer = Math.max(boxWidth, boxHeight);
        int outWidth = Math.max(1, Math.round((float) boxWidth * BOX / longer));
        int outHeight = Math.max(1, Math.round((float) boxHeight * BOX / longer));
        float[] digit = Resampler.resize(ink, width, left, top, boxWidth, boxHeight, outWidth, outHeight);
        return centre(digit, outWidth, outHeight);
    }

    /** Places the digit in 28x28 with its centre of mass at the centre (integer shift, as MNIST did). */
    private static float[] centre(float[] digit, int width, int height) {
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = digit[y * width + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        int side = MnistPreprocessor.SIDE;
        // MNIST put the centre of mass at pixel index 14 (its test set averages 14.01, 13.99), not at 13.5
        double middle = side / 2.0;
        int offsetX = clamp((int) Math.round(middle - sumX / mass), side - width);
        int offsetY = clamp((int) Math.round(middle - sumY / mass), side - height);
        float[] out = new float[MnistPreprocessor.PIXELS];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[(y + offsetY) * side + x + offsetX] = Math.min(1f, digit[y * width + x] / 255f);
            }
        }
        return out;
    }

    private static int clamp(int offset, int max) {
        return Math.max(0, Math.min(max, offset));
    }

    /** Subtracts the background (the border's median) and stretches the rest to 0..255. */
    private static void stretch(float[] ink, int width, int height) throws ImageRejectedException {
        int[] histogram = new int[256];
        int borderPixels = forEachBorder(width, height, i -> histogram[Math.round(ink[i])]++);
        int background = 0;
        for (int seen = 0; seen + histogram[background] <= borderPixels / 2 && background < 255; background++) {
            seen += histogram[background];
        }
        float max = 0;
        for (float v : ink) {
            max = Math.max(max, v);
        }
        float contrast = max - background;
        if (contrast < MIN_CONTRAST) {
            throw new ImageRejectedException(RejectReason.NO_DIGIT, width + "x" + height
                    + " picture is blank (contrast " + Math.round(contrast) + " of 255)");
        }
        float gain = 255f / contrast;
        for (int i = 0; i < ink.length; i++) {
            ink[i] = Math.max(0f, (ink[i] - background) * gain);
        }
    }

    private static float meanBorder(float[] lum, int width, int height) {
        double[] sum = {0};
        int n = forEachBorder(width, height, i -> sum[0] += lum[i]);
        return (float) (sum[0] / n);
    }

    /** Calls {@code visit} with the index of every border pixel once; returns how many there are. */
    private static int forEachBorder(int width, int height, java.util.function.IntConsumer visit) {
        for (int x = 0; x < width; x++) {
            visit.accept(x);
            visit.accept((height - 1) * width + x);
        }
        for (int y = 1; y < height - 1; y++) {
            visit.accept(y * width);
            visit.accept(y * width + width - 1);
        }
        return 2 * width + 2 * (height - 2);
    }

    private static boolean interleavedSrgbBytes(BufferedImage image) {
        Raster raster = image.getRaster();
        return image.getColorModel() instanceof ComponentColorModel colours
                && colours.getColorSpace().isCS_sRGB() && !colours.isAlphaPremultiplied()
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && raster.getDataBuffer() instanceof DataBufferByte
                && (model.getNumBands() == 3 || model.getNumBands() == 4 && colours.hasAlpha())
                && model.getSampleSize(0) == 8 && model.getSampleSize(1) == 8 && model.getSampleSize(2) == 8
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    }

    /**
     * Luminance 0..255 of every pixel (Rec. 601 weights), transparent parts over white. Gray images are
     * read from the raster, since {@code getRGB} would apply a gamma conversion to them.
     */
    private static float[] luminance(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] lum = new float[width * height];
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && raster.getDataBuffer() instanceof DataBufferByte bytes
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && bytes.getData().length == lum.length) {
            byte[] data = bytes.getData();
            for (int i = 0; i < lum.length; i++) {
                lum[i] = data[i] & 0xFF;
            }
        } else if (interleavedSrgbBytes(image)) {
            // 8-bit RGB(A) pixels side by side in one byte array (PNG, JPEG, BMP): read them directly,
            // getRGB would go through the colour model pixel by pixel, ten times slower
            PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
            byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
            int[] band = model.getBandOffsets();
            int stride = model.getPixelStride();
            boolean alpha = band.length == 4;
            for (int y = 0; y < height; y++) {
                int at = y * model.getScanlineStride();
                for (int x = 0; x < width; x++, at += stride) {
                    float v = 0.299f * (data[at + band[0]] & 0xFF) + 0.587f * (data[at + band[1]] & 0xFF)
                            + 0.114f * (data[at + band[2]] & 0xFF);
                    if (alpha) {
                        float a = (data[at + band[3]] & 0xFF) / 255f;
                        v = v * a + 255f * (1 - a);
                    }
                    lum[y * width + x] = v;
                }
            }
        } else if (gray) {
            boolean alpha = image.getColorModel().hasAlpha();
            float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            float maxAlpha = alpha ? (1 << image.getColorModel().getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = raster.getSample(x, y, 0) * 255f / max;
                    if (alpha) {
                        float a = raster.getSample(x, y, 1) / maxAlpha;
                        v = v * a + 255f * (1 - a);
                    }
                    lum[y * width + x] = v;
                }
            }
        } else {
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int argb = row[x];
                    float a = (argb >>> 24) / 255f;
                    float v = 0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF);
                    lum[y * width + x] = v * a + 255f * (1 - a);
                }
            }
        }
        return lum;
    }
}
