package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import dev.shears.model.TensorStats;
import dev.shears.pruning.Amount;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Scope;
import dev.shears.pruning.Weights;
import dev.shears.pruning.criteria.ElementCriterion;
import dev.shears.pruning.criteria.MagnitudeElementCriterion;
import dev.shears.pruning.criteria.RandomElementCriterion;
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Element-wise plans on a hand-built 2 → 3 → 2 dense network with known weights. */
class UnstructuredPlannerTest {
    private static final Map<String, ParamValues> VALUES = Map.of(
            "fc1/W", new ParamValues(new long[] {2, 3}, new double[] {0.5, -0.1, 0.9, -0.3, 0.2, -0.7}),
            "fc1/b", new ParamValues(new long[] {3}, new double[] {0.01, 0.02, 0.03}),
            "fc2/W", new ParamValues(new long[] {3, 2}, new double[] {0.05, -0.6, 0.4, 0.15, -0.25, 0.8}),
            "fc2/b", new ParamValues(new long[] {2}, new double[] {0, 0}));
    private static final Weights WEIGHTS = (layer, param) -> VALUES.get(layer + "/" + param);
    private static final NetworkGraph GRAPH = new NetworkGraph("MultiLayerNetwork", List.of(
            new LayerNode("input", LayerKind.INPUT, "Input", "", List.of(), TensorShape.of(2), TensorShape.of(2),
                    List.of(), 0),
            dense("fc1", "input", 2, 3),
            dense("fc2", "fc1", 3, 2)), List.of("fc2"), false);
    private static final ElementCriterion MAGNITUDE = new MagnitudeElementCriterion();

    private static LayerNode dense(String name, String input, int in, int out) {
        return new LayerNode(name, LayerKind.DENSE, "DenseLayer", "", List.of(input), TensorShape.of(in),
                TensorShape.of(out), List.of(new ParamTensor("W", TensorShape.of(in, out), TensorStats.EMPTY),
                new ParamTensor("b", TensorShape.of(out), TensorStats.EMPTY)), (long) in * out);
    }

    private static UnstructuredPlan plan(UnstructuredSettings settings) {
        return UnstructuredPlanner.plan(GRAPH, WEIGHTS, settings);
    }

    private static int[] pruned(UnstructuredPlan plan, String layer) {
        return plan.mask(layer, "W").orElseThrow().prunedIndices();
    }

    @Test
    void perLayerRatioZeroesTheSmallestMagnitudesOfEachTensor() {
        UnstructuredPlan plan = plan(UnstructuredSettings.of(Scope.PER_LAYER, MAGNITUDE, Amount.ratio(0.5)));

        // fc1 |w| = .5 .1 .9 .3 .2 .7 → .1 .2 .3 go; fc2 |w| = .05 .6 .4 .15 .25 .8 → .05 .15 .25 go
        assertThat(pruned(plan, "fc1")).containsExactly(1, 3, 4);
        assertThat(pruned(plan, "fc2")).containsExactly(0, 3, 4);
        assertThat(plan.masks()).extracting(TensorMask::param).containsOnly("W");
    }

    @Test
    void globalRatioCutsAllPooledTensorsAtOneMagnitude() {
        UnstructuredPlan plan = plan(UnstructuredSettings.of(Scope.GLOBAL, MAGNITUDE, Amount.ratio(0.5)));

        // the 6 smallest of all 12: .05 .1 .15 .2 .25 .3 — fc1 loses 3, fc2 loses 3, both below 0.4
        assertThat(pruned(plan, "fc1")).containsExactly(1, 3, 4);
        assertThat(pruned(plan, "fc2")).containsExactly(0, 3, 4);

        UnstructuredPlan quarter = plan(UnstructuredSettings.of(Scope.GLOBAL, MAGNITUDE, Amount.ratio(0.25)));
        // .05 .1 .15: fc1 loses one weight, fc2 two — a per-layer 25 % would take one from each
        assertThat(pruned(quarter, "fc1")).containsExactly(1);
        assertThat(pruned(quarter, "fc2")).containsExactly(0, 3);
    }

