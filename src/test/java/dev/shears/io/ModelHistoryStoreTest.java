package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.Scope;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The undo history's models stay bounded in memory: after many Apply steps at most {@link #IN_MEMORY}
 * networks are held, the others are in files, and every step — back to the opened model — reads back
 * bit for bit the weights it had.
 */
class ModelHistoryStoreTest {
    private static final int IN_MEMORY = 3;
    private static final int APPLIES = 6;

    @TempDir
    Path settings;

    @Test
    void manyAppliesKeepAtMostThreeNetworksInMemoryAndEveryStepReadsBackItsExactWeights() throws Exception {
        LoadedModel opened = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PruningSpec tenPercent = new PruningSpec(PruningSpec.CURRENT_VERSION, PruningMode.STRUCTURED, Scope.PER_LAYER,
                CriterionName.L1, new Amount.Ratio(0.1), 1, 1, PruningSpec.DEFAULT_SEED, List.of(), Map.of());
        List<Map<String, float[]>> expected = new ArrayList<>();
        List<SpillableModel> steps = new ArrayList<>();
        try (ModelHistoryStore store = new ModelHistoryStore(settings.resolve("cache"), IN_MEMORY)) {
            LoadedModel current = opened;
            for (int step = 0; step <= APPLIES; step++) {
                if (step > 0) {
                    current = current.withBackend(new PruningService(Optional.empty())
                            .run(current, tenPercent, ProgressListener.NONE, Cancellation.none()).model());
                }
                expected.add(weightsOf(current));
                SpillableModel m = SpillableModel.inMemory(current);
                store.track(m, step == 0);
                steps.add(m);
                store.awaitSpills();
                assertThat(store.heldInMemory()).as("after step %d", step).isLessThanOrEqualTo(IN_MEMORY);
            }
            current = null;
            assertThat(store.heldInMemory()).isEqualTo(IN_MEMORY);
            assertThat(steps.get(0).inMemory()).as("the opened model is pinned").isTrue();
            assertThat(steps.subList(1, APPLIES - 1)).as("older steps are on disk").noneMatch(SpillableModel::inMemory);
            try (var files = Files.list(store.folder())) {
                assertThat(files.count()).as("one file per spilled step").isEqualTo(APPLIES - 2);
            }

            // undo, step by step, back to the opened model
            for (int step = APPLIES; step >= 0; step--) {
                LoadedModel back = store.model(steps.get(step));
                assertThat(back.graph()).as("the graph survives").isSameAs(steps.get(step).graph());
                Map<String, float[]> weights = weightsOf(back);
                assertThat(weights.keySet()).isEqualTo(expected.get(step).keySet());
                for (var e : expected.get(step).entrySet()) {
                    assertThat(java.util.Arrays.equals(weights.get(e.getKey()), e.getValue()))
                            .as("step %d, %s bit for bit", step, e.getKey()).isTrue();
                }
                back = null;
                store.awaitSpills();
                assertThat(store.heldInMemory()).as("after going back to step %d", step)
                        .isLessThanOrEqualTo(IN_MEMORY);
            }
            assertThat(expected.get(APPLIES).get("fc1/W").length).as("the steps really differ")
                    .isLessThan(expected.get(0).get("fc1/W").length);
            Path folder = store.folder();
            store.close();
            assertThat(folder).as("closing deletes the spilled steps").doesNotExist();
        }
    }

    private static Map<String, float[]> weightsOf(LoadedModel m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (LayerNode node : m.graph().nodes()) {
            for (ParamTensor p : node.params()) {
                out.put(node.name() + "/" + p.key(), m.paramValues(node.name(), p.key()));
            }
        }
        return out;
    }
}
