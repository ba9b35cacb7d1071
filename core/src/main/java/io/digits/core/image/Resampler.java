package io.digits.core.image;

/**
 * Resizes a grayscale float image with a separable filter: area averaging when shrinking (every
 * source pixel contributes by the area it covers, so thin strokes fade instead of vanishing), linear
 * interpolation when enlarging.
 */
final class Resampler {
    private Resampler() {
    }

    /**
     * Resizes the {@code width x height} window at ({@code x0}, {@code y0}) of {@code src} (row stride
     * {@code stride}) to {@code outWidth x outHeight}.
     */
    static float[] resize(float[] src, int stride, int x0, int y0, int width, int height, int outWidth, int outHeight) {
        Weights columns = Weights.of(width, outWidth);
        Weights rows = Weights.of(height, outHeight);
        float[] horizontal = new float[height * outWidth];
        for (int y = 0; y < height; y++) {
            int rowStart = (y0 + y) * stride + x0;
            for (int x = 0; x < outWidth; x++) {
                float sum = 0;
                for (int k = columns.start[x]; k < columns.start[x + 1]; k++) {
                    sum += src[rowStart + columns.index[k]] * columns.weight[k];
                }
                horizontal[y * outWidth + x] = sum;
            }
        }
        float[] out = new float[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                int from = rows.index[k] * outWidth;
                float w = rows.weight[k];
                for (int x = 0; x < outWidth; x++) {
                    out[y * outWidth + x] += horizontal[from + x] * w;
                }
            }
        }
        return out;
    }

    /** For each output index, the source indices and weights that make it (compressed row storage). */
    private record Weights(int[] start, int[] index, float[] weight) {
        static Weights of(int in, int out) {
            double scale = (double) in / out;
            int maxTaps = (int) Math.ceil(scale) + 2;
            int[] start = new int[out + 1];
            int[] index = new int[out * maxTaps];
            float[] weight = new float[out * maxTaps];
            int n = 0;
            for (int o = 0; o < out; o++) {
                start[o] = n;
                if (scale >= 1) {
                    // the output pixel covers source interval [o*scale, (o+1)*scale)
                    double from = o * scale;
                    double to = Math.min(in, (o + 1) * scale);
                    for (int i = (int) Math.floor(from); i < to; i++) {
                        double covered = Math.min(i + 1, to) - Math.max(i, from);
                        if (covered > 1e-9) {
                            index[n] = i;
                            weight[n++] = (float) (covered / scale);
                        }
                    }
                } else {
                    // the output pixel's centre, in source coordinates, between two source centres
                    double centre = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
                    int left = (int) Math.floor(centre);
                    int right = Math.min(left + 1, in - 1);
                    double t = centre - left;
                    index[n] = left;
                    weight[n++] = (float) (1 - t);
                    if (right != left && t > 0) {
                        index[n] = right;
                        weight[n++] = (float) t;
                    }
                }
            }
            start[out] = n;
            return new Weights(start, index, weight);
        }
    }
}
