package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.TensorShape;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ExamplePictures}: exact pixels for hand-made examples in every layout. */
class DataExamplePicturesTest {
    private static final int C = 3;
    private static final int H = 2;
    private static final int W = 2;

    /** Image {@code n}'s value at channel c, row y, column x; over both images the values span -1..3. */
    private static float value(int n, int c, int y, int x) {
        if (n == 0 && c == 0 && y == 0 && x == 1) {
            return 3f;
        }
        if (n == 0 && c == 1 && y == 0 && x == 1) {
            return -1f;
        }
        return n * 0.5f + c * 0.25f + y * 0.125f + x * 0.0625f;
    }

    private static Examples batch(ImageLayout layout) {
        float[] f = new float[2 * C * H * W];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int at = switch (layout) {
                            case CHW, FLAT_CHW -> (c * H + y) * W + x;
                            case HWC -> (y * W + x) * C + c;
                        };
                        f[n * C * H * W + at] = value(n, c, y, x);
                    }
                }
            }
        }
        return Examples.labelled(f, layout.shape(C, H, W), new int[] {4, 7});
    }

    private static ExamplePictures.Picture picture(ImageLayout layout, int example) {
        return ExamplePictures.of(batch(layout), example, Optional.of(new ImageGeometry(C, H, W, layout)));
    }

    @Test
    void theSameImageGivesTheSamePictureInEveryLayout() {
        for (int example = 0; example < 2; example++) {
            int[] chw = picture(ImageLayout.CHW, example).argb();
            assertThat(picture(ImageLayout.HWC, example).argb()).containsExactly(chw);
            assertThat(picture(ImageLayout.FLAT_CHW, example).argb()).containsExactly(chw);
        }
    }

    @Test
    void valuesMapFromTheBatchsMinAndMaxToBytes() {
        ExamplePictures.Picture first = picture(ImageLayout.HWC, 0);
        assertThat(first.width()).isEqualTo(W);
        assertThat(first.height()).isEqualTo(H);
        // red 3 (the batch max) → 255, green −1 (the min) → 0, blue 0.5 + 0.0625 = 0.5625 → 255·1.5625/4 = 99.6 → 100
        assertThat(first.pixel(1, 0)).isEqualTo(0xFFFF0064);
        // image 1 at (x 0, y 1): red 0.625 → 103.7 → 104, green 0.875 → 119.5 → 120, blue 1.125 → 135.47 → 135
        assertThat(picture(ImageLayout.CHW, 1).pixel(0, 1)).isEqualTo(0xFF687887);
    }

    @Test
    void oneChannelIsGrey() {
        float[] f = {0f, 1f, 2f, 4f, 4f, 4f};
        Examples grey = Examples.unlabelled(f, 1, TensorShape.of(1, 2, 3));
        ExamplePictures.Picture p = ExamplePictures.of(grey, 0,
                Optional.of(new ImageGeometry(1, 2, 3, ImageLayout.CHW)));
        // 1 of 0..4 → 63.75 → 64 = 0x40; 2 → 127.5 → 128 = 0x80
        assertThat(p.argb()).containsExactly(0xFF000000, 0xFF404040, 0xFF808080, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF);
    }

    @Test
    void otherChannelCountsShowTheFirstChannelInGrey() {
        // two channels, HWC: pixel 0 = (0, 4), pixel 1 = (4, 0); the range 0..4 covers both channels
        Examples two = Examples.unlabelled(new float[] {0f, 4f, 4f, 0f}, 1, TensorShape.of(1, 2, 2));
        ExamplePictures.Picture p = ExamplePictures.of(two, 0, Optional.of(new ImageGeometry(2, 1, 2, ImageLayout.HWC)));
        assertThat(p.argb()).containsExactly(0xFF000000, 0xFFFFFFFF);
    }

    @Test
    void featuresBecomeAHeatStripFromBlueToRed() {
        Examples features = Examples.unlabelled(new float[] {-2f, 0f, 2f, 9f, 9f, 9f}, 2, TensorShape.of(3));
        ExamplePictures.Picture p = ExamplePictures.of(features, 0, Optional.empty());
        assertThat(p.width()).isEqualTo(3);
        assertThat(p.height()).isEqualTo(1);
        // over −2..9: 0 → 46.4 → 46 = 0x2E, 2 → 92.7 → 93 = 0x5D
        assertThat(p.argb()).containsExactly(0xFF0000FF, 0xFF2E00D1, 0xFF5D00A2);
    }

    @Test
    void aConstantBatchIsBlackAndAMismatchedGeometryIsRefused() {
        Examples flat = Examples.unlabelled(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, 1, TensorShape.of(4));
        assertThat(ExamplePictures.of(flat, 0, Optional.of(new ImageGeometry(1, 2, 2, ImageLayout.FLAT_CHW))).argb())
                .containsOnly(0xFF000000);
        assertThatThrownBy(() -> ExamplePictures.of(flat, 0,
                Optional.of(new ImageGeometry(1, 3, 3, ImageLayout.FLAT_CHW))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("examples of [4] are not 3×3 grey images");
    }
}
