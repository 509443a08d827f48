package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Opening a profile for a model: fit checks in sentences, and the one-source split. */
class DataSetsTest {
    /** A classifier taking 4 values and giving 3 class scores. */
    private static final NetworkGraph GRAPH = new NetworkGraph("MultiLayerNetwork", List.of(
            new LayerNode("input", LayerKind.INPUT, "Input", "", List.of(), TensorShape.UNKNOWN, TensorShape.of(4),
                    List.of(), 0),
            new LayerNode("out", LayerKind.OUTPUT, "OutputLayer", "", List.of("input"), TensorShape.of(4),
                    TensorShape.of(3), List.of(), 12)), List.of("out"), false);
    private static final DataSpec SPEC = DataSpec.of(DataKind.CSV, Path.of("/data/x.csv"));

    @Test
    void oneLabelledSourceIsSplitIntoValidationAndTestHalvesAndSaysSo() throws Exception {
        DataSource all = new ArraySource(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, TensorShape.of(4), true);
        DataSets sets = DataSets.open(DataProfile.of(Optional.of(SPEC), Optional.empty(), Optional.empty()), GRAPH,
                (spec, input) -> all);

        DataSource validation = sets.get(DataRole.VALIDATION).orElseThrow();
        DataSource test = sets.get(DataRole.TEST).orElseThrow();

        assertThat(validation.size() + test.size()).isEqualTo(8);
        assertThat(validation.name()).isEqualTo("arrays, validation half");
        assertThat(sets.notes()).containsExactly(DataSets.SPLIT_NOTE);
        assertThat(sets.get(DataRole.TRAIN)).isEmpty();
        assertThatThrownBy(() -> sets.require(DataRole.TRAIN, "Fine-tuning"))
                .hasMessage("Fine-tuning needs training data: choose it with File ▸ Data… (CLI: --train-data PATH)");
    }

    @Test
    void aSourceOfTheWrongShapeIsRefusedWithBothShapes() {
        DataSource wide = new ArraySource(new int[] {0, 1}, TensorShape.of(5), true);
        DataSets sets = DataSets.open(new DataProfile(Map.of(DataRole.TEST, SPEC)), GRAPH, (spec, input) -> wide);

        assertThatThrownBy(() -> sets.get(DataRole.TEST)).isInstanceOf(DataException.class)
                .hasMessage("arrays gives examples of shape [5], but the model takes [4]");
    }

    @Test
    void aLabelBeyondTheModelsOutputsIsRefusedWithItsExample() throws Exception {
        DataSource source = new ArraySource(new int[] {0, 1, 3}, TensorShape.of(2, 2), true);

        assertThat(DataFit.problem(GRAPH, source)).contains(
                "arrays: example 2 has label 3, but the model has 3 outputs (labels 0–2)");
    }

    @Test
    void aFlatInputTakesAnyExampleWithAsManyValues() throws Exception {
        assertThat(DataFit.problem(GRAPH, new ArraySource(new int[] {0, 2}, TensorShape.of(1, 2, 2), true))).isEmpty();
    }
}
