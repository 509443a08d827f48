package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.impact.LayerLimits;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.samples.SampleArchitectures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-layer cap of the global channel ranking (decision 0025), on real plans of the bundled samples. */
class LayerCapTest {
    /** A recipe as Shears wrote it before the cap existed: global, l1, 50 % of the channels. */
    private static final String RECIPE_WITHOUT_CAP = """
            {
              "version" : 1,
              "mode" : "structured",
              "scope" : "global",
              "criterion" : "l1",
              "ratio" : 0.5,
              "minKeep" : 1,
              "roundTo" : 1,
              "seed" : 42,
              "ignore" : [ ],
              "layers" : { }
            }""";

    static List<String> samples() {
        return SampleArchitectures.NAMES;
    }

    private static PreviewPlanner planner(String sample) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        return new PreviewPlanner(model.backend(), CriterionMeasurer.none());
    }

    private static PruningSpec global(CriterionName criterion, double ratio, double cap) {
        return new PruningSpec(PruningSpec.CURRENT_VERSION, PruningMode.STRUCTURED, Scope.GLOBAL, criterion,
                Amount.ratio(ratio), 1, 1, PruningSpec.DEFAULT_SEED, List.of(), Map.of()).withMaxLayerRatio(cap);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void globalRankingNeverRemovesMoreThanTheCapFromAnyLayer(String sample) throws Exception {
        PreviewPlanner preview = planner(sample);
        for (CriterionName criterion : List.of(CriterionName.L1, CriterionName.FPGM, CriterionName.BN_GAMMA)) {
            for (double cap : new double[] {0.5, PruningSpec.DEFAULT_MAX_LAYER_RATIO}) {
                for (double ratio : new double[] {0.5, 0.7, 0.9}) {
                    PruningPlan plan = (PruningPlan) preview.plan(global(criterion, ratio, cap));
                    for (GroupPlan g : plan.groups()) {
                        int channels = g.group().channels();
                        assertThat(g.removedCount()).as("%s, %s at %.1f with cap %.1f: %s loses", sample,
                                criterion.jsonName(), ratio, cap, g.group().name())
                                .isLessThanOrEqualTo((int) Math.floor(cap * channels + 1e-9));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aCappedRankingStillRemovesTheAskedShareWhileOtherLayersCanGiveIt(String sample) throws Exception {
        PreviewPlanner preview = planner(sample);
        PruningPlan plan = (PruningPlan) preview.plan(global(CriterionName.L1, 0.5, PruningSpec.DEFAULT_MAX_LAYER_RATIO));
        long pooled = plan.groups().stream().filter(g -> g.group().prunable()).mapToLong(g -> g.group().channels()).sum();
        long removed = plan.groups().stream().mapToLong(GroupPlan::removedCount).sum();
        // 50 % of the pool is below the cap's 60 % of every layer, so the cap moves channels, never drops them
        assertThat(removed).isEqualTo((long) Math.floor(0.5 * pooled));
    }

    @Test
    void withoutACapLenet5KeepsOneOfConv2sFiftyFiltersAndTheDefaultCapKeepsTwenty() throws Exception {
        PreviewPlanner preview = planner("lenet-5");
        PruningPlan uncapped = (PruningPlan) preview.plan(global(CriterionName.L1, 0.5, PruningSpec.NO_CAP));
        PruningPlan capped = (PruningPlan) preview.plan(global(CriterionName.L1, 0.5,
                PruningSpec.DEFAULT_MAX_LAYER_RATIO));

        assertThat(uncapped.group("conv2").orElseThrow().kept()).hasSize(1);
        assertThat(uncapped.after().params()).isEqualTo(7_775);
        assertThat(capped.group("conv2").orElseThrow().kept()).hasSize(20); // ≤ 60 % of 50 removed
        assertThat(capped.after().params()).isGreaterThan(uncapped.after().params());
    }

    @Test
    void anOldRecipeWithoutTheCapReplaysAsBefore() throws Exception {
        PruningSpec old = PruningSpecJson.read(RECIPE_WITHOUT_CAP);
        PreviewPlanner preview = planner("lenet-5");

        assertThat(old.maxLayerRatio()).isEqualTo(PruningSpec.NO_CAP);
        assertThat(old.capped()).isFalse();
        PruningPlan plan = (PruningPlan) preview.plan(old);
        assertThat(plan.group("conv2").orElseThrow().kept()).hasSize(1);
        assertThat(plan.after().params()).isEqualTo(7_775);
        // written again, it still has no cap field: replaying the rewritten recipe is the same plan
        assertThat(PruningSpecJson.write(old)).doesNotContain("maxLayerRatio");
    }

    @Test
    void aCappedRecipeCarriesItsCapThroughJson() {
        PruningSpec capped = global(CriterionName.L1, 0.5, 0.75);
        String written = PruningSpecJson.write(capped);

        assertThat(written).contains("\"maxLayerRatio\" : 0.75");
        assertThat(PruningSpecJson.read(written)).isEqualTo(capped);
    }

    @Test
    void aCapOutsideTheGlobalChannelRankingOrOutOfRangeIsRefusedWithItsField() {
        assertThatThrownBy(() -> PruningSpecJson.read(RECIPE_WITHOUT_CAP.replace("\"global\"", "\"per-layer\"")
                .replace("\"ratio\" : 0.5,", "\"ratio\" : 0.5, \"maxLayerRatio\" : 0.8,")))
                .isInstanceOf(PruningSpecException.class)
                .hasMessage("maxLayerRatio: applies to structured pruning with the global scope only (one ranking over"
                        + " all layers' channels)");
        assertThatThrownBy(() -> PruningSpecJson.read(RECIPE_WITHOUT_CAP.replace("\"ratio\" : 0.5,",
                "\"ratio\" : 0.5, \"maxLayerRatio\" : 1.5,")))
                .isInstanceOf(PruningSpecException.class)
                .hasMessageStartingWith("maxLayerRatio: 1.5 is outside (0, 1]");
    }

    @Test
    void thePanelNamesTheEmptiedLayerWithoutACapAndTheCappedLayersWithIt() throws Exception {
        PreviewPlanner preview = planner("lenet-5");
        int[] uncapped = preview.impact(global(CriterionName.L1, 0.5, PruningSpec.NO_CAP)).removedPerGroup();
        int[] capped = preview.impact(global(CriterionName.L1, 0.5, 0.8)).removedPerGroup();

        assertThat(LayerLimits.nearlyEmptied(preview.groups(), uncapped)).extracting(Object::toString)
                .contains("conv2 keeps 1 of 50");
        assertThat(LayerLimits.sentence(preview.groups(), uncapped, PruningSpec.NO_CAP).orElseThrow())
                .startsWith("Nearly emptied: ").contains("conv2 keeps 1 of 50").contains("set a per-layer cap");
        assertThat(LayerLimits.atCap(preview.groups(), capped, 0.8)).extracting(LayerLimits.Limited::layer)
                .contains("conv2");
        assertThat(LayerLimits.nearlyEmptied(preview.groups(), capped)).isEmpty();
    }
}
