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
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The solved ratio meets the budget, and the plan one channel (or one step) short of it does not. */
class BudgetSolverTest {
    @ParameterizedTest(name = "{0}: {1} ≤ {2}, {3}, {4}")
    @CsvSource({
        "bn-cnn, macs, 0.5, l1, producer",
        "bn-cnn, params, 0.6, l1, group-mean",
        "mini-resnet, macs, 0.5, l2, producer",
        "mini-resnet, params, 0.3, fpgm, group-max",
        "lenet-5, macs, 0.25, l1, producer"})
    void aGlobalRankingMeetsTheBudgetAndOneChannelLessWouldNot(String sample, String metric, double keep,
                                                              String criterion, String importance) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        PreviewPlanner planner = new PreviewPlanner(model.backend(), CriterionMeasurer.none());
        PruningSpec spec = PruningSpecJson.read("{\"version\": 1, \"scope\": \"global\", \"ratio\": 0.1,"
                + " \"criterion\": \"" + criterion + "\", \"importance\": \"" + importance + "\"}");
        Budget budget = new Budget(Budget.Metric.named(metric).orElseThrow(), keep);

        BudgetSolver.Solution solved = planner.solve(spec, budget);

        PruningPlan plan = (PruningPlan) planner.plan(solved.spec());
        long before = count(plan.before(), budget);
        long limit = budget.limit(before);
        assertThat(count(plan.after(), budget)).as("the real plan meets the budget").isLessThanOrEqualTo(limit)
                .isEqualTo(budget.metric() == Budget.Metric.MACS ? solved.impact().macsAfter()
                        : solved.impact().paramsAfter());
        int pooled = planner.groups().prunable().stream().mapToInt(ChannelGroup::channels).sum();
        int removed = plan.groups().stream().mapToInt(GroupPlan::removedCount).sum();
        assertThat(removed).isEqualTo(Planner.removedCount(pooled, solved.ratio()));
        PruningPlan oneLess = (PruningPlan) planner.plan(solved.spec().with(Amount.ratio((removed - 1.0) / pooled),
                Map.of()));
        assertThat(oneLess.groups().stream().mapToInt(GroupPlan::removedCount).sum()).isEqualTo(removed - 1);
        assertThat(count(oneLess.after(), budget)).as("one channel less misses it").isGreaterThan(limit);
        assertThat(solved.spec().budget()).contains(budget);
        assertThat(solved.spec().importance().jsonName()).isEqualTo(importance);
    }

    @Test
    void perLayerAndUnstructuredRecipesMeetTheBudgetAndTheStepBeforeDoesNot() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PreviewPlanner planner = new PreviewPlanner(model.backend(), CriterionMeasurer.none());
        for (String recipe : new String[] {
            "{\"version\": 1, \"ratio\": 0.1}",
            "{\"version\": 1, \"mode\": \"unstructured\", \"scope\": \"global\", \"ratio\": 0.1}",
            "{\"version\": 1, \"mode\": \"unstructured\", \"ratio\": 0.1}"}) {
            Budget budget = new Budget(Budget.Metric.PARAMS, 0.3);

            BudgetSolver.Solution solved = planner.solve(PruningSpecJson.read(recipe), budget);

            Plan plan = planner.plan(solved.spec());
            long limit = budget.limit(model.graph().totalParams());
            assertThat(plan.after().params()).as(recipe).isLessThanOrEqualTo(limit)
                    .isEqualTo(solved.impact().paramsAfter());
            assertThat(solved.oneStepLess().orElseThrow().paramsAfter()).as(recipe).isGreaterThan(limit);
            assertThat(solved.ratio()).as(recipe).isLessThan(1);
        }
    }

    @Test
    void aBudgetAlreadyMetNeedsNoPruning() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PreviewPlanner planner = new PreviewPlanner(model.backend(), CriterionMeasurer.none());

        BudgetSolver.Solution solved = planner.solve(PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}"),
                new Budget(Budget.Metric.MACS, 1));

        assertThat(solved.ratio()).isZero();
        assertThat(solved.impact().macsAfter()).isEqualTo(model.graph().totalMacs());
        assertThat(solved.oneStepLess()).isEmpty();
    }

    @Test
    void anUnreachableBudgetIsRefusedInASentence() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PreviewPlanner planner = new PreviewPlanner(model.backend(), CriterionMeasurer.none());

        assertThatThrownBy(() -> planner.solve(PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5, \"minKeep\": 50}"),
                new Budget(Budget.Metric.PARAMS, 0.01)))
                .isInstanceOf(PruningSpecException.class)
                .hasMessageStartingWith("budget: keeping 1.0 % of the parameters is out of reach: pruning all this"
                        + " recipe can keeps ");
    }

    private static long count(NetworkCost cost, Budget budget) {
        return budget.metric() == Budget.Metric.MACS ? cost.macs() : cost.params();
    }
}
