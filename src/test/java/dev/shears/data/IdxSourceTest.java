package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.io.IdxReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    static final ModelInput FASHION = ModelInput.images(new ImageGeometry(1, 28, 28, ImageLayout.FLAT_CHW), false);

    @TempDir
    Path temp;

    @Test
    void aFashionMnistFolderDefaultsToT10kAndRangePicksTheTestHalf() throws Exception {
        Path folder = SampleLocations.fashionMnistFolder();
        DataSource source = DataSources.open(DataSpec.of(DataKind.IDX, folder).with("range", "5000-10000"), FASHION);

        assertThat(source.name()).isEqualTo("t10k-images-idx3-ubyte.gz (IDX) (examples 5000–9999)");
        assertThat(source.size()).isEqualTo(5000);
        assertThat(source.exampleShape()).isEqualTo(TensorShape.of(784));
        IdxReader.Images images = IdxReader.readImages(folder.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = IdxReader.readLabels(folder.resolve("t10k-labels-idx1-ubyte.gz"));
        Examples read = source.read(new int[] {0, 4999});
        for (int p = 0; p < 784; p++) {
            assertThat(read.features()[p]).isEqualTo((images.pixels()[5000 * 784 + p] & 0xff) / 255f);
            assertThat(read.features()[784 + p]).isEqualTo((images.pixels()[9999 * 784 + p] & 0xff) / 255f);
        }
        assertThat(read.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(labels[5000], labels[9999]));
    }

    @Test
    void aModelTakingOtherImagesGetsThemThroughTheImageRuleOnce() throws Exception {
        byte[] pixels = new byte[3 * 4 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 5);
        }
        writeImages(temp.resolve("demo-images-idx3-ubyte"), 3, 4, 4, pixels);
        writeLabels(temp.resolve("demo-labels-idx1-ubyte"), new byte[] {2, 0, 1});
        ImageGeometry rgb = new ImageGeometry(3, 2, 2, ImageLayout.HWC);

        DataSource source = DataSources.open(DataSpec.of(DataKind.IDX, temp).with("range", "1-3"), ModelInput.images(rgb, false));

        Examples read = source.read(0, 2);
        assertThat(read.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1));
        // image 1 holds 80, 85, …, 155 row by row; 2×2 area averages then repeated over R, G, B
        float[] topLeft = {(80 + 85 + 100 + 105) / 4f / 255f};
        assertThat(Arrays.copyOfRange(read.features(), 0, 3)).containsExactly(topLeft[0], topLeft[0], topLeft[0]);
        ImagePreprocessing rule = new ImagePreprocessing(rgb, new float[3], new float[] {1, 1, 1});
        float[] expected = new float[12];
        rule.apply(ImagePreprocessing.grey(pixels, 32, 4, 4), expected, 0);
        assertThat(Arrays.copyOfRange(read.features(), 12, 24)).containsExactly(expected);
    }

    @Test
    void withoutALabelsFileTheImagesAreUnlabelledAndAFeatureModelGetsTheFlatImage() throws Exception {
        writeImages(temp.resolve("only-images-idx3-ubyte"), 2, 2, 2, new byte[] {0, 51, 102, (byte) 255, 1, 2, 3, 4});

        DataSource source = DataSources.open(DataSpec.of(DataKind.IDX, temp), ModelInput.features(TensorShape.of(4), false));

        assertThat(source.labelled()).isFalse();
        assertThat(source.name()).isEqualTo("only-images-idx3-ubyte (IDX, unlabelled)");
        Examples first = source.read(0, 1);
        assertThat(first.labels()).isEmpty();
        assertThat(first.features()).containsExactly(0f, 51 / 255f, 102 / 255f, 1f);
        assertThat(DataSources.open(DataSpec.of(DataKind.IDX, temp).with("classes", "a,b"),
                ModelInput.features(TensorShape.of(4), false)).classNames()).containsExactly("a", "b");
    }

    @Test
    void badIdxDataIsTold() throws Exception {
        writeImages(temp.resolve("a-images-idx3-ubyte"), 2, 2, 2, new byte[8]);
        writeLabels(temp.resolve("a-labels-idx1-ubyte"), new byte[] {1, 2, 3});
        Path images = temp.resolve("a-images-idx3-ubyte");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.IDX, temp), FASHION))
                .isInstanceOf(DataException.class)
                .hasMessage("The labels file " + temp.resolve("a-labels-idx1-ubyte") + " has 3 labels but the images file "
                        + images + " has 2 images.");

        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.IDX, images).with("unlabelled", "true"),
                ModelInput.features(TensorShape.of(10), false)))
                .hasMessage("The images in " + images + " are 2×2 grey (4 values) but the model takes [10] features.");

        writeImages(temp.resolve("b-images-idx3-ubyte"), 1, 2, 2, new byte[4]);
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.IDX, temp), FASHION))
                .hasMessage("The folder " + temp + " has several IDX images files (a-images-idx3-ubyte, b-images-idx3-ubyte); "
                        + "choose one with the option images=FILE.");

        Files.write(temp.resolve("c-images-idx3-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.IDX, temp).with("images", "c-images-idx3-ubyte"), FASHION))
                .hasMessage("Could not read the IDX file " + temp.resolve("c-images-idx3-ubyte")
                        + ": wrong magic number 0x00000801, expected 0x00000803 for an IDX image file.");

        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.IDX, temp.resolve("missing")), FASHION))
                .hasMessage("There is no file or folder at " + temp.resolve("missing") + ".");
    }

    static void writeImages(Path file, int count, int rows, int cols, byte[] pixels) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
    }

    static void writeLabels(Path file, byte[] labels) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            out.write(labels);
        }
    }
}
