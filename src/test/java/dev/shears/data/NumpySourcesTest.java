package dev.shears.data;

import static dev.shears.data.ImageFolderSourceTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NumpySourcesTest {
    private static final ModelInput IMAGE_1X2X2 = ModelInput.images(new ImageGeometry(1, 2, 2, ImageLayout.CHW), false);
    private static final ModelInput FLAT_4 = ModelInput.features(TensorShape.of(4), false);

    @Test
    void anNpzGivesXAsItIsAndYAsClassIndices() throws Exception {
        DataSource source = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")), IMAGE_1X2X2);

        assertThat(source.name()).isEqualTo("arrays.npz (NumPy)");
        assertThat(source.size()).isEqualTo(6);
        assertThat(source.exampleShape()).isEqualTo(TensorShape.of(1, 2, 2));
        Examples read = source.read(new int[] {1, 5});
        // example e holds 14·e + position
        assertThat(read.features()).containsExactly(14f, 15f, 16f, 17f, 70f, 71f, 72f, 73f);
        assertThat(read.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(1, 2));
    }

    @Test
    void aFlatModelTakesAnyExampleShapeOfTheSameSizeAndRangeSlices() throws Exception {
        DataSource source = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")).with("range", "2-4"), FLAT_4);

        assertThat(source.exampleShape()).isEqualTo(TensorShape.of(4));
        assertThat(source.name()).isEqualTo("arrays.npz (NumPy) (examples 2–3)");
        Examples read = source.read(0, 2);
        assertThat(read.features()).containsExactly(28f, 29f, 30f, 31f, 42f, 43f, 44f, 45f);
        assertThat(read.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(2, 0));
    }

    @Test
    void arrayNamesOneHotLabelsAndUnlabelledData() throws Exception {
        DataSource named = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("named.npz"))
                .with("x", "images").with("y", "classes").with("classes", "red,green,blue"), IMAGE_1X2X2);
        assertThat(named.read(0, 6).labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1, 2, 0, 1, 2));
        assertThat(named.classNames()).containsExactly("red", "green", "blue");

        DataSource oneHot = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("onehot.npz")), IMAGE_1X2X2);
        assertThat(oneHot.read(0, 6).labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1, 2, 0, 1, 2));

        DataSource inputsOnly = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("inputs-only.npz")), IMAGE_1X2X2);
        assertThat(inputsOnly.labelled()).isFalse();
        assertThat(inputsOnly.read(0, 1).labels()).isEmpty();

        DataSource ignored = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")).with("unlabelled", "true"), IMAGE_1X2X2);
        assertThat(ignored.labelled()).isFalse();
        assertThat(ignored.read(0, 1).features()).containsExactly(0f, 1f, 2f, 3f);
    }

    @Test
    void npyInputsFindTheirLabelsBesideThem() throws Exception {
        DataSource pair = DataSources.open(DataSpec.of(DataKind.NPY, fixture("npy-pair/x.npy")), IMAGE_1X2X2);
        assertThat(pair.name()).isEqualTo("x.npy + y.npy (NumPy)");
        assertThat(pair.read(0, 6).labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1, 2, 0, 1, 2));

        // uint8 values are taken as they are, not divided by 255
        DataSource digits = DataSources.open(DataSpec.of(DataKind.NPY, fixture("npy-pair/digits.npy")), FLAT_4);
        assertThat(digits.name()).isEqualTo("digits.npy + digits_labels.npy (NumPy)");
        Examples read = digits.read(0, 3);
        assertThat(read.features()).containsExactly(0f, 128f, 255f, 7f, 0f, 128f, 255f, 7f, 0f, 128f, 255f, 7f);
        assertThat(read.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(3, 1, 4));

        DataSource chosen = DataSources.open(DataSpec.of(DataKind.NPY, fixture("npy-pair/digits.npy"))
                .with("labels", "digits_labels.npy").with("range", "1-3"), FLAT_4);
        assertThat(chosen.name()).isEqualTo("digits.npy + digits_labels.npy (NumPy) (examples 1–2)");
        assertThat(chosen.read(0, 2).labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(1, 4));
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPY, fixture("npy-pair/digits.npy"))
                .with("labels", "y.npy"), FLAT_4))
                .hasMessage("There are 3 examples but 6 labels in " + fixture("npy-pair/y.npy") + ".");
    }

    @Test
    void compressedNpzAndFortranOrderedNpyReadAsTheirPlainTwins() throws Exception {
        Examples plain = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")), FLAT_4).read(0, 6);
        assertThat(DataSources.open(DataSpec.of(DataKind.NPZ, fixture("compressed.npz")), FLAT_4).read(0, 6)).isEqualTo(plain);

        DataSource fortran = DataSources.open(DataSpec.of(DataKind.NPY, fixture("fortran.npy")), FLAT_4);
        assertThat(fortran.read(0, 6).features()).containsExactly(plain.features());
    }

    @Test
    void badArraysAreTold() {
        Path noX = fixture("no-x.npz");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPZ, noX), FLAT_4))
                .isInstanceOf(DataException.class)
                .hasMessage("The .npz file " + noX + " has no array named \"x\" (it holds a, b); name the inputs with the option x=NAME.");
        Path arrays = fixture("arrays.npz");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPZ, arrays), ModelInput.features(TensorShape.of(2, 2), false)))
                .hasMessage("The examples in the array x in " + arrays + " have shape [1, 2, 2] but the model takes [2, 2].");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPZ, fixture("count-mismatch.npz")), FLAT_4))
                .hasMessage("There are 6 examples but 5 labels in the array y in " + fixture("count-mismatch.npz") + ".");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPZ, fixture("negative.npz")), FLAT_4))
                .hasMessage("The label -1 at example 2 of the array y in " + fixture("negative.npz")
                        + " is negative; labels are class indices 0, 1, 2, ….");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPZ, fixture("fractional.npz")), FLAT_4))
                .hasMessage("The label 2.5 at example 2 of the array y in " + fixture("fractional.npz")
                        + " is not a whole number; labels are class indices 0, 1, 2, ….");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.NPZ, fixture("with-header.csv")), FLAT_4))
                .hasMessage("Could not read " + fixture("with-header.csv")
                        + " as a NumPy .npz file (one written by numpy.savez or numpy.savez_compressed).");
    }

    @Test
    void theFingerprintFollowsTheFileAndTheOptions() throws Exception {
        String arrays = DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")), FLAT_4).fingerprint();
        assertThat(DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")), FLAT_4).fingerprint()).isEqualTo(arrays);
        assertThat(DataSources.open(DataSpec.of(DataKind.NPZ, fixture("onehot.npz")), FLAT_4).fingerprint()).isNotEqualTo(arrays);
        assertThat(DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")).with("range", "0-6"), FLAT_4).fingerprint())
                .isNotEqualTo(arrays);
        assertThat(DataSources.open(DataSpec.of(DataKind.NPZ, fixture("arrays.npz")), IMAGE_1X2X2).fingerprint())
                .isNotEqualTo(arrays);
    }
}
