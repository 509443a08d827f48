package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.task.Cancellation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * A latency budget solved from a hand-written look-up table (NetAdapt's), on bn-cnn's real plan: the prediction is
 * the unpruned time less each group's own saving and never below the floor, the groups that save time cheaply pay,
 * and a budget below the floor is refused in a sentence that names why.
 */
class LatencyAllocationTest {
    private static final double BASELINE = 0.92;
    private static final double[] SHARES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    private static final PruningSpec BASE = PruningSpecJson.read("{\"version\": 1, \"ratio\": 0, \"criterion\": \"l1\"}");
    private static final Offset<Double> EXACT = Offset.offset(1e-9);

    @Test
    void aTablesRowsAreMadeMonotoneAndNeverAboveTheUnprunedTime() {
        // a noisy row: 0.2 timed slower than 0.1, 0.1 slower than the unpruned network
        LatencyTable table = new LatencyTable(1000, 300, Map.of("conv1", new double[] {1010, 900, 950, 700}));

        assertThat(table.times("conv1", 5)).containsExactly(new double[] {1000, 1000, 900, 900, 700}, EXACT);
        assertThatThrownBy(() -> table.times("conv1", 10)).hasMessageContaining("4 shares for conv1, the scan 9");
        assertThatThrownBy(() -> new LatencyTable(1000, 300, Map.of("conv1", new double[] {0})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePredictionAddsTheGroupsOwnSavingsAndStopsAtTheFloor() {
        LatencyTable table = new LatencyTable(1000, 450, Map.of());
        double[][] times = {{1000, 900, 800}, {1000, 950, 700}};

        assertThat(table.predicted(times, new int[] {0, 0})).isEqualTo(1000, EXACT);
        assertThat(table.predicted(times, new int[] {1, 1})).isEqualTo(1000 - 100 - 50, EXACT);
        assertThat(table.predicted(times, new int[] {2, 1})).isEqualTo(1000 - 200 - 50, EXACT);
        // 1000 − 200 − 300 = 500 is above the floor; a floor of 600 would hold it there
        assertThat(table.predicted(times, new int[] {2, 2})).isEqualTo(500, EXACT);
        assertThat(new LatencyTable(1000, 600, Map.of()).predicted(times, new int[] {2, 2})).isEqualTo(600, EXACT);
    }

    @Test
    void theGroupThatSavesTimeCheaplyPaysAndThePredictionMeetsTheBudget() throws Exception {
        PreviewPlanner planner = planner("bn-cnn");
        List<String> groups = planner.groups().prunable().stream().map(ChannelGroup::name).toList();
        assertThat(groups).contains("conv1", "conv2", "conv3");
        // every group loses one point per tenth removed; only conv3's channels save time (10 µs a tenth)
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (String g : groups) {
            double[] row = new double[SHARES.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = g.equals("conv3") ? 100_000 - 100_000 * SHARES[i] : 100_000;
            }
            rows.put(g, row);
        }
        LatencyTable table = new LatencyTable(100_000, 5_000, rows);
        Budget budget = new Budget(Budget.Metric.LATENCY, 0.55);

        AllocationSolver.Allocation solved = planner.allocateForLatency(BASE, budget, curves(groups, 0.1), table,
                Cancellation.none());

        // conv3 alone, at the least share that keeps ≤ 55 %: 0.5 removed → 50 µs of 100
        assertThat(solved.shares().get("conv3").removed()).isEqualTo(0.5);
        groups.stream().filter(g -> !g.equals("conv3"))
                .forEach(g -> assertThat(solved.shares().get(g).removed()).as(g).isZero());
        assertThat(solved.predictedNanos().getAsDouble()).isEqualTo(50_000, Offset.offset(1e-6));
        assertThat(solved.predictedLoss()).isEqualTo(0.05, EXACT);
        assertThat(solved.spec().budget()).contains(budget);
        assertThat(solved.spec().layers().keySet()).containsExactly("conv3");
    }

    @Test
    void aLatencyBelowTheFloorIsRefusedNamingWhatEveryCallCosts() throws Exception {
        PreviewPlanner planner = planner("bn-cnn");
        List<String> groups = planner.groups().prunable().stream().map(ChannelGroup::name).toList();
        Map<String, double[]> rows = new LinkedHashMap<>();
        groups.forEach(g -> rows.put(g, new double[] {900, 850, 800, 750, 700, 650, 600, 550, 500}));
        LatencyTable table = new LatencyTable(1000, 800, rows);

        assertThatThrownBy(() -> planner.allocateForLatency(BASE, new Budget(Budget.Metric.LATENCY, 0.5),
                curves(groups, 0.1), table, Cancellation.none()))
                .isInstanceOf(PruningSpecException.class)
                .hasMessageContaining("keeping 50.0 % of the latency is out of reach with the scanned shares")
                .hasMessageContaining("an inference still takes 1 µs of the unpruned 1 µs (80.0 %)")
                .hasMessageContaining("what every call costs whatever the network's size dominates");
        assertThatThrownBy(() -> planner.allocate(BASE, new Budget(Budget.Metric.LATENCY, 0.5), curves(groups, 0.1),
                Cancellation.none())).hasMessageContaining("needs measured latencies");
        assertThatThrownBy(() -> planner.solve(BASE, new Budget(Budget.Metric.LATENCY, 0.5)))
                .hasMessageContaining("a latency budget is fitted to a sensitivity scan");
    }

    private static PreviewPlanner planner(String sample) throws Exception {
        return new PreviewPlanner(ModelLoader.load(SampleLocations.sampleModel(sample)).backend(),
                CriterionMeasurer.none());
    }

    private static SensitivityCurves curves(List<String> groups, double lossPerTenth) {
        Map<String, List<SensitivityCurves.Point>> curves = new LinkedHashMap<>();
        for (String g : groups) {
            List<SensitivityCurves.Point> points = new ArrayList<>();
            for (double share : SHARES) {
                points.add(new SensitivityCurves.Point(share, BASELINE - lossPerTenth * share));
            }
            curves.put(g, points);
        }
        return new SensitivityCurves(BASELINE, curves);
    }
}
