package dev.shears.data;

import dev.shears.model.ImageGeometry;
import java.util.Optional;

/**
 * Pictures of examples as the network sees them — after the source's decoding, resizing and
 * normalising — for previews of a user's data.
 *
 * <p>Mapping: every value of the batch is mapped linearly from the batch's min..max to 0..255
 * ({@code round(255 · (v − min) / (max − min))}), one range for the whole batch so that examples stay
 * comparable, and so that normalised data (by mean/std, not in [0, 1]) still shows its full contrast.
 * A batch whose values are all equal maps to 0, and so do NaN and infinite values. Images: 1 channel gives grey, 3 channels give RGB
 * (channel 0 red), any other channel count shows its first channel as grey. Non-image examples (features)
 * become a one-pixel-high heat strip, one pixel per value, from blue (min) to red (max).
 */
public final class ExamplePictures {
    private ExamplePictures() {
    }

    /** An opaque ARGB picture, row by row. */
    public record Picture(int width, int height, int[] argb) {
        public Picture {
            if ((long) width * height != argb.length) {
                throw new IllegalArgumentException(width + "×" + height + " pixels need " + (long) width * height
                        + " values, got " + argb.length);
            }
        }

        public int pixel(int x, int y) {
            return argb[y * width + x];
        }
    }

    /** Example {@code example} of {@code batch}: an image when {@code image} is given, else a heat strip. */
    public static Picture of(Examples batch, int example, Optional<ImageGeometry> image) {
        if (example < 0 || example >= batch.count()) {
            throw new IndexOutOfBoundsException("example " + example + " of a batch of " + batch.count());
        }
        int per = Math.toIntExact(batch.exampleShape().elements());
        float[] range = range(batch.features());
        if (image.isEmpty()) {
            return strip(batch.features(), example * per, per, range);
        }
        ImageGeometry g = image.get();
        if ((long) g.channels() * g.height() * g.width() != per) {
            throw new IllegalArgumentException("examples of " + batch.exampleShape() + " are not "
                    + g.describe() + " images");
        }
        return image(batch.features(), example * per, g, range);
    }

    private static Picture image(float[] values, int offset, ImageGeometry g, float[] range) {
        int width = g.width();
        int height = g.height();
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r;
                int gr;
                int b;
                if (g.channels() == 3) {
                    r = level(values[offset + index(g, 0, y, x)], range);
                    gr = level(values[offset + index(g, 1, y, x)], range);
                    b = level(values[offset + index(g, 2, y, x)], range);
                } else {
                    r = level(values[offset + index(g, 0, y, x)], range);
                    gr = r;
                    b = r;
                }
                argb[y * width + x] = argb(r, gr, b);
            }
        }
        return new Picture(width, height, argb);
    }

    private static Picture strip(float[] values, int offset, int count, float[] range) {
        int[] argb = new int[count];
        for (int i = 0; i < count; i++) {
            int level = level(values[offset + i], range);
            argb[i] = argb(level, 0, 255 - level);
        }
        return new Picture(count, 1, argb);
    }

    /** Where channel {@code c} of pixel (y, x) sits in one example, by layout. */
    private static int index(ImageGeometry g, int c, int y, int x) {
        return switch (g.layout()) {
            case CHW, FLAT_CHW -> (c * g.height() + y) * g.width() + x;
            case HWC -> (y * g.width() + x) * g.channels() + c;
        };
    }

    private static int level(float value, float[] range) {
        float span = range[1] - range[0];
        if (span <= 0 || !Float.isFinite(value)) {
            return 0;
        }
        return Math.max(0, Math.min(255, Math.round(255 * (value - range[0]) / span)));
    }

    /** {min, max} over the finite values; {0, 0} when there are none. */
    private static float[] range(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min > max ? new float[] {0, 0} : new float[] {min, max};
    }

    private static int argb(int r, int g, int b) {
        return 0xff000000 | r << 16 | g << 8 | b;
    }
}
