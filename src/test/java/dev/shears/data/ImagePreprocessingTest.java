package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {
    private static final float[] NO_MEAN_1 = {0f};
    private static final float[] NO_STD_1 = {1f};
    private static final float[] NO_MEAN_3 = {0f, 0f, 0f};
    private static final float[] NO_STD_3 = {1f, 1f, 1f};

    @Test
    void aWideImageIsCroppedToItsCentreWhenItsShorterSideAlreadyFits() {
        // 4 wide, 2 high → 2×2: the height fits, the two middle columns stay
        BufferedImage image = grey(4, new int[] {10, 20, 30, 40, 50, 60, 70, 80});
        float[] out = apply(image, new ImageGeometry(1, 2, 2, ImageLayout.CHW), NO_MEAN_1, NO_STD_1);
        assertThat(out).containsExactly(20 / 255f, 30 / 255f, 60 / 255f, 70 / 255f);
    }

    @Test
    void shrinkingAveragesTheAreaEachOutputPixelCovers() {
        int[] values = new int[16];
        for (int i = 0; i < 16; i++) {
            values[i] = 10 * i;
        }
        float[] out = apply(grey(4, values), new ImageGeometry(1, 2, 2, ImageLayout.CHW), NO_MEAN_1, NO_STD_1);
        // blocks {0,10,40,50}, {20,30,60,70}, {80,90,120,130}, {100,110,140,150}
        assertThat(out).containsExactly(25 / 255f, 45 / 255f, 105 / 255f, 125 / 255f);
    }

    @Test
    void growingIsBilinearWithPixelCentres() {
        // 2×1 → 4×2: each row becomes 0, 25, 75, 100 (as PyTorch's bilinear with align_corners=False)
        float[] out = apply(grey(2, new int[] {0, 100}), new ImageGeometry(1, 2, 4, ImageLayout.CHW), NO_MEAN_1, NO_STD_1);
        float[] row = {0f, 25 / 255f, 75 / 255f, 100 / 255f};
        assertThat(out).containsExactly(row[0], row[1], row[2], row[3], row[0], row[1], row[2], row[3]);
    }

    @Test
    void aTallImageIsScaledToTheTargetWidthThenCroppedVertically() {
        // 2 wide, 6 high → 1×1: scale ½ gives 1×3, the middle output row covers source rows 2 and 3: (50+60+70+80)/4
        int[] values = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
        float[] out = apply(grey(2, values), new ImageGeometry(1, 1, 1, ImageLayout.CHW), NO_MEAN_1, NO_STD_1);
        assertThat(out).containsExactly(65 / 255f);
    }

    @Test
    void greyFromRgbIsBt601LumaAndExactForGreyPixels() {
        BufferedImage image = rgb(2, 1, new int[] {0xff0000, 0x0a0a0a});
        float[] out = apply(image, new ImageGeometry(1, 1, 2, ImageLayout.CHW), NO_MEAN_1, NO_STD_1);
        assertThat(out).containsExactly((float) (0.299 * 255) / 255f, 10 / 255f);
    }

    @Test
    void rgbFromGreyRepeatsTheGreyValue() {
        float[] out = apply(grey(2, new int[] {51, 102}), new ImageGeometry(3, 1, 2, ImageLayout.CHW), NO_MEAN_3, NO_STD_3);
        assertThat(out).containsExactly(51 / 255f, 102 / 255f, 51 / 255f, 102 / 255f, 51 / 255f, 102 / 255f);
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00336699); // fully transparent
        float[] out = apply(image, new ImageGeometry(3, 1, 1, ImageLayout.CHW), NO_MEAN_3, NO_STD_3);
        assertThat(out).containsExactly(0x33 / 255f, 0x66 / 255f, 0x99 / 255f);
    }

    @Test
    void layoutsPlaceChannelsAsTheModelReadsThem() {
        // pixels (x,y): (0,0)=(1,2,3) (1,0)=(4,5,6) (0,1)=(7,8,9) (1,1)=(10,11,12)
        BufferedImage image = rgb(2, 2, new int[] {0x010203, 0x040506, 0x070809, 0x0a0b0c});
        float[] chw = apply(image, new ImageGeometry(3, 2, 2, ImageLayout.CHW), NO_MEAN_3, NO_STD_3);
        float[] flat = apply(image, new ImageGeometry(3, 2, 2, ImageLayout.FLAT_CHW), NO_MEAN_3, NO_STD_3);
        float[] hwc = apply(image, new ImageGeometry(3, 2, 2, ImageLayout.HWC), NO_MEAN_3, NO_STD_3);
        assertThat(chw).containsExactly(scaled(1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12));
        assertThat(flat).containsExactly(chw);
        assertThat(hwc).containsExactly(scaled(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    }

    @Test
    void meanAndStdApplyPerChannelAfterScaling() {
        BufferedImage image = rgb(1, 1, new int[] {0xff0000});
        float[] out = apply(image, new ImageGeometry(3, 1, 1, ImageLayout.CHW),
                new float[] {0.5f, 0f, 0.25f}, new float[] {0.25f, 0.5f, 0.125f});
        assertThat(out).containsExactly(2f, 0f, -2f);
    }

    @Test
    void theFastPathForJpegStyleBgrBytesGivesWhatGetRgbGives() {
        int[] rgbValues = {0x102030, 0x405060, 0x708090, 0xa0b0c0, 0xd0e0f0, 0x123456};
        BufferedImage intRgb = rgb(3, 2, rgbValues);
        BufferedImage bgr = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage abgr = new BufferedImage(3, 2, BufferedImage.TYPE_4BYTE_ABGR);
        for (int i = 0; i < rgbValues.length; i++) {
            bgr.setRGB(i % 3, i / 3, rgbValues[i]);
            abgr.setRGB(i % 3, i / 3, 0xff000000 | rgbValues[i]);
        }
        ImageGeometry target = new ImageGeometry(3, 2, 3, ImageLayout.HWC);
        float[] expected = apply(intRgb, target, NO_MEAN_3, NO_STD_3);
        assertThat(apply(bgr, target, NO_MEAN_3, NO_STD_3)).containsExactly(expected);
        assertThat(apply(abgr, target, NO_MEAN_3, NO_STD_3)).containsExactly(expected);
        assertThat(expected[0]).isEqualTo(0x10 / 255f);
    }

    private static float[] apply(BufferedImage image, ImageGeometry target, float[] mean, float[] std) {
        ImagePreprocessing preprocessing = new ImagePreprocessing(target, mean, std);
        float[] out = new float[preprocessing.floatsPerExample()];
        preprocessing.apply(ImagePreprocessing.pixels(image), out, 0);
        return out;
    }

    private static float[] scaled(int... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] / 255f;
        }
        return out;
    }

    static BufferedImage grey(int width, int[] values) {
        BufferedImage image = new BufferedImage(width, values.length / width, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, values.length / width, 0, values);
        return image;
    }

    static BufferedImage rgb(int width, int height, int[] rgbValues) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgbValues, 0, width);
        return image;
    }
}
