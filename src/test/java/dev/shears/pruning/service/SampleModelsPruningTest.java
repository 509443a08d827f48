package dev.shears.pruning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerKind;
import dev.shears.model.NetworkGraph;
import dev.shears.model.SliceRole;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.criteria.BatchNormGammaCriterion;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.FpgmCriterion;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.criteria.L2Criterion;
import dev.shears.pruning.criteria.ObdCriterion;
import dev.shears.pruning.criteria.RandomCriterion;
import dev.shears.pruning.criteria.TaylorCriterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.surgery.PruningRoundTrip;
import dev.shears.samples.SampleArchitectures;
import dev.shears.task.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trained bundled samples ({@code sample-models/*.zip}), when they have been trained: every
 * structured criterion × every sample × 30 % and 70 % goes through {@link PruningRoundTrip}.
 * Each sample is loaded once and shared by its 14 cases (every case re-proves that the original is
 * untouched, so sharing also catches one case leaking into the next); Taylor is measured once per
 * sample on 64 labelled validation images, and so is obd. Saving and reloading is proven for l1 only: it exercises
 * DL4J's serializer on the shrunk shapes, which do not depend on the criterion that chose the
 * channels, and it is the slowest step.
 */
class SampleModelsPruningTest {
    private static final Map<String, Model> MODELS = new HashMap<>();
    private static final Map<String, Criterion> MEASURED = new HashMap<>();
    private static long startNanos;

    @TempDir
    Path folder;

    static Stream<Arguments> samplesCriteriaAndRatios() {
        return SampleArchitectures.NAMES.stream().flatMap(name -> Stream.of(CriterionName.values())
                .flatMap(criterion -> Stream.of(Arguments.of(name, criterion, 0.3), Arguments.of(name, criterion, 0.7))));
    }

    @ParameterizedTest(name = "{0}, {1} @ {2}")
    @MethodSource("samplesCriteriaAndRatios")
    void shrunkTrainedSampleEqualsMaskedSample(String name, CriterionName criterionName, double ratio)
            throws Exception {
        Model network = model(name);
        Criterion criterion = criterion(name, network, criterionName);

        PruningRoundTrip.Result result = PruningRoundTrip.run(name + " (trained)", network, criterion, ratio,
                folder, criterionName == CriterionName.L1);

        if (criterionName == CriterionName.BN_GAMMA) {
            assertBatchNormGammaSkipsExactlyTheGroupsWithoutGamma(network, result.plan());
        } else {
            assertThat(result.plan().skipped()).as("%s applies to every prunable group", criterionName).isEmpty();
        }
    }

    /**
     * bn-gamma's documented behaviour (BatchNormGammaCriterion): a group no BatchNorm γ scales is not
     * applicable and kept whole, reported in the plan's skipped groups; it never falls back to
     * another score. On the samples without BatchNorm every group is kept, so the plan is a no-op.
     */
    private static void assertBatchNormGammaSkipsExactlyTheGroupsWithoutGamma(Model network, PruningPlan plan) {
        NetworkGraph graph = NetworkGraphReader.read(network);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        Map<String, String> expected = new LinkedHashMap<>();
        for (ChannelGroup g : groups.prunable()) {
            boolean scaledByGamma = g.params().stream()
                    .anyMatch(s -> s.role() == SliceRole.NORMALIZATION && s.param().equals("gamma"));
            if (!scaledByGamma) {
                expected.put(g.name(), "no BatchNorm γ scales these channels (bn-gamma needs one)");
            }
        }
        assertThat(plan.skipped()).isEqualTo(expected);
        for (String skipped : expected.keySet()) {
            assertThat(plan.group(skipped).orElseThrow().removedCount()).as("%s kept whole", skipped).isZero();
        }
        boolean hasBatchNorm = graph.nodes().stream().anyMatch(n -> n.kind() == LayerKind.BATCH_NORMALIZATION);
        if (hasBatchNorm) {
            assertThat(expected.size()).as("bn-gamma prunes some group").isLessThan(groups.prunable().size());
        } else {
            assertThat(expected.keySet()).as("no BatchNorm: every group skipped")
                    .containsExactlyElementsOf(groups.prunable().stream().map(ChannelGroup::name).toList());
            assertThat(plan.after()).isEqualTo(plan.before());
        }
    }

    private static synchronized Model model(String name) throws Exception {
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        Path file = SampleLocations.sampleModel(name);
        assumeTrue(Files.isRegularFile(file), "not trained yet: " + file);
        Model network = MODELS.get(name);
        if (network == null) {
            network = ModelLoader.load(file).network();
            MODELS.put(name, network);
        }
        return network;
    }

    private static synchronized Criterion criterion(String sample, Model network, CriterionName name)
            throws Exception {
        return switch (name) {
            case L1 -> new L1Criterion();
            case L2 -> new L2Criterion();
            case BN_GAMMA -> new BatchNormGammaCriterion();
            case FPGM -> new FpgmCriterion();
            case RANDOM -> new RandomCriterion(42);
            case TAYLOR, OBD -> {
                Criterion measured = MEASURED.get(sample + "/" + name);
                if (measured == null) {
                    NetworkGraph graph = NetworkGraphReader.read(network);
                    ChannelGroups groups = DependencyAnalyzer.analyze(graph);
                    List<org.nd4j.linalg.dataset.DataSet> batches = List.of(PruningRoundTrip.labelledValidationImages());
                    measured = name == CriterionName.TAYLOR
                            ? TaylorCriterion.measure(network, groups, batches, Cancellation.none())
                            : ObdCriterion.measure(network, graph, groups, batches, Cancellation.none());
                    MEASURED.put(sample + "/" + name, measured);
                }
                yield measured;
            }
        };
    }

    @AfterAll
    static void reportRuntime() {
        if (startNanos != 0) {
            System.out.printf("sample matrix: %d samples × %d criteria × 2 ratios in %.1f s%n", MODELS.size(),
                    CriterionName.values().length, (System.nanoTime() - startNanos) / 1e9);
        }
    }
}
