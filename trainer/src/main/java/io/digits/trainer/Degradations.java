package io.digits.trainer;

import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * What scans and photos do to a digit, on a grayscale grid of ink (row-major, 0 = background, 1 = full ink):
 * resampling, blur, thicker or thinner strokes, low contrast with sensor noise. Pure functions; the only
 * randomness is the {@link Random} a caller passes in. Public for other modules' tests (the service's drift test
 * streams degraded digits).
 */
public final class Degradations {
    private Degradations() {
    }

    /** Area-averaging resize when shrinking, bilinear (pixel centres aligned) when enlarging, per axis. */
    static float[] resize(float[] src, int width, int height, int newWidth, int newHeight) {
        float[] rows = new float[newWidth * height];
        for (int y = 0; y < height; y++) {
            resample1d(src, y * width, 1, width, rows, y * newWidth, 1, newWidth);
        }
        float[] out = new float[newWidth * newHeight];
        for (int x = 0; x < newWidth; x++) {
            resample1d(rows, x, newWidth, height, out, x, newWidth, newHeight);
        }
        return out;
    }

    private static void resample1d(float[] src, int srcStart, int srcStep, int srcLength,
                                   float[] dst, int dstStart, int dstStep, int dstLength) {
        double scale = (double) srcLength / dstLength;
        for (int i = 0; i < dstLength; i++) {
            double value;
            if (scale > 1) {
                double from = i * scale;
                double to = from + scale;
                double sum = 0;
                for (int k = (int) Math.floor(from); k < Math.ceil(to) && k < srcLength; k++) {
                    double overlap = Math.min(to, k + 1) - Math.max(from, k);
                    sum += overlap * src[srcStart + k * srcStep];
                }
                value = sum / scale;
            } else {
                double centre = (i + 0.5) * scale - 0.5;
                int left = (int) Math.floor(centre);
                double t = centre - left;
                float a = src[srcStart + clamp(left, srcLength) * srcStep];
                float b = src[srcStart + clamp(left + 1, srcLength) * srcStep];
                value = a + (b - a) * t;
            }
            dst[dstStart + i * dstStep] = (float) value;
        }
    }

    private static int clamp(int index, int length) {
        return Math.max(0, Math.min(length - 1, index));
    }

    /** Shrinks a square grid to {@code small x small} and enlarges it back: the detail of a low-resolution scan. */
    public static float[] downAndUp(float[] grid, int side, int small) {
        return resize(resize(grid, side, side, small, small), small, small, side, side);
    }

    /** Gaussian blur with standard deviation {@code sigma} pixels (kernel to 3 sigma, edges clamped). */
    static float[] blur(float[] grid, int side, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        float[] rows = new float[grid.length];
        float[] out = new float[grid.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * grid[y * side + clamp(x + k, side)];
                }
                rows[y * side + x] = v;
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * rows[clamp(y + k, side) * side + x];
                }
                out[y * side + x] = v;
            }
        }
        return out;
    }

    /** Grayscale dilation (thicker strokes) or erosion (thinner), 3x3 square, at {@code scale} times the resolution. */
    public static float[] morph(float[] grid, int side, boolean dilate, int scale) {
        int big = side * scale;
        float[] fine = scale == 1 ? grid : resize(grid, side, side, big, big);
        float[] out = new float[fine.length];
        for (int y = 0; y < big; y++) {
            for (int x = 0; x < big; x++) {
                float v = dilate ? 0f : 1f;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        float n = yy < 0 || yy >= big || xx < 0 || xx >= big ? 0f : fine[yy * big + xx];
                        v = dilate ? Math.max(v, n) : Math.min(v, n);
                    }
                }
                out[y * big + x] = v;
            }
        }
        return scale == 1 ? out : resize(out, big, big, side, side);
    }

    /**
     * A faint, noisy scan as the picture path sees it after stretching the contrast: sensor noise of
     * {@code relativeNoise} times the ink's full strength added to every pixel, then the image scaled so that its
     * strongest pixel is full ink and clipped at the background. The ink-domain counterpart of {@link #faintScan}
     * followed by {@code MnistNormaliser}'s stretch (noise 4 on 48 levels of contrast is {@code relativeNoise} 0.083).
     */
    static float[] faint(float[] grid, double relativeNoise, RandomGenerator random) {
        float[] out = new float[grid.length];
        float max = 0;
        for (int i = 0; i < grid.length; i++) {
            out[i] = (float) (grid[i] + relativeNoise * random.nextGaussian());
            max = Math.max(max, out[i]);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = clampInk(out[i] / max);
        }
        return out;
    }

    /**
     * Gray levels (0..255, ink dark on paper) of a faint scan: paper at {@code paper}, full ink {@code contrast}
     * levels darker, plus Gaussian sensor noise of {@code noise} levels.
     */
    static int[] faintScan(float[] grid, int paper, int contrast, double noise, Random random) {
        int[] gray = new int[grid.length];
        for (int i = 0; i < grid.length; i++) {
            double v = paper - contrast * clampInk(grid[i]) + noise * random.nextGaussian();
            gray[i] = (int) Math.round(Math.max(0, Math.min(255, v)));
        }
        return gray;
    }

    /** Gray levels of a clean scan: dark ink on white paper. */
    static int[] inkOnPaper(float[] grid) {
        int[] gray = new int[grid.length];
        for (int i = 0; i < grid.length; i++) {
            gray[i] = Math.round(255f * (1f - clampInk(grid[i])));
        }
        return gray;
    }

    static float clampInk(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    /** A raw MNIST digit (784 bytes) as ink 0..1. */
    public static float[] ink(byte[] raw) {
        float[] grid = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            grid[i] = (raw[i] & 0xFF) / 255f;
        }
        return grid;
    }
}