    @Test
    void thresholdZeroesMagnitudesStrictlyBelowIt() {
        UnstructuredPlan plan = plan(UnstructuredSettings.of(Scope.PER_LAYER, MAGNITUDE, Amount.threshold(0.25)));

        assertThat(pruned(plan, "fc1")).containsExactly(1, 4);
        assertThat(pruned(plan, "fc2")).containsExactly(0, 3);
    }

    @Test
    void tiesAtTheCutAreBrokenInTensorThenIndexOrderToRemoveExactlyTheRatio() {
        Map<String, ParamValues> equal = Map.of(
                "fc1/W", new ParamValues(new long[] {2, 3}, new double[] {1, 1, 1, 1, 1, 1}),
                "fc2/W", new ParamValues(new long[] {3, 2}, new double[] {1, 1, 1, 1, 1, 1}));
        UnstructuredPlan plan = UnstructuredPlanner.plan(GRAPH, (l, p) -> equal.get(l + "/" + p),
                UnstructuredSettings.of(Scope.GLOBAL, MAGNITUDE, Amount.ratio(0.6)));

        assertThat(plan.prunedWeights()).isEqualTo(7);
        assertThat(pruned(plan, "fc1")).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(pruned(plan, "fc2")).containsExactly(0);
    }

    @Test
    void layerRulesOverrideAndIgnoredLayersStayWhole() {
        UnstructuredSettings settings = new UnstructuredSettings(Scope.GLOBAL, new ElementRule(MAGNITUDE,
                Amount.ratio(0.5)), Map.of("fc2", new ElementRule(MAGNITUDE, Amount.ratio(1.0 / 6))), Set.of());
        UnstructuredPlan overridden = plan(settings);
        UnstructuredPlan ignored = plan(new UnstructuredSettings(Scope.GLOBAL, settings.defaults(), Map.of(),
                Set.of("fc1")));

        assertThat(pruned(overridden, "fc1")).containsExactly(1, 3, 4);
        assertThat(pruned(overridden, "fc2")).containsExactly(0);
        assertThat(ignored.mask("fc1", "W")).isEmpty();
        assertThat(pruned(ignored, "fc2")).containsExactly(0, 3, 4);
        assertThatThrownBy(() -> plan(new UnstructuredSettings(Scope.GLOBAL, settings.defaults(), Map.of(),
                Set.of("fc9")))).hasMessageContaining("no layer named fc9");
    }

    @Test
    void randomBaselineRemovesTheSameCountReproducibly() {
        UnstructuredSettings seven = UnstructuredSettings.of(Scope.PER_LAYER, new RandomElementCriterion(7),
                Amount.ratio(0.5));
        UnstructuredPlan a = plan(seven);
        UnstructuredPlan b = plan(seven);
        UnstructuredPlan other = plan(UnstructuredSettings.of(Scope.PER_LAYER, new RandomElementCriterion(8),
                Amount.ratio(0.5)));

        assertThat(a).isEqualTo(b);
        assertThat(a.masks()).allSatisfy(m -> assertThat(m.prunedCount()).isEqualTo(3));
        assertThat(other.masks()).isNotEqualTo(a.masks());
    }

    @Test
    void costAfterCountsSurvivingWeightsAndTheirMacs() {
        UnstructuredPlan plan = plan(UnstructuredSettings.of(Scope.GLOBAL, MAGNITUDE, Amount.ratio(0.25)));

        assertThat(plan.before()).isEqualTo(new NetworkCost(6 + 3 + 6 + 2, 12));
        assertThat(plan.after()).isEqualTo(new NetworkCost(17 - 3, 12 - 3));
        assertThat(plan.prunedWeightRatio()).isEqualTo(0.25);
    }
}
