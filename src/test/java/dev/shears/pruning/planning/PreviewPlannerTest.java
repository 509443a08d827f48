package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.CriterionMeasurer;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.impact.ModelSizes;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.recipes.LayerOverride;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The live impact (from counts) must equal what the real planner's plan leaves, for every kind of recipe. */
class PreviewPlannerTest {
    static List<String> samples() {
        return SampleArchitectures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void structuredImpactEqualsThePlan(String sample) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        PreviewPlanner preview = new PreviewPlanner(model.backend(), () -> {
            throw new AssertionError("taylor not used here");
        });
        String firstGroup = preview.groups().prunable().get(0).name();
        List<PruningSpec> specs = new ArrayList<>();
        for (CriterionName criterion : List.of(CriterionName.L1, CriterionName.FPGM, CriterionName.BN_GAMMA)) {
            for (double ratio : new double[] {0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
                for (Scope scope : Scope.values()) {
                    specs.add(spec(PruningMode.STRUCTURED, scope, criterion, Amount.ratio(ratio), 1, 1, Map.of()));
                }
            }
            specs.add(spec(PruningMode.STRUCTURED, Scope.GLOBAL, criterion, Amount.ratio(0.5), 3, 4,
                    Map.of(firstGroup, override(0.2))));
            specs.add(spec(PruningMode.STRUCTURED, Scope.PER_LAYER, criterion, Amount.threshold(0.05), 1, 1, Map.of()));
            specs.add(spec(PruningMode.STRUCTURED, Scope.GLOBAL, criterion, Amount.threshold(0.8), 2, 1, Map.of()));
            // the per-layer cap of the global ranking: counted by the ranking exactly as the planner plans it
            for (double cap : new double[] {0.5, 0.8}) {
                for (double ratio : new double[] {0.5, 0.9}) {
                    specs.add(spec(PruningMode.STRUCTURED, Scope.GLOBAL, criterion, Amount.ratio(ratio), 1, 1, Map.of())
                            .withMaxLayerRatio(cap));
                }
                specs.add(spec(PruningMode.STRUCTURED, Scope.GLOBAL, criterion, Amount.threshold(1.5), 2, 4,
                        Map.of(firstGroup, override(0.9))).withMaxLayerRatio(cap));
            }
        }
        for (PruningSpec spec : specs) {
            Impact impact = preview.impact(spec);
            PruningPlan plan = (PruningPlan) preview.plan(spec);
            assertThat(impact.paramsAfter()).as("params for %s", spec).isEqualTo(plan.after().params());
            assertThat(impact.macsAfter()).as("MACs for %s", spec).isEqualTo(plan.after().macs());
            assertThat(impact.paramsBefore()).isEqualTo(model.graph().totalParams());
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void groupImportanceImpactEqualsThePlanAndIsFastOnceRanked(String sample) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        PreviewPlanner preview = new PreviewPlanner(model.backend(), CriterionMeasurer.none());
        for (CriterionName criterion : List.of(CriterionName.L1, CriterionName.FPGM)) {
            for (Importance importance : List.of(Importance.GROUP_MEAN, Importance.GROUP_MAX)) {
                for (double ratio : new double[] {0.3, 0.7}) {
                    for (Scope scope : Scope.values()) {
                        PruningSpec spec = spec(PruningMode.STRUCTURED, scope, criterion, Amount.ratio(ratio), 1, 1,
                                Map.of()).withImportance(importance);
                        Impact impact = preview.impact(spec);
                        PruningPlan plan = (PruningPlan) preview.plan(spec);
                        assertThat(impact.macsAfter()).as("MACs for %s", spec).isEqualTo(plan.after().macs());
                        assertThat(impact.paramsAfter()).as("params for %s", spec).isEqualTo(plan.after().params());
                        assertThat(preview.isFast(spec)).as("ranked once: fast").isTrue();
                    }
                }
            }
        }
        PruningSpec unranked = spec(PruningMode.STRUCTURED, Scope.GLOBAL, CriterionName.L2, Amount.ratio(0.5), 1, 1,
                Map.of()).withImportance(Importance.GROUP_SUM);
        preview.prepare(PruningMode.STRUCTURED, CriterionName.L2);
        assertThat(preview.isFast(unranked)).as("producer ranking only").isFalse();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void unstructuredImpactEqualsThePlan(String sample) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        PreviewPlanner preview = new PreviewPlanner(model.backend(), () -> null);
        String firstLayer = model.graph().nodes().stream().filter(n -> n.params().stream().anyMatch(p -> p.isWeight()))
                .findFirst().orElseThrow().name();
        List<PruningSpec> specs = new ArrayList<>();
        for (CriterionName criterion : List.of(CriterionName.L1, CriterionName.RANDOM)) {
            for (double ratio : new double[] {0, 0.25, 0.5, 0.92, 0.999}) {
                for (Scope scope : Scope.values()) {
                    specs.add(spec(PruningMode.UNSTRUCTURED, scope, criterion, Amount.ratio(ratio), 1, 1, Map.of()));
                }
            }
        }
        specs.add(spec(PruningMode.UNSTRUCTURED, Scope.GLOBAL, CriterionName.L1, Amount.threshold(0.02), 1, 1,
                Map.of()));
        specs.add(spec(PruningMode.UNSTRUCTURED, Scope.GLOBAL, CriterionName.L2, Amount.ratio(0.8), 1, 1,
                Map.of(firstLayer, override(0.3))));
        for (PruningSpec spec : specs) {
            Impact impact = preview.impact(spec);
            UnstructuredPlan plan = (UnstructuredPlan) preview.plan(spec);
            assertThat(impact.paramsAfter()).as("params for %s", spec).isEqualTo(plan.after().params());
            assertThat(impact.macsAfter()).as("MACs for %s", spec).isEqualTo(plan.after().macs());
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sizesOfTheUnprunedModelAreItsOwn(String sample) throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel(sample));
        PreviewPlanner preview = new PreviewPlanner(model.backend(), () -> null);
        ModelSizes sizes = preview.impactModel().sizes(preview.impactModel().unpruned(), model.fileBytes());

        assertThat(sizes.figure("dense float32").bytesAfter()).isEqualTo(4 * model.graph().totalParams());
        assertThat(sizes.figure("DL4J zip").bytesAfter()).isEqualTo(model.fileBytes());
        assertThat(sizes.figure("int8").bytesAfter()).isLessThan(model.graph().totalParams() + 1000);
        // dense weights need no positions: Deep Compression is then 5/32 of the weights plus codebooks and biases
        assertThat(sizes.figure("Deep Compression").bytesAfter()).isLessThan(model.graph().totalParams());
    }

    @org.junit.jupiter.api.Test
    void sparserTensorsCostFewerBytesInEveryCompressedFormat() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PreviewPlanner preview = new PreviewPlanner(model.backend(), () -> null);
        ModelSizes half = sizes(preview, model, 0.5);
        ModelSizes tenth = sizes(preview, model, 0.9);
        for (String format : List.of("DL4J zip", "sparse CSR", "Deep Compression")) {
            assertThat(tenth.figure(format).bytesAfter()).as(format).isLessThan(half.figure(format).bytesAfter());
        }
        // unstructured pruning keeps shapes: dense and int8 do not shrink
        assertThat(tenth.figure("dense float32").ratio()).isEqualTo(1.0);
        assertThat(ModelSizes.gapBits(1)).isZero();
        assertThat(ModelSizes.gapBits(0.08)).isBetween(4.0, 6.0); // H(0.08)/0.08 ≈ 5.0 bits
    }

    private static ModelSizes sizes(PreviewPlanner preview, LoadedModel model, double ratio) {
        Impact impact = preview.impact(spec(PruningMode.UNSTRUCTURED, Scope.GLOBAL, CriterionName.L1,
                Amount.ratio(ratio), 1, 1, Map.of()));
        return preview.impactModel().sizes(impact, model.fileBytes());
    }

    @org.junit.jupiter.api.Test
    void zipEstimateOfAnUnstructuredModelIsWithinAFifthOfTheSavedFile(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PreviewPlanner preview = new PreviewPlanner(model.backend(), () -> null);
        for (double ratio : new double[] {0.3, 0.6, 0.9}) {
            PruningSpec spec = spec(PruningMode.UNSTRUCTURED, Scope.GLOBAL, CriterionName.L1, Amount.ratio(ratio), 1, 1,
                    Map.of());
            long estimate = preview.impactModel().sizes(preview.impact(spec), model.fileBytes())
                    .figure("DL4J zip").bytesAfter();
            Path saved = dir.resolve("p" + ratio + ".zip");
            preview.masked(preview.plan(spec)).write(saved);
            assertThat((double) estimate).as("ratio %s", ratio)
                    .isCloseTo(java.nio.file.Files.size(saved), org.assertj.core.data.Percentage.withPercentage(20));
        }
    }

    static PruningSpec spec(PruningMode mode, Scope scope, CriterionName criterion, Amount amount, int minKeep,
                            int roundTo, Map<String, LayerOverride> layers) {
        return new PruningSpec(PruningSpec.CURRENT_VERSION, mode, scope, criterion, amount, minKeep, roundTo,
                PruningSpec.DEFAULT_SEED, List.of(), layers);
    }

    private static LayerOverride override(double ratio) {
        return new LayerOverride(Optional.empty(), Optional.of(Amount.ratio(ratio)), Optional.empty(), Optional.empty());
    }
}
