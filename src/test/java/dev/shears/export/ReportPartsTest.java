package dev.shears.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's pieces without a network: escaping, histograms on shared bins, charts, the recipe file. */
class ReportPartsTest {
    private static final PruningSpec HALF = PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}");
    private static final PruningSpec SPARSE = PruningSpecJson.read(
            "{\"version\": 1, \"mode\": \"unstructured\", \"ratio\": 0.9}");

    @Test
    void escapesMarkupAndDropsCharactersXmlCannotCarry() {
        assertThat(Html.esc("<a href='x'>&\"</a>\u0001ok\n")).isEqualTo(
                "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;\uFFFDok\n");
    }

    @Test
    void histogramsShareBinsAndLeaveZerosOut() {
        LayerHistogram h = WeightHistograms.histogram("conv1", "W", new float[] {-2, -1, 0, 1, 2},
                new float[] {0, 0, 0, 1, 2});

        assertThat(h.before().low()).isEqualTo(h.after().low()).isEqualTo(-2);
        assertThat(h.before().high()).isEqualTo(h.after().high()).isEqualTo(2);
        assertThat(h.before().total()).isEqualTo(4);
        assertThat(h.after().total()).isEqualTo(2);
        assertThat(h.zerosBefore()).isEqualTo(1);
        assertThat(h.zerosAfter()).isEqualTo(3);
        assertThat(HistogramSvg.render(h)).startsWith("<svg").endsWith("</svg>").contains("conv1 W");
    }

    @Test
    void histogramsOfAModelReadFromTheNetworksBufferEqualThoseOfCopiesOfItsTensors() throws Exception {
        dev.shears.io.ModelBackend lenet5 = dev.shears.io.ModelLoader.load(
                dev.shears.io.SampleLocations.sampleModel("lenet-5")).backend();
        dev.shears.io.ModelBackend pruned = lenet5.shrunk(dev.shears.pruning.planning.Planner.plan(lenet5.graph(),
                dev.shears.analysis.DependencyAnalyzer.analyze(lenet5.graph()), lenet5.weights(),
                dev.shears.pruning.planning.StructuredSettings.perGroup(new dev.shears.pruning.criteria.L1Criterion(),
                        dev.shears.pruning.Amount.ratio(0.5))));

        List<LayerHistogram> streamed = WeightHistograms.of(lenet5, pruned);

        assertThat(streamed).extracting(LayerHistogram::layer).containsExactly("conv1", "conv2", "fc1", "output");
        for (LayerHistogram h : streamed) {
            LayerHistogram copied = WeightHistograms.histogram(h.layer(), h.tensor(),
                    lenet5.paramValues(h.layer(), h.tensor()), pruned.paramValues(h.layer(), h.tensor()));
            assertThat(h.countAfter()).as(h.layer()).isEqualTo(copied.countAfter()).isLessThan(h.countBefore());
            assertThat(h.zerosBefore()).isEqualTo(copied.zerosBefore());
            assertThat(h.zerosAfter()).isEqualTo(copied.zerosAfter());
            assertThat(h.before().counts()).as(h.layer()).containsExactly(copied.before().counts());
            assertThat(h.after().counts()).as(h.layer()).containsExactly(copied.after().counts());
            assertThat(h.before().low()).isEqualTo(copied.before().low());
        }
    }

    @Test
    void sensitivityChartHasOneLinePerGroupAndTheBaseline() {
        SensitivityTable table = new SensitivityTable("", 0.9, List.of(new SensitivityTable.Row("a", 0.5, 0.7),
                new SensitivityTable.Row("b", 0.5, 0.85), new SensitivityTable.Row("a", 0.25, 0.88)));

        String svg = SensitivitySvg.render(table);

        assertThat(table.byGroup().get("a")).extracting(SensitivityTable.Row::ratio).containsExactly(0.25, 0.5);
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg).contains("baseline 90.00 %", ">70 %<", ">100 %<").doesNotContain(">60 %<");
        assertThatThrownBy(() -> new SensitivityTable.Row("a", 0.5, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneStepIsAPlainRecipeAndSeveralAreAList() throws Exception {
        String one = RecipeSteps.write(List.of(HALF));
        String two = RecipeSteps.write(List.of(HALF, SPARSE));

        assertThat(new ObjectMapper().readTree(one).isObject()).isTrue();
        assertThat(PruningSpecJson.read(one)).isEqualTo(HALF);
        assertThat(new ObjectMapper().readTree(two).isArray()).isTrue();
        assertThat(RecipeSteps.read(two)).containsExactly(HALF, SPARSE);
    }

    @Test
    void theRecipeLineNamesGroupImportanceAndTheBudgetItWasSolvedFor() {
        PruningSpec plain = PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.3}");
        PruningSpec solved = PruningSpecJson.read("{\"version\": 1, \"scope\": \"global\", \"ratio\": 0.41,"
                + " \"importance\": \"group-mean\", \"budget\": {\"macs\": 0.5}}");

        assertThat(ReportHtml.describe(plain)).isEqualTo("structured, l1, per-layer, ratio 0.3");
        assertThat(ReportHtml.describe(solved)).isEqualTo("structured, l1 (importance group-mean), global, ratio 0.41,"
                + " solved for at most 50.0 % of the MACs");
    }

    @Test
    void aBadStepIsNamedByItsIndex() {
        assertThatThrownBy(() -> RecipeSteps.read("[{\"version\": 1, \"ratio\": 0.5}, {\"version\": 1, \"ratio\": 2}]"))
                .isInstanceOf(PruningSpecException.class).hasMessage("[1].ratio: 2 is outside [0, 1)");
        assertThatThrownBy(() -> RecipeSteps.read("[]")).hasMessageContaining("empty");
    }

    @Test
    void baseNameMustBeAPlainFileName() {
        assertThat(ExportRequest.checkedBaseName("lenet-5-pruned.zip")).isEqualTo("lenet-5-pruned");
        assertThatThrownBy(() -> ExportRequest.checkedBaseName("../x")).isInstanceOf(ExportException.class);
        assertThatThrownBy(() -> ExportRequest.checkedBaseName(" ")).isInstanceOf(ExportException.class);
    }
}
