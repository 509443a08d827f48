package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.pruning.Amount;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.recipes.LayerOverride;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.task.Cancellation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sensitivity-driven allocation on the real plans of the bundled samples: the budget is met by the planner's own
 * counts, each group gets a scanned share, no share can be lowered without breaking the budget, and the
 * scan's losses decide which groups pay.
 */
class AllocationSolverTest {
    private static final double BASELINE = 0.92;
    private static final List<Double> SHARES = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    private static final PruningSpec BASE = PruningSpecJson.read("{\"version\": 1, \"ratio\": 0, \"criterion\": \"l1\"}");

    @ParameterizedTest(name = "{0}: {1} ≤ {2}")
    @CsvSource({"bn-cnn, macs, 0.5", "bn-cnn, params, 0.4", "mini-resnet, macs, 0.6", "lenet-5, macs, 0.3",
        "lenet-300-100, params, 0.5"})
    void theRealPlanMeetsTheBudgetAndLoweringAnyGroupsShareWouldBreakIt(String sample, String metric, double keep)
            throws Exception {
        PreviewPlanner planner = planner(sample);
        Budget budget = new Budget(Budget.Metric.named(metric).orElseThrow(), keep);
        // every group loses accuracy at its own pace: group i loses (i + 1) · 3 points per tenth removed
        List<String> groups = prunableGroups(planner);
        SensitivityCurves curves = curves(groups, g -> 0.3 * (groups.indexOf(g) + 1));

        AllocationSolver.Allocation solved = planner.allocate(BASE, budget, curves, Cancellation.none());

        PruningPlan plan = (PruningPlan) planner.plan(solved.spec());
        long limit = budget.limit(count(plan, budget, false));
        assertThat(count(plan, budget, true)).as("the real plan meets the budget").isLessThanOrEqualTo(limit);
        assertThat(solved.shares().keySet()).containsExactlyElementsOf(groups);
        double summed = 0;
        for (String group : groups) {
            AllocationSolver.Share share = solved.shares().get(group);
            assertThat(share.removed() == 0 || SHARES.contains(share.removed())).as(group + " gets a scanned share")
                    .isTrue();
            int removed = plan.groups().stream().filter(p -> p.group().name().equals(group)).findFirst()
                    .map(GroupPlan::removedCount).orElse(0);
            assertThat(removed).as(group + "'s channels removed").isEqualTo(
                    Planner.removedCount(channels(planner, group), share.removed()));
            summed += share.predictedLoss();
            if (share.removed() > 0) {
                double lower = SHARES.indexOf(share.removed()) == 0 ? 0 : SHARES.get(SHARES.indexOf(share.removed()) - 1);
                PruningPlan lowered = (PruningPlan) planner.plan(withShare(solved.spec(), group, lower));
                assertThat(count(lowered, budget, true)).as("lowering " + group + " to " + lower + " breaks the budget")
                        .isGreaterThan(limit);
            }
        }
        assertThat(solved.predictedLoss()).isEqualTo(summed);
        assertThat(solved.spec().budget()).contains(budget);
        assertThat(solved.impact().macsAfter()).isEqualTo(plan.after().macs());
        assertThat(solved.impact().paramsAfter()).isEqualTo(plan.after().params());
    }

    @Test
    void groupsTheScanFindsHarmlessPayForTheBudgetAndTheCostlyOnesAreKeptWhole() throws Exception {
        PreviewPlanner planner = planner("bn-cnn");
        List<String> groups = prunableGroups(planner);
        String costly = "conv2";
        assertThat(groups).contains(costly);
        SensitivityCurves curves = curves(groups, g -> g.equals(costly) ? 5.0 : 0.0);
        Budget budget = new Budget(Budget.Metric.MACS, 0.6);

        AllocationSolver.Allocation solved = planner.allocate(BASE, budget, curves, Cancellation.none());

        assertThat(solved.shares().get(costly).removed()).isZero();
        assertThat(solved.predictedLoss()).isZero();
        assertThat(solved.spec().layers()).doesNotContainKey(costly);
        assertThat(solved.impact().macsAfter()).isLessThanOrEqualTo(budget.limit(solved.impact().macsBefore()));

        // the same budget when conv2 costs nothing and every other group is costly: now conv2 pays first
        SensitivityCurves reversed = curves(groups, g -> g.equals(costly) ? 0.0 : 5.0);
        AllocationSolver.Allocation other = planner.allocate(BASE, budget, reversed, Cancellation.none());
        assertThat(other.shares().get(costly).removed()).isPositive();
        assertThat(other.shares().get(costly).predictedLoss()).isZero();
    }

