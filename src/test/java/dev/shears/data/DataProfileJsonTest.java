package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataProfileJsonTest {
    @TempDir
    Path settings;

    private static final DataProfile PROFILE = DataProfile.of(
            Optional.of(DataSpec.of(DataKind.IMAGE_FOLDER, Path.of("/data/flowers")).with("mean", "0.5,0.5,0.5")),
            Optional.empty(),
            Optional.of(DataSpec.of(DataKind.CSV, Path.of("/data/train.csv")).with("label", "species")));

    @Test
    void aProfileReadsBackEqualFromItsJson() throws Exception {
        String json = DataProfileJson.write(PROFILE);

        assertThat(DataProfileJson.read(json, "test")).isEqualTo(PROFILE);
        assertThat(json).contains("\"kind\" : \"image_folder\"").doesNotContain("\"test\"");
    }

    @Test
    void unknownKindsAndRolesAreRefusedByName() {
        assertThatThrownBy(() -> DataProfileJson.read("{\"validation\": {\"kind\": \"parquet\", \"path\": \"/x\"}}",
                "p.json")).isInstanceOf(DataException.class)
                .hasMessage("p.json (validation): 'parquet' is not a kind of data Shears reads (idx, image_folder, npz,"
                        + " npy, csv)");
        assertThatThrownBy(() -> DataProfileJson.read("{\"holdout\": {\"kind\": \"csv\", \"path\": \"/x\"}}", "p.json"))
                .hasMessage("p.json: 'holdout' is not a data role (validation, test, train)");
        assertThatThrownBy(() -> DataProfileJson.read("{not json", "p.json"))
                .hasMessageStartingWith("p.json is not valid JSON");
    }

    @Test
    void theStoreRemembersAProfilePerModelFileAndForgetsAnEmptyOne() throws Exception {
        DataProfileStore store = new DataProfileStore(settings);
        Path model = Path.of("/models/mine.zip");

        store.save(model, PROFILE);

        assertThat(new DataProfileStore(settings).load(model)).contains(PROFILE);
        assertThat(store.load(Path.of("/models/other.zip"))).isEmpty();
        store.save(model, DataProfile.NONE);
        assertThat(store.load(model)).isEmpty();
    }
}
