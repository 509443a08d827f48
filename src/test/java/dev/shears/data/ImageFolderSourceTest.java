package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
    private static final ModelInput RGB_8 = ModelInput.images(new ImageGeometry(3, 8, 8, ImageLayout.CHW), false);
    private static final ModelInput GREY_4 = ModelInput.images(new ImageGeometry(1, 4, 4, ImageLayout.FLAT_CHW), false);

    @TempDir
    Path temp;

    static Path fixture(String name) {
        try {
            return Path.of(ImageFolderSourceTest.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void subFoldersAreClassesInSortedOrderAndEveryFormatIsRead() throws Exception {
        ImageFolderSource source = open(DataSpec.of(DataKind.IMAGE_FOLDER, fixture("images")), RGB_8);

        assertThat(source.size()).isEqualTo(23);
        assertThat(source.classNames()).containsExactly("ants", "bees");
        assertThat(source.labelled()).isTrue();
        assertThat(source.notes()).isEmpty();
        assertThat(source.exampleShape()).isEqualTo(TensorShape.of(3, 8, 8));
        assertThat(source.name()).isEqualTo("images/ (image folder, 2 classes)");
        Examples all = source.read(0, 23);
        int[] expectedLabels = new int[23];
        Arrays.fill(expectedLabels, 11, 23, 1);
        assertThat(all.labels()).hasValueSatisfying(labels -> assertThat(labels).containsExactly(expectedLabels));
        // order: ants0..ants9.png, photo.jpg, then bees0..bees9.png, icon.gif, scan.bmp
        assertThat(example(all, 10)).containsExactly(expected("images/ants/photo.jpg", RGB_8));
        assertThat(example(all, 21)).containsExactly(expected("images/bees/icon.gif", RGB_8));
        assertThat(example(all, 22)).containsExactly(expected("images/bees/scan.bmp", RGB_8));
        assertThat(example(all, 3)).containsExactly(expected("images/ants/ants3.png", RGB_8));
    }

    @Test
    void aFolderOfImagesOnlyIsUnlabelled() throws Exception {
        copy("images/ants/ants0.png", temp.resolve("b.png"));
        copy("images/bees/scan.bmp", temp.resolve("a.bmp"));
        Files.writeString(temp.resolve("readme.txt"), "not an image");

        ImageFolderSource source = open(DataSpec.of(DataKind.IMAGE_FOLDER, temp), GREY_4);

        assertThat(source.labelled()).isFalse();
        assertThat(source.classNames()).isEmpty();
        Examples both = source.read(0, 2);
        assertThat(both.labels()).isEmpty();
        assertThat(example(both, 0)).containsExactly(expected("images/bees/scan.bmp", GREY_4));
    }

    @Test
    void unreadableImagesAreSkippedCountedAndNamed() throws Exception {
        Files.createDirectories(temp.resolve("cats"));
        Files.createDirectories(temp.resolve("dogs"));
        copy("images/ants/ants1.png", temp.resolve("cats/good.png"));
        Files.write(temp.resolve("cats/broken.png"), new byte[] {1, 2, 3, 4, 5});
        Files.write(temp.resolve("dogs/empty.jpg"), new byte[0]);
        copy("images/bees/bees2.png", temp.resolve("dogs/good.png"));

        ImageFolderSource source = open(DataSpec.of(DataKind.IMAGE_FOLDER, temp), GREY_4);

        assertThat(source.size()).isEqualTo(2);
        assertThat(source.skipped()).containsExactly(temp.resolve("cats/broken.png"), temp.resolve("dogs/empty.jpg"));
        assertThat(source.notes()).containsExactly("2 images could not be read and were skipped: cats/broken.png, dogs/empty.jpg.");
        Examples read = source.read(0, 2);
        assertThat(read.labels()).hasValueSatisfying(labels -> assertThat(labels).containsExactly(0, 1));
        assertThat(example(read, 1)).containsExactly(expected("images/bees/bees2.png", GREY_4));
    }

    @Test
    void aFolderWhoseImagesAllFailIsRefused() throws IOException {
        Files.write(temp.resolve("x.png"), new byte[] {9, 9, 9});
        Files.write(temp.resolve("y.gif"), new byte[] {7});

        assertThatThrownBy(() -> open(DataSpec.of(DataKind.IMAGE_FOLDER, temp), GREY_4))
                .isInstanceOf(DataException.class)
                .hasMessage("None of the 2 images in " + temp + " could be read (the first is x.png); Shears reads PNG, JPEG, BMP and GIF files.");
    }

    @Test
    void badFoldersAreTold() throws IOException {
        assertThatThrownBy(() -> open(DataSpec.of(DataKind.IMAGE_FOLDER, temp), GREY_4))
                .hasMessage("The folder " + temp + " has no images; Shears reads PNG, JPEG, BMP and GIF files, "
                        + "in the folder itself or in one sub-folder per class.");

        Files.createDirectories(temp.resolve("full"));
        Files.createDirectories(temp.resolve("hollow"));
        copy("images/ants/ants0.png", temp.resolve("full/a.png"));
        Files.writeString(temp.resolve("hollow/notes.txt"), "no images here");
        assertThatThrownBy(() -> open(DataSpec.of(DataKind.IMAGE_FOLDER, temp), GREY_4))
                .hasMessage("The class folder " + temp.resolve("hollow") + " has no images; Shears reads PNG, JPEG, BMP "
                        + "and GIF files (remove the folder or add its images).");

        assertThatThrownBy(() -> open(DataSpec.of(DataKind.IMAGE_FOLDER, fixture("images")),
                ModelInput.features(TensorShape.of(4), false)))
                .hasMessage("The model takes [4] features, not images, so it cannot read the image folder "
                        + fixture("images") + ".");
        Path file = fixture("images/ants/ants0.png");
        assertThatThrownBy(() -> open(DataSpec.of(DataKind.IMAGE_FOLDER, file), GREY_4))
                .hasMessage(file + " is a file, not a folder; an image folder holds images, or one sub-folder of images per class.");
        assertThatThrownBy(() -> open(DataSpec.of(DataKind.IMAGE_FOLDER, fixture("images")), ModelInput.UNKNOWN))
                .hasMessage("The model does not record the size of its input, so Shears cannot tell what size to make "
                        + "the images in " + fixture("images") + ".");
    }

    @Test
    void imagesBesideClassFoldersAreIgnoredWithANote() throws Exception {
        Files.createDirectories(temp.resolve("one"));
        copy("images/ants/ants0.png", temp.resolve("one/a.png"));
        copy("images/ants/ants1.png", temp.resolve("stray.png"));

        ImageFolderSource source = open(DataSpec.of(DataKind.IMAGE_FOLDER, temp), GREY_4);

        assertThat(source.size()).isEqualTo(1);
        assertThat(source.notes()).containsExactly("1 image directly in " + temp
                + " was ignored: the images are sorted into class folders.");
    }

    @Test
    void rangeUnlabelledAndMeanStdOptionsApply() throws Exception {
        DataSpec spec = DataSpec.of(DataKind.IMAGE_FOLDER, fixture("images")).with("range", "9-13");
        ImageFolderSource ranged = open(spec, RGB_8);
        assertThat(ranged.size()).isEqualTo(4);
        assertThat(ranged.name()).isEqualTo("images/ (image folder, 2 classes) (examples 9–12)");
        Examples read = ranged.read(0, 4);
        assertThat(read.labels()).hasValueSatisfying(labels -> assertThat(labels).containsExactly(0, 0, 1, 1));
        assertThat(example(read, 1)).containsExactly(expected("images/ants/photo.jpg", RGB_8));

        ImageFolderSource unlabelled = open(spec.with("unlabelled", "true"), RGB_8);
        assertThat(unlabelled.labelled()).isFalse();
        assertThat(unlabelled.read(0, 4).labels()).isEmpty();

        ImageFolderSource normalised = open(spec.with("mean", "0.5").with("std", "0.5"), RGB_8);
        float[] plain = example(read, 0);
        float[] shifted = example(normalised.read(0, 1), 0);
        for (int i = 0; i < plain.length; i++) {
            assertThat(shifted[i]).isEqualTo((plain[i] - 0.5f) / 0.5f);
        }

        assertThatThrownBy(() -> open(spec.with("range", "20-30"), RGB_8))
                .hasMessage("The range 20-30 does not fit the 23 examples in " + fixture("images") + ": it needs 0 ≤ FROM < TO ≤ 23.");
        assertThatThrownBy(() -> open(spec.with("mean", "0.1,0.2"), RGB_8))
                .hasMessageStartingWith("The mean \"0.1,0.2\" for " + fixture("images") + " has 2 numbers; the model's images have 3 channels");
    }

    @Test
    void imagesAreDecodedOnceAndATinyMemoryBoundSpillsToDiskWithTheSameValues() throws Exception {
        DataSpec spec = DataSpec.of(DataKind.IMAGE_FOLDER, fixture("images"));
        ImageFolderSource inMemory = open(spec, RGB_8);
        assertThat(inMemory.decodes()).isEqualTo(23);
        assertThat(inMemory.spilled()).isFalse();
        Examples first = inMemory.read(0, 23);
        Examples second = inMemory.read(0, 23);
        assertThat(inMemory.decodes()).isEqualTo(23);
        assertThat(second).isEqualTo(first);

        // room for 2 examples of 3·8·8 floats: the other 21 go to the spill file
        ImageFolderSource spilled = ImageFolderSource.open(spec, RGB_8, 2 * 3 * 8 * 8 * 4);
        assertThat(spilled.spilled()).isTrue();
        assertThat(spilled.read(0, 23)).isEqualTo(first);
        int[] shuffled = {22, 0, 5, 1, 17, 2};
        assertThat(spilled.read(shuffled)).isEqualTo(inMemory.read(shuffled));
        assertThat(spilled.decodes()).isEqualTo(23);
    }

    @Test
    void theFingerprintFollowsFilesOptionsAndTheTargetGeometry() throws Exception {
        Files.createDirectories(temp.resolve("k"));
        copy("images/ants/ants0.png", temp.resolve("k/a.png"));
        DataSpec spec = DataSpec.of(DataKind.IMAGE_FOLDER, temp);
        String base = open(spec, GREY_4).fingerprint();

        assertThat(base).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(open(spec, GREY_4).fingerprint()).isEqualTo(base);
        assertThat(open(spec, ModelInput.images(new ImageGeometry(1, 5, 5, ImageLayout.FLAT_CHW), false)).fingerprint())
                .isNotEqualTo(base);
        assertThat(open(spec.with("mean", "0.5"), GREY_4).fingerprint()).isNotEqualTo(base);
        copy("images/ants/ants1.png", temp.resolve("k/a.png"));
        assertThat(open(spec, GREY_4).fingerprint()).isNotEqualTo(base);
    }

    private static ImageFolderSource open(DataSpec spec, ModelInput input) throws DataException {
        return ImageFolderSource.open(spec, input, DataSources.DEFAULT_CACHE_BYTES);
    }

    private static float[] example(Examples examples, int index) {
        int per = (int) examples.exampleShape().elements();
        return Arrays.copyOfRange(examples.features(), index * per, (index + 1) * per);
    }

    /** The file run through the preprocessing by hand. */
    private static float[] expected(String fixture, ModelInput input) throws IOException {
        ImageGeometry geometry = input.image().orElseThrow();
        float[] zeros = new float[geometry.channels()];
        float[] ones = new float[geometry.channels()];
        Arrays.fill(ones, 1f);
        ImagePreprocessing preprocessing = new ImagePreprocessing(geometry, zeros, ones);
        float[] out = new float[preprocessing.floatsPerExample()];
        preprocessing.apply(ImagePreprocessing.pixels(ImageIO.read(fixture(fixture).toFile())), out, 0);
        return out;
    }

    private static void copy(String fixture, Path to) throws IOException {
        Files.copy(fixture(fixture), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