    @Test
    void curvesAreMadeMonotoneSoANoisyDipIsNeverAReasonToPruneMore() {
        SensitivityCurves curves = new SensitivityCurves(0.92, Map.of("conv1", List.of(
                new SensitivityCurves.Point(0.3, 0.85), new SensitivityCurves.Point(0.1, 0.93),
                new SensitivityCurves.Point(0.2, 0.90))));

        assertThat(curves.levels("conv1")).containsExactly(0, 0.1, 0.2, 0.3);
        // 0.1 scored above the baseline (no loss), 0.2 lost 2 points, 0.3 lost 7
        assertThat(curves.losses("conv1")).containsExactly(new double[] {0, 0, 0.02, 0.07},
                org.assertj.core.data.Offset.offset(1e-12));
        SensitivityCurves dip = new SensitivityCurves(0.92, Map.of("conv1", List.of(
                new SensitivityCurves.Point(0.1, 0.88), new SensitivityCurves.Point(0.2, 0.91))));
        assertThat(dip.losses("conv1")).containsExactly(new double[] {0, 0.04, 0.04},
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aBudgetTheScannedSharesCannotReachIsRefusedWithWhatTheyCanDo() throws Exception {
        PreviewPlanner planner = planner("bn-cnn");
        List<String> groups = prunableGroups(planner);
        Map<String, List<SensitivityCurves.Point>> onlyATenth = new LinkedHashMap<>();
        groups.forEach(g -> onlyATenth.put(g, List.of(new SensitivityCurves.Point(0.1, 0.9))));

        assertThatThrownBy(() -> planner.allocate(BASE, new Budget(Budget.Metric.MACS, 0.3),
                new SensitivityCurves(BASELINE, onlyATenth), Cancellation.none()))
                .isInstanceOf(PruningSpecException.class)
                .hasMessageContaining("keeping 30.0 % of the MACs is out of reach with the scanned shares")
                .hasMessageContaining("10.0 %");
        assertThatThrownBy(() -> planner.allocate(PruningSpecJson.read("{\"version\": 1, \"mode\": \"unstructured\","
                        + " \"ratio\": 0}"), new Budget(Budget.Metric.MACS, 0.5), curves(groups, g -> 1.0),
                Cancellation.none()))
                .isInstanceOf(PruningSpecException.class).hasMessageContaining("allocates channels");
    }

    @Test
    void theSolvedRecipeReplaysToTheSamePlan() throws Exception {
        PreviewPlanner planner = planner("mini-resnet");
        List<String> groups = prunableGroups(planner);
        AllocationSolver.Allocation solved = planner.allocate(BASE, new Budget(Budget.Metric.PARAMS, 0.5),
                curves(groups, g -> 0.1 * (groups.size() - groups.indexOf(g))), Cancellation.none());

        PruningSpec replayed = PruningSpecJson.read(PruningSpecJson.write(solved.spec()));

        assertThat(replayed).isEqualTo(solved.spec());
        assertThat(((PruningPlan) planner.plan(replayed)).after()).isEqualTo(((PruningPlan) planner.plan(solved.spec()))
                .after());
        assertThat(replayed.amount()).isEqualTo(Amount.ratio(0));
    }

    private static PreviewPlanner planner(String sample) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        return new PreviewPlanner(model.backend(), CriterionMeasurer.none());
    }

    private static List<String> prunableGroups(PreviewPlanner planner) {
        return planner.groups().prunable().stream().map(ChannelGroup::name).toList();
    }

    private static int channels(PreviewPlanner planner, String group) {
        return planner.groups().prunable().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow()
                .channels();
    }

    /** Each group loses {@code slope(group)} of accuracy per unit share removed, at the nine usual shares. */
    private static SensitivityCurves curves(List<String> groups, ToDoubleFunction<String> slope) {
        Map<String, List<SensitivityCurves.Point>> curves = new LinkedHashMap<>();
        for (String g : groups) {
            List<SensitivityCurves.Point> points = new ArrayList<>();
            for (double share : SHARES) {
                points.add(new SensitivityCurves.Point(share, BASELINE - slope.applyAsDouble(g) * share));
            }
            curves.put(g, points);
        }
        return new SensitivityCurves(BASELINE, curves);
    }

    private static PruningSpec withShare(PruningSpec spec, String group, double share) {
        Map<String, LayerOverride> layers = new LinkedHashMap<>(spec.layers());
        if (share == 0) {
            layers.remove(group);
        } else {
            layers.put(group, new LayerOverride(Optional.empty(), Optional.of(Amount.ratio(share)), Optional.empty(),
                    Optional.empty()));
        }
        return spec.with(spec.amount(), layers);
    }

    private static long count(PruningPlan plan, Budget budget, boolean after) {
        var cost = after ? plan.after() : plan.before();
        return budget.metric() == Budget.Metric.MACS ? cost.macs() : cost.params();
    }
}
