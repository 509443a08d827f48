package dev.shears.data;

import static dev.shears.data.ImageFolderSourceTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.io.SampleLocations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSpecsTest {
    private static final String READS = "Shears reads a folder of IDX files (like Fashion-MNIST), a folder of PNG, JPEG, "
            + "BMP and GIF images (one sub-folder per class for labels), a .npz, a .npy or a .csv file.";

    @TempDir
    Path temp;

    @Test
    void foldersAreIdxOrImageFoldersByWhatTheyHold() throws Exception {
        Path fashion = SampleLocations.fashionMnistFolder();
        assertThat(DataSpecs.detect(fashion)).isEqualTo(new DataSpec(DataKind.IDX, fashion, Map.of()));
        assertThat(DataSpecs.detect(fashion.resolve("train-images-idx3-ubyte.gz")).kind()).isEqualTo(DataKind.IDX);
        assertThat(DataSpecs.detect(fixture("images"))).isEqualTo(DataSpec.of(DataKind.IMAGE_FOLDER, fixture("images")));

        Files.copy(fixture("images/ants/ants0.png"), temp.resolve("a.png"));
        assertThat(DataSpecs.detect(temp)).isEqualTo(new DataSpec(DataKind.IMAGE_FOLDER, temp, Map.of("unlabelled", "true")));
    }

    @Test
    void filesAreKnownByTheirExtension() throws Exception {
        assertThat(DataSpecs.detect(fixture("arrays.npz")).kind()).isEqualTo(DataKind.NPZ);
        assertThat(DataSpecs.detect(fixture("npy-pair/x.npy")).kind()).isEqualTo(DataKind.NPY);
        assertThat(DataSpecs.detect(fixture("no-header.csv"))).isEqualTo(DataSpec.of(DataKind.CSV, fixture("no-header.csv")));
    }

    @Test
    void whatCannotBeReadIsToldWithWhatCan() throws Exception {
        Path missing = temp.resolve("nothing-here");
        assertThatThrownBy(() -> DataSpecs.detect(missing)).isInstanceOf(DataException.class)
                .hasMessage("There is no file or folder at " + missing + ".");

        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> DataSpecs.detect(empty)).hasMessage("The folder " + empty + " is empty. " + READS);

        Path model = Files.writeString(temp.resolve("model.zip"), "zip");
        assertThatThrownBy(() -> DataSpecs.detect(model))
                .hasMessage("Shears cannot tell what kind of data " + model + " holds. " + READS);

        Path notes = Files.createDirectories(temp.resolve("notes"));
        Files.writeString(notes.resolve("readme.txt"), "text");
        assertThatThrownBy(() -> DataSpecs.detect(notes)).hasMessage("The folder " + notes + " holds no data Shears reads. " + READS);
    }
}
