package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.BatchNormGammaCriterion;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.samples.SampleArchitectures;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Criterion L1 = new L1Criterion();
    private static Model mlp;
    private static NetworkGraph graph;
    private static ChannelGroups groups;

    @BeforeAll
    static void buildMlp() {
        mlp = SampleArchitectures.build("lenet-300-100", 3, 1e-3);
        graph = NetworkGraphReader.read(mlp);
        groups = DependencyAnalyzer.analyze(graph);
    }

    private static PruningPlan plan(StructuredSettings settings) {
        return Planner.plan(graph, groups, new NetworkWeights(mlp), settings);
    }

    private static StructuredSettings perGroup(double ratio) {
        return StructuredSettings.perGroup(L1, Amount.ratio(ratio));
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
        assertThat(plan(perGroup(1.0)).groups()).allSatisfy(g -> assertThat(g.kept()).hasSize(1));
    }

    @Test
    void roundToRoundsTheKeptCountUpToAMultipleButNotBeyondTheGroup() {
        assertThat(Planner.keptCount(100, 0.3, 1, 8)).isEqualTo(72);
        assertThat(Planner.keptCount(10, 0.05, 1, 8)).isEqualTo(10);
        assertThat(Planner.keptCount(64, 0.99, 1, 16)).isEqualTo(16);
    }

    @Test
    void settingsApplyMinKeepAndRoundToToEveryGroup() {
        PruningPlan rounded = plan(perGroup(0.7).withDefaults(GroupRule.of(L1, Amount.ratio(0.7)).withRoundTo(8)));
        PruningPlan floored = plan(perGroup(0.9).withDefaults(GroupRule.of(L1, Amount.ratio(0.9)).withMinKeep(40)));

        assertThat(rounded.groups()).extracting(g -> g.kept().size()).containsExactly(96, 32);
        assertThat(floored.groups()).extracting(g -> g.kept().size()).containsExactly(40, 40);
    }

    @Test
    void keepsTheHighestScoringChannelsInAscendingOrder() {
        ChannelGroup fc2 = groups.named("fc2").orElseThrow();
        double[] scores = L1.score(fc2, new NetworkWeights(mlp));
        List<Integer> best = IntStream.range(0, 100).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -scores[c])).limit(70).sorted().toList();

        assertThat(plan(perGroup(0.3)).group("fc2").orElseThrow().kept()).isEqualTo(best);
    }

    @Test
    void groupRuleOverridesTheDefault() {
        PruningPlan plan = plan(perGroup(0.3).withGroupRule("fc2", GroupRule.of(L1, Amount.ratio(0.5))));

        assertThat(plan.group("fc1").orElseThrow().kept()).hasSize(210);
        assertThat(plan.group("fc2").orElseThrow().kept()).hasSize(50);
        assertThatThrownBy(() -> plan(perGroup(0.3).withGroupRule("nope", GroupRule.of(L1, Amount.ratio(0.5)))))
                .hasMessageContaining("no channel group named nope");
    }

    @Test
    void thresholdKeepsChannelsScoringAtOrAboveIt() {
        double[] scores = L1.score(groups.named("fc2").orElseThrow(), new NetworkWeights(mlp));
        double median = java.util.Arrays.stream(scores).sorted().toArray()[50];

        PruningPlan plan = plan(StructuredSettings.perGroup(L1, Amount.threshold(median)));

        assertThat(plan.group("fc2").orElseThrow().kept()).hasSize(50)
                .allSatisfy(c -> assertThat(scores[c]).isGreaterThanOrEqualTo(median));
    }

    @Test
    void globalRatioRemovesTheLowestNormalisedScoresAcrossGroups() {
        PruningPlan plan = plan(StructuredSettings.global(L1, Amount.ratio(0.5)));

        assertThat(plan.groups().stream().mapToInt(GroupPlan::removedCount).sum()).isEqualTo(200);
        double highestRemoved = Double.NEGATIVE_INFINITY;
        double lowestKept = Double.POSITIVE_INFINITY;
        for (GroupPlan g : plan.groups()) {
            double[] normalised = GlobalRanking.normalised(L1.score(g.group(), new NetworkWeights(mlp)));
            for (int c : g.removed()) {
                highestRemoved = Math.max(highestRemoved, normalised[c]);
            }
            for (int c : g.kept()) {
                lowestKept = Math.min(lowestKept, normalised[c]);
            }
        }
        assertThat(highestRemoved).isLessThanOrEqualTo(lowestKept);
        assertThat(plan.group("fc1").orElseThrow().removedCount()).as("not simply 50 % of each")
                .isNotEqualTo(150);
        System.out.printf("lenet-300-100 global L1 50%%: fc1 keeps %d/300, fc2 keeps %d/100; channels %.3f,"
                        + " params %.3f, MACs %.3f kept%n", plan.group("fc1").orElseThrow().kept().size(),
                plan.group("fc2").orElseThrow().kept().size(), plan.keptChannelRatio(), plan.keptParamRatio(),
                plan.keptMacRatio());
    }

    @Test
    void globalRankingHonoursRoundToOwnRulesAndIgnoredGroups() {
        GroupRule rounded = GroupRule.of(L1, Amount.ratio(0.5)).withRoundTo(8);
        PruningPlan plan = plan(StructuredSettings.global(L1, Amount.ratio(0.5)).withDefaults(rounded));
        PruningPlan own = plan(StructuredSettings.global(L1, Amount.ratio(0.5))
                .withGroupRule("fc2", GroupRule.of(L1, Amount.ratio(0.1))));
        PruningPlan ignored = plan(StructuredSettings.global(L1, Amount.ratio(0.5)).withIgnored(Set.of("fc1")));

        assertThat(plan.groups()).allSatisfy(g -> assertThat(g.kept().size() % 8).isZero());
        assertThat(plan.groups().stream().mapToInt(GroupPlan::removedCount).sum()).isBetween(200 - 2 * 7, 200);
        assertThat(own.group("fc2").orElseThrow().kept()).hasSize(90);
        assertThat(own.group("fc1").orElseThrow().kept()).hasSize(150);
        assertThat(ignored.group("fc1").orElseThrow().kept()).hasSize(300);
        assertThat(ignored.group("fc2").orElseThrow().kept()).hasSize(50);
        assertThat(ignored.skipped()).containsEntry("fc1", "ignored");
    }

    @Test
    void groupsACriterionCannotRankAreKeptWholeAndReported() {
        Model bnCnn = SampleArchitectures.build("bn-cnn", 4, 1e-3);
        NetworkGraph bnGraph = NetworkGraphReader.read(bnCnn);

        PruningPlan plan = Planner.plan(bnGraph, DependencyAnalyzer.analyze(bnGraph), new NetworkWeights(bnCnn),
                StructuredSettings.global(new BatchNormGammaCriterion(), Amount.ratio(0.5)));

        assertThat(plan.skipped()).containsOnlyKeys("fc1");
        assertThat(plan.group("fc1").orElseThrow().removedCount()).isZero();
        assertThat(plan.groups().stream().mapToInt(GroupPlan::removedCount).sum()).isEqualTo((24 + 48 + 96) / 2);
    }

    @Test
    void reportsCostBeforeAndAfterFromShapes() {
        PruningPlan plan = plan(perGroup(0.3));

        assertThat(plan.before()).isEqualTo(new NetworkCost(graph.totalParams(), graph.totalMacs()));
        long params = 784L * 210 + 210 + 210 * 70 + 70 + 70 * 10 + 10;
        long macs = 784L * 210 + 210 * 70 + 70 * 10;
        assertThat(plan.after()).isEqualTo(new NetworkCost(params, macs));
        assertThat(plan.keptChannelRatio()).isCloseTo(280.0 / 400, within(1e-12));
        assertThat(plan.keptParamRatio()).isCloseTo((double) params / (784 * 300 + 300 + 300 * 100 + 100 + 1010),
                within(1e-12));
    }
}
