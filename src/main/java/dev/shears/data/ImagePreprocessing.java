package dev.shears.data;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * Turns a decoded image of any size into one example as the model takes it, the same way for every
 * source that holds images (image folders, IDX), so that equal pixels give equal floats:
 * <ol>
 *   <li>colour: grey from RGB by ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B; exact when R = G = B),
 *       RGB from grey by replication; alpha is dropped (not composited);</li>
 *   <li>size: scale so that the image covers the target (the shorter side, relative to the target,
 *       meets it), then crop the centre (an odd leftover puts the extra pixel at the end). Each axis is
 *       resampled on its own: area averaging when shrinking, bilinear with pixel centres at +0.5 when
 *       growing, a plain copy when the size is equal;</li>
 *   <li>values: samples 0–255 divided by 255, then {@code (value − mean[c]) / std[c]};</li>
 *   <li>layout: CHW and FLAT_CHW put channel planes one after the other, HWC interleaves channels.</li>
 * </ol>
 */
final class ImagePreprocessing {
    /** Changes when the rule above changes, so that fingerprints of preprocessed data change with it. */
    private static final String RULE = "cover-resize,area-down,bilinear-up,centre-crop,bt601,v1";

    private final ImageGeometry target;
    private final float[] mean;
    private final float[] std;

    ImagePreprocessing(ImageGeometry target, float[] mean, float[] std) {
        if (target.channels() != 1 && target.channels() != 3) {
            throw new IllegalArgumentException("only grey and RGB targets, got " + target.channels() + " channels");
        }
        this.target = target;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The target and every setting that changes the output, for fingerprints. */
    String describe() {
        return target + " " + RULE + " mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std);
    }

    int floatsPerExample() {
        return target.channels() * target.height() * target.width();
    }

    /** Pixels as decoded: 1 (grey) or 3 (RGB) planes of {@code height × width} samples in 0–255. */
    record Pixels(int channels, int height, int width, float[][] planes) {
    }

    /** One grey image from unsigned bytes, row-major (IDX). */
    static Pixels grey(byte[] data, int offset, int height, int width) {
        float[] plane = new float[height * width];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = data[offset + i] & 0xff;
        }
        return new Pixels(1, height, width, new float[][] {plane});
    }

