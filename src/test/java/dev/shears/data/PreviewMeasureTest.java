package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.PreviewMeasure;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the live preview measures: accuracy when it can, else agreement, and the sentence saying why. */
class PreviewMeasureTest {
    private static final DataSpec SPEC = DataSpec.of(DataKind.CSV, Path.of("/data/x.csv"));

    @Test
    void labelledDataForAClassifierGivesAccuracy() throws Exception {
        DataSource labelled = new ArraySource(new int[] {0, 1, 2, 0}, TensorShape.of(4), true);

        PreviewMeasure m = PreviewMeasure.choose(Optional.of(validation(labelled, 3)), graph(3));

        assertThat(m).isEqualTo(new PreviewMeasure.Accuracy(labelled));
    }

    @Test
    void unlabelledInputsGiveAgreementOnThemselves() throws Exception {
        DataSource unlabelled = new ArraySource(new int[] {0, 0}, TensorShape.of(4), false);

        PreviewMeasure m = PreviewMeasure.choose(Optional.of(validation(unlabelled, 3)), graph(3));

        assertThat(m).isEqualTo(new PreviewMeasure.Agreement(unlabelled, "arrays has no labels: agreement with the"
                + " unpruned model instead of accuracy."));
    }

    @Test
    void withoutDataTheAgreementRunsOnRandomInputsAndSaysSo() throws Exception {
        PreviewMeasure m = PreviewMeasure.choose(Optional.empty(), graph(3));

        PreviewMeasure.Agreement a = (PreviewMeasure.Agreement) m;
        assertThat(a.inputs().name()).isEqualTo(RandomInputs.NAME);
        assertThat(a.inputs().size()).isEqualTo(PreviewMeasure.RANDOM_INPUTS);
        assertThat(a.why()).isEqualTo("No validation data is chosen (File ▸ Data…): agreement with the unpruned model"
                + " on random inputs instead of accuracy.");
    }

    @Test
    void dataThatDoesNotFitFallsBackToRandomInputsWithItsReason() throws Exception {
        DataSource wide = new ArraySource(new int[] {0, 1}, TensorShape.of(5), true);

        PreviewMeasure.Agreement a = (PreviewMeasure.Agreement) PreviewMeasure.choose(
                Optional.of(validation(wide, 3)), graph(3));

        assertThat(a.inputs().name()).isEqualTo(RandomInputs.NAME);
        assertThat(a.why()).isEqualTo("arrays gives examples of shape [5], but the model takes [4]. Agreement with"
                + " the unpruned model on random inputs instead.");
    }

    @Test
    void aModelWithoutClassScoresGetsOutputErrorEvenOnLabelledData() throws Exception {
        DataSource labelled = new ArraySource(new int[] {0, 0}, TensorShape.of(4), true);

        PreviewMeasure.Agreement a = (PreviewMeasure.Agreement) PreviewMeasure.choose(
                Optional.of(validation(labelled, 1)), graph(1));

        assertThat(a.inputs()).isSameAs(labelled);
        assertThat(a.why()).startsWith("The model's output [1] is not one score per class");
    }

    private static DataSets validation(DataSource source, int outputs) {
        return DataSets.open(DataProfile.of(Optional.of(SPEC), Optional.of(SPEC), Optional.empty()), graph(outputs),
                (spec, input) -> source);
    }

    private static NetworkGraph graph(int outputs) {
        return new NetworkGraph("MultiLayerNetwork", List.of(
                new LayerNode("input", LayerKind.INPUT, "Input", "", List.of(), TensorShape.UNKNOWN, TensorShape.of(4),
                        List.of(), 0),
                new LayerNode("out", LayerKind.OUTPUT, "OutputLayer", "", List.of("input"), TensorShape.of(4),
                        TensorShape.of(outputs), List.of(), 4L * outputs)), List.of("out"), false);
    }
}
