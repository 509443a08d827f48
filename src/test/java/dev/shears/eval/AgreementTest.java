package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.RandomInputs;
import dev.shears.engine.Dl4jEngine;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agreement of a pruned model with the unpruned one, on inputs without labels. */
class AgreementTest {
    private static LoadedModel lenet;
    private static final RandomInputs INPUTS = new RandomInputs(dev.shears.model.TensorShape.of(784), 300);

    @BeforeAll
    static void load() throws Exception {
        lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
    }

    @Test
    void aModelAgreesFullyWithItselfAtRatioZero() throws Exception {
        List<AgreementEstimate> steps = new ArrayList<>();
        AgreementEstimate a;
        try (Dl4jEngine reference = new Dl4jEngine(lenet.network()); Dl4jEngine same = new Dl4jEngine(lenet.network())) {
            a = Agreement.measure(reference, same, INPUTS, 128, steps::add, Cancellation.none());
        }

        assertThat(a.seen()).isEqualTo(300);
        assertThat(a.classScores()).isTrue();
        assertThat(a.top1Agreement()).isEqualTo(1.0);
        assertThat(a.meanAbsDifference()).isEqualTo(0.0);
        assertThat(a.psnr()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(steps).extracting(AgreementEstimate::seen).containsExactly(128, 256, 300);
    }

    @Test
    void pruningMostWeightsMovesOutputsAndLosesSomeTop1Agreement() throws Exception {
        PruningResult pruned = new PruningService(Optional.empty()).run(lenet, PruningSpecJson.read(
                "{\"version\": 1, \"mode\": \"unstructured\", \"scope\": \"global\", \"ratio\": 0.98}"),
                ProgressListener.NONE, Cancellation.none());
        AgreementEstimate a;
        try (Dl4jEngine reference = new Dl4jEngine(lenet.network());
             Dl4jEngine candidate = new Dl4jEngine(pruned.network())) {
            a = Agreement.measure(reference, candidate, INPUTS, 300, e -> { }, Cancellation.none());
        }

        assertThat(a.top1Agreement()).isLessThan(1.0);
        assertThat(a.meanAbsDifference()).isGreaterThan(0.0);
        assertThat(a.sameTop1()).isEqualTo((int) Math.round(a.top1Agreement() * 300));
    }

    @Test
    void randomInputsAreTheSameWhicheverBatchAsksForThem() {
        float[] alone = INPUTS.read(new int[] {7}).features();
        float[] inBatch = INPUTS.read(new int[] {3, 7}).features();
        assertThat(java.util.Arrays.copyOfRange(inBatch, 784, 1568)).containsExactly(alone);
        assertThat(INPUTS.name()).isEqualTo("random inputs: says nothing about accuracy");
    }
}
