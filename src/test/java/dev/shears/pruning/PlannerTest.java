package dev.shears.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.samples.SampleArchitectures;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static Model mlp;
    private static NetworkGraph graph;
    private static ChannelGroups groups;

    @BeforeAll
    static void buildMlp() {
        mlp = SampleArchitectures.build("lenet-300-100", 3, 1e-3);
        graph = NetworkGraphReader.read(mlp);
        groups = DependencyAnalyzer.analyze(graph);
    }

    private static PruningPlan plan(PlanSettings settings) {
        return Planner.plan(graph, groups, new L1Criterion(), new NetworkWeights(mlp), settings);
    }

    @Test
    void keptCountRemovesTheFloorOfTheRatio() {
        assertThat(Planner.keptCount(300, 0.7, 1, 1)).isEqualTo(90);
        assertThat(Planner.keptCount(300, 0.3, 1, 1)).isEqualTo(210);
        assertThat(Planner.keptCount(7, 0.5, 1, 1)).isEqualTo(4);
    }

    @Test
    void planKeepsAtLeastMinKeepChannelsPerGroup() {
        assertThat(Planner.keptCount(10, 1.0, 1, 1)).isEqualTo(1);
        assertThat(Planner.keptCount(10, 0.9, 4, 1)).isEqualTo(4);
        assertThat(plan(PlanSettings.global(1.0)).groups()).allSatisfy(g -> assertThat(g.kept()).hasSize(1));
    }

    @Test
    void roundToRoundsTheKeptCountUpToAMultipleButNotBeyondTheGroup() {
        assertThat(Planner.keptCount(100, 0.3, 1, 8)).isEqualTo(72);
        assertThat(Planner.keptCount(10, 0.05, 1, 8)).isEqualTo(10);
        assertThat(Planner.keptCount(64, 0.99, 1, 16)).isEqualTo(16);
    }

    @Test
    void settingsApplyMinKeepAndRoundToToEveryGroup() {
        PruningPlan rounded = plan(PlanSettings.global(0.7).withRoundTo(8));
        PruningPlan floored = plan(PlanSettings.global(0.9).withMinKeep(40));

        assertThat(rounded.groups()).extracting(g -> g.kept().size()).containsExactly(96, 32);
        assertThat(floored.groups()).extracting(g -> g.kept().size()).containsExactly(40, 40);
    }

    @Test
    void keepsTheHighestScoringChannelsInAscendingOrder() {
        ChannelGroup fc2 = groups.named("fc2").orElseThrow();
        double[] scores = new L1Criterion().score(fc2, new NetworkWeights(mlp));
        List<Integer> best = IntStream.range(0, 100).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -scores[c])).limit(70).sorted().toList();

        assertThat(plan(PlanSettings.global(0.3)).group("fc2").orElseThrow().kept()).isEqualTo(best);
    }

    @Test
    void groupRatioOverridesTheGlobalRatio() {
        PruningPlan plan = plan(PlanSettings.global(0.3).withGroupRatio("fc2", 0.5));

        assertThat(plan.group("fc1").orElseThrow().kept()).hasSize(210);
        assertThat(plan.group("fc2").orElseThrow().kept()).hasSize(50);
        assertThatThrownBy(() -> plan(PlanSettings.global(0.3).withGroupRatio("nope", 0.5)))
                .hasMessageContaining("no channel group named nope");
    }

    @Test
    void reportsCostBeforeAndAfterFromShapes() {
        PruningPlan plan = plan(PlanSettings.global(0.3));

        assertThat(plan.before()).isEqualTo(new NetworkCost(graph.totalParams(), graph.totalMacs()));
        long params = 784L * 210 + 210 + 210 * 70 + 70 + 70 * 10 + 10;
        long macs = 784L * 210 + 210 * 70 + 70 * 10;
        assertThat(plan.after()).isEqualTo(new NetworkCost(params, macs));
        assertThat(plan.keptChannelRatio()).isCloseTo(280.0 / 400, within(1e-12));
        assertThat(plan.keptParamRatio()).isCloseTo((double) params / (784 * 300 + 300 + 300 * 100 + 100 + 1010),
                within(1e-12));
    }
}
