package dev.shears.data;

import static dev.shears.data.ImageFolderSourceTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    private static final ModelInput THREE = ModelInput.features(TensorShape.of(3), false);

    @TempDir
    Path temp;

    @Test
    void aHeaderIsGuessedAndTheLastColumnIsTheLabel() throws Exception {
        DataSource source = DataSources.open(DataSpec.of(DataKind.CSV, fixture("with-header.csv")), THREE);

        assertThat(source.name()).isEqualTo("with-header.csv (CSV)");
        assertThat(source.size()).isEqualTo(4);
        Examples read = source.read(0, 4);
        assertThat(read.features()).containsExactly(1.5f, 2f, 3f, 4f, 5.25f, 6f, 7f, 8f, 9f, -1f, 0f, 1e-3f);
        assertThat(read.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1, 2, 1));
    }

    @Test
    void withoutAHeaderAndWithAsManyColumnsAsTheModelTakesTheRowsAreUnlabelled() throws Exception {
        DataSource source = DataSources.open(DataSpec.of(DataKind.CSV, fixture("no-header.csv")),
                ModelInput.features(TensorShape.of(1, 3), false));

        assertThat(source.labelled()).isFalse();
        assertThat(source.exampleShape()).isEqualTo(TensorShape.of(1, 3));
        Examples read = source.read(0, 2);
        assertThat(read.features()).containsExactly(0.5f, 1f, 1.5f, 2f, 2.5f, 3f);
        assertThat(read.labels()).isEmpty();
    }

    @Test
    void optionsPickTheLabelColumnDropItOrForceTheHeader() throws Exception {
        Path file = temp.resolve("iris.csv");
        Files.writeString(file, "class,a,b,c\n2,0.1,0.2,0.3\n0,1,2,3\n1,4,5,6\n");

        DataSource byName = DataSources.open(DataSpec.of(DataKind.CSV, file).with("label", "class"), THREE);
        assertThat(byName.read(0, 3).labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(2, 0, 1));
        assertThat(byName.read(0, 1).features()).containsExactly(0.1f, 0.2f, 0.3f);
        DataSource byIndex = DataSources.open(DataSpec.of(DataKind.CSV, file).with("label", "0").with("range", "1-3"), THREE);
        assertThat(byIndex.read(0, 2).labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1));
        assertThat(byIndex.read(0, 2).features()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);

        DataSource dropped = DataSources.open(DataSpec.of(DataKind.CSV, file).with("label", "class").with("unlabelled", "true"), THREE);
        assertThat(dropped.labelled()).isFalse();
        assertThat(dropped.read(0, 1).features()).containsExactly(0.1f, 0.2f, 0.3f);

        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, file).with("label", "species"), THREE))
                .hasMessage("The CSV file " + file + " has no label column \"species\"; give a 0-based index below 4 "
                        + "or one of the header names class, a, b, c.");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, file).with("header", "false"), THREE))
                .hasMessage("Line 1 of " + file + ", column 1, holds \"class\", which is not a number.");
    }

    @Test
    void badCellsAndRowsAreToldWithTheirLineAndColumn() throws IOException {
        Path cells = write("cells.csv", "a,b,label\n1,2,0\n3,x,1\n");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, cells), ModelInput.features(TensorShape.of(2), false)))
                .isInstanceOf(DataException.class)
                .hasMessage("Line 3 of " + cells + ", column 2 (\"b\"), holds \"x\", which is not a number.");

        Path empty = write("empty-cell.csv", "1,,0\n");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, empty), ModelInput.features(TensorShape.of(2), false)))
                .hasMessage("Line 1 of " + empty + ", column 2, is empty; every cell must hold a number.");

        Path ragged = write("ragged.csv", "1,2,3\n\n4,5\n");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, ragged), THREE))
                .hasMessage("Line 3 of " + ragged + " has 2 columns but line 1 has 3.");

        Path negative = write("negative.csv", "1,2,0\n3,4,-1\n");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, negative), ModelInput.features(TensorShape.of(2), false)))
                .hasMessage("The label -1 at line 2 of " + negative + " is negative; labels are class indices 0, 1, 2, ….");

        Path fraction = write("fraction.csv", "1,2,0.5\n");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, fraction), ModelInput.features(TensorShape.of(2), false)))
                .hasMessage("The label 0.5 at line 1 of " + fraction + " is not a whole number; labels are class indices 0, 1, 2, ….");

        Path header = fixture("with-header.csv");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, header), ModelInput.features(TensorShape.of(5), false)))
                .hasMessage("The CSV file " + header + " has 3 feature columns besides its label column but the model takes 5 features [5].");

        Path latin1 = Files.write(temp.resolve("latin1.csv"), new byte[] {'1', ',', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, latin1), THREE))
                .hasMessage("The CSV file " + latin1 + " is not UTF-8 text; save it as UTF-8 (or plain ASCII) CSV.");

        Path blank = write("blank.csv", "\n\n");
        assertThatThrownBy(() -> DataSources.open(DataSpec.of(DataKind.CSV, blank), THREE))
                .hasMessage("The CSV file " + blank + " is empty.");
    }

    @Test
    void theFingerprintFollowsTheBytes() throws Exception {
        Path file = write("f.csv", "1,2,3,0\n");
        String before = DataSources.open(DataSpec.of(DataKind.CSV, file), THREE).fingerprint();
        assertThat(DataSources.open(DataSpec.of(DataKind.CSV, file), THREE).fingerprint()).isEqualTo(before);
        write("f.csv", "1,2,3,1\n");
        assertThat(DataSources.open(DataSpec.of(DataKind.CSV, file), THREE).fingerprint()).isNotEqualTo(before);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text);
    }
}