    /** Grey images stay one plane (8- or 16-bit, alpha dropped); everything else becomes RGB. */
    static Pixels pixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int n = width * height;
        var colourModel = image.getColorModel();
        Raster raster = image.getRaster();
        if (colourModel.getColorSpace().getType() == ColorSpace.TYPE_GRAY && colourModel.getNumColorComponents() == 1
                && image.getType() != BufferedImage.TYPE_BYTE_INDEXED) {
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            int bits = colourModel.getComponentSize(0);
            float[] plane = new float[n];
            float max = (1 << bits) - 1;
            for (int i = 0; i < n; i++) {
                plane[i] = bits == 8 ? samples[i] : samples[i] * 255f / max;
            }
            return new Pixels(1, height, width, new float[][] {plane});
        }
        float[] r = new float[n];
        float[] g = new float[n];
        float[] b = new float[n];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_4BYTE_ABGR) {
            // the common JPEG/PNG layouts: read the bytes directly instead of a getRGB call per pixel
            byte[] bytes = ((DataBufferByte) raster.getDataBuffer()).getData();
            int step = image.getType() == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4;
            int first = step - 3;
            for (int i = 0, j = first; i < n; i++, j += step) {
                b[i] = bytes[j] & 0xff;
                g[i] = bytes[j + 1] & 0xff;
                r[i] = bytes[j + 2] & 0xff;
            }
        } else {
            int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < n; i++) {
                r[i] = (argb[i] >>> 16) & 0xff;
                g[i] = (argb[i] >>> 8) & 0xff;
                b[i] = argb[i] & 0xff;
            }
        }
        return new Pixels(3, height, width, new float[][] {r, g, b});
    }

    /** Writes one example, {@link #floatsPerExample()} floats, into {@code out} from {@code offset}. */
    void apply(Pixels pixels, float[] out, int offset) {
        float[][] planes = pixels.planes();
        if (target.channels() == 1 && pixels.channels() == 3) {
            planes = new float[][] {luma(planes[0], planes[1], planes[2])};
        }
        int th = target.height();
        int tw = target.width();
        // scale so the image covers the target, then crop the centre of the scaled image
        double scale = Math.max((double) th / pixels.height(), (double) tw / pixels.width());
        int scaledHeight = Math.max(th, (int) Math.round(pixels.height() * scale));
        int scaledWidth = Math.max(tw, (int) Math.round(pixels.width() * scale));
        float[][] resized = new float[planes.length][];
        if (scaledHeight == pixels.height() && scaledWidth == pixels.width()) {
            // no resampling: the crop is a copy (and the values stay exact)
            for (int p = 0; p < planes.length; p++) {
                resized[p] = crop(planes[p], pixels.width(), (scaledHeight - th) / 2, (scaledWidth - tw) / 2, th, tw);
            }
        } else {
            Axis rows = Axis.of(pixels.height(), scaledHeight, (scaledHeight - th) / 2, th);
            Axis cols = Axis.of(pixels.width(), scaledWidth, (scaledWidth - tw) / 2, tw);
            for (int p = 0; p < planes.length; p++) {
                resized[p] = resample(planes[p], pixels.width(), rows, cols);
            }
        }
        int channels = target.channels();
        boolean interleaved = target.layout() == ImageLayout.HWC;
        int area = th * tw;
        for (int c = 0; c < channels; c++) {
            float[] plane = resized[Math.min(c, resized.length - 1)];
            float m = mean[c];
            float s = std[c];
            for (int i = 0; i < area; i++) {
                float value = (plane[i] / 255f - m) / s;
                out[offset + (interleaved ? i * channels + c : c * area + i)] = value;
            }
        }
    }

    private static float[] luma(float[] r, float[] g, float[] b) {
        float[] grey = new float[r.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = r[i] == g[i] && g[i] == b[i] ? r[i] : (float) (0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i]);
        }
        return grey;
    }

    private static float[] crop(float[] plane, int width, int top, int left, int height, int cropWidth) {
        if (top == 0 && left == 0 && cropWidth == width && height * width == plane.length) {
            return plane;
        }
        float[] out = new float[height * cropWidth];
        for (int y = 0; y < height; y++) {
            System.arraycopy(plane, (top + y) * width + left, out, y * cropWidth, cropWidth);
        }
        return out;
    }

    /** Columns first, then rows: a separable resample of one plane to the target window. */
    private static float[] resample(float[] plane, int width, Axis rows, Axis cols) {
        int height = plane.length / width;
        int tw = cols.sources.length;
        float[] across = new float[height * tw];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < tw; x++) {
                across[y * tw + x] = cols.sample(plane, y * width, 1, x);
            }
        }
        int th = rows.sources.length;
        float[] out = new float[th * tw];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                out[y * tw + x] = rows.sample(across, x, tw, y);
            }
        }
        return out;
    }

    /** For each output position along one axis: the source positions it reads and their weights. */
    private record Axis(int[][] sources, double[][] weights) {
        static Axis of(int sourceLength, int scaledLength, int cropStart, int targetLength) {
            int[][] sources = new int[targetLength][];
            double[][] weights = new double[targetLength][];
            double step = (double) sourceLength / scaledLength;
            for (int t = 0; t < targetLength; t++) {
                int i = t + cropStart;
                if (scaledLength == sourceLength) {
                    sources[t] = new int[] {i};
                    weights[t] = new double[] {1};
                } else if (scaledLength < sourceLength) {
                    // area: the output pixel covers [i·step, (i+1)·step) of the source
                    double start = i * step;
                    double end = Math.min(sourceLength, (i + 1) * step);
                    int first = (int) Math.floor(start);
                    int last = Math.min(sourceLength, (int) Math.ceil(end));
                    sources[t] = new int[last - first];
                    weights[t] = new double[last - first];
                    for (int j = first; j < last; j++) {
                        sources[t][j - first] = j;
                        weights[t][j - first] = (Math.min(end, j + 1) - Math.max(start, j)) / (end - start);
                    }
                } else {
                    // bilinear between the two nearest source pixel centres, clamped at the edges
                    double at = Math.max(0, (i + 0.5) * step - 0.5);
                    int low = Math.min((int) Math.floor(at), sourceLength - 1);
                    int high = Math.min(low + 1, sourceLength - 1);
                    double f = at - low;
                    sources[t] = new int[] {low, high};
                    weights[t] = new double[] {1 - f, f};
                }
            }
            return new Axis(sources, weights);
        }

        float sample(float[] data, int base, int stride, int t) {
            int[] from = sources[t];
            double[] w = weights[t];
            double sum = 0;
            for (int k = 0; k < from.length; k++) {
                sum += w[k] * data[base + from[k] * stride];
            }
            return (float) sum;
        }
    }
}
