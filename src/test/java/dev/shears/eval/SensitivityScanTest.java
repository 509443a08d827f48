package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.planning.Planner;
import dev.shears.task.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The scan on the trained lenet-5 sample, on the first 500 validation images, at 50 % and 90 %. */
class SensitivityScanTest {
    private static final int IMAGES = 500;
    private static final String DATA = "{\"validation\": \"fashion-mnist\"}";
    private static final SensitivitySettings SETTINGS = SensitivitySettings.defaults().withImages(IMAGES)
            .withRatios(List.of(0.9, 0.5));
    private static LoadedModel lenet5;
    private static FashionMnist validation;
    private static ChannelGroups groups;
    private static INDArray paramsBefore;
    private static SensitivityResult result;
    private static List<Double> progress = new ArrayList<>();
    private static double seconds;

    @TempDir
    Path folder;

    @BeforeAll
    static void scanLenet5() throws Exception {
        Path file = SampleLocations.sampleModel("lenet-5");
        assumeTrue(Files.isRegularFile(file), "not trained yet: " + file);
        lenet5 = ModelLoader.load(file);
        validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);
        groups = DependencyAnalyzer.analyze(lenet5.graph());
        paramsBefore = lenet5.network().params().dup();
        long start = System.nanoTime();
        result = SensitivityScan.run(lenet5, validation, SETTINGS, (fraction, message) -> progress.add(fraction),
                Cancellation.none());
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("lenet-5 scan, %d images, %d points: %.1f s%n%s", IMAGES, result.rows().size() + 1, seconds,
                SensitivityCsv.write(result));
    }

    @Test
    void baselineIsTheEvaluatorsAccuracyOnTheSameImages() throws Exception {
        AccuracyEstimate expected = Evaluator.evaluate(lenet5.network(), validation.first(IMAGES),
                Evaluator.DEFAULT_BATCH, e -> { }, Cancellation.none());

        assertThat(result.images()).isEqualTo(IMAGES);
        assertThat(result.baseline().accuracy()).isEqualTo(expected.accuracy());
        assertThat(result.baseline().loss()).isEqualTo(expected.meanLoss());
        assertThat(result.baseline().params()).isEqualTo(lenet5.network().numParams());
        assertThat(result.baseline().macs()).isEqualTo(lenet5.graph().totalMacs());
    }

    @Test
    void oneRowPerPrunableGroupAndRatioWithTheWholeNetworksCost() throws Exception {
        List<String> prunable = groups.prunable().stream().map(ChannelGroup::name).toList();

        assertThat(result.groups()).containsExactlyElementsOf(prunable).hasSizeGreaterThan(1);
        assertThat(result.rows()).hasSize(prunable.size() * 2);
        assertThat(result.skipped().keySet()).containsExactlyElementsOf(groups.groups().stream()
                .filter(g -> !g.prunable()).map(ChannelGroup::name).toList());
        for (String name : prunable) {
            ChannelGroup group = groups.named(name).orElseThrow();
            List<SensitivityRow> rows = result.rows(name);
            assertThat(rows).extracting(SensitivityRow::ratio).containsExactly(0.5, 0.9);
            for (SensitivityRow row : rows) {
                assertThat(row.channels()).isEqualTo(group.channels());
                assertThat(row.keptChannels()).isEqualTo(Planner.keptCount(group.channels(), row.ratio(), 1, 1));
                assertThat(row.layers()).containsAll(group.producers()).containsAll(group.consumers());
                assertThat(row.params()).isLessThan(result.baseline().params());
                assertThat(row.macs()).isLessThanOrEqualTo(result.baseline().macs());
                // a share of the scanned images, counted: correct images over IMAGES
                assertThat(row.accuracy() * IMAGES).isCloseTo(Math.rint(row.accuracy() * IMAGES), within(1e-6));
                assertThat(row.accuracy()).isLessThanOrEqualTo(1.0);
            }
            assertThat(rows.get(1).params()).as("more pruned, smaller").isLessThan(rows.get(0).params());
        }
        assertThat(lenet5.network().params()).as("the loaded model is untouched").isEqualTo(paramsBefore);
    }

    @Test
    void removingNinetyPercentOfSomeGroupCostsAccuracy() throws Exception {
        assertThat(result.rows()).filteredOn(r -> r.ratio() == 0.9)
                .anyMatch(r -> r.accuracy() < result.baseline().accuracy());
    }

    @Test
    void reportsProgressOncePerPointUpToOne() throws Exception {
        int points = result.rows().size() + 1;

        assertThat(progress.stream().filter(f -> f > 0).toList()).hasSize(points).isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
    }

    @Test
    void cancellingStopsTheScanBetweenPoints() throws Exception {
        Cancellation cancellation = new Cancellation();
        List<String> messages = new ArrayList<>();

        assertThatThrownBy(() -> SensitivityScan.run(lenet5, validation, SETTINGS.withImages(100), (f, message) -> {
            messages.add(message);
            if (f > 0) {
                cancellation.cancel();
            }
        }, cancellation)).isInstanceOf(Cancellation.CancelledException.class);

        assertThat(messages).last().asString().startsWith("baseline");
    }

    @Test
    void cachedScanReadsBackEqualAndOnlyForItsOwnKey() throws Exception {
        SensitivityCache.Key key = SensitivityCache.key(lenet5, DATA, SETTINGS);
        assertThat(SensitivityCache.load(folder, key)).isEmpty();

        SensitivityCache.store(folder, key, result);

        assertThat(SensitivityCache.load(folder, key)).contains(result);
        assertThat(SensitivityCache.load(folder, SensitivityCache.key(lenet5, DATA, SETTINGS.withImages(400))))
                .isEmpty();
        assertThat(SensitivityCache.load(folder, SensitivityCache.key(lenet5, DATA,
                SETTINGS.withCriterion(CriterionName.L2)))).isEmpty();
        assertThat(SensitivityCache.load(folder, new SensitivityCache.Key("0".repeat(64), DATA, SETTINGS))).isEmpty();
        assertThat(SensitivityCache.load(folder, SensitivityCache.key(lenet5, "other data", SETTINGS)))
                .as("another data profile is another scan").isEmpty();
        assertThat(key.fileName()).isEqualTo(SensitivityCache.key(lenet5, DATA, SensitivitySettings.defaults()
                .withImages(IMAGES).withRatios(List.of(0.5, 0.9, 0.5))).fileName());

        Files.writeString(folder.resolve(key.fileName()), "half a file");
        assertThat(SensitivityCache.load(folder, key)).as("unreadable: recompute").isEmpty();
    }

    @Test
    void taylorIsMeasuredOnceAndScansEveryGroup() throws Exception {
        SensitivityResult taylor = SensitivityScan.run(lenet5, validation, SETTINGS.withImages(100)
                .withCriterion(CriterionName.TAYLOR).withRatios(List.of(0.5)), (f, m) -> { }, Cancellation.none());

        assertThat(taylor.groups()).containsExactlyElementsOf(result.groups());
    }

    @Test
    void obdIsMeasuredForTheScanAndRemovesOtherChannelsThanL1() throws Exception {
        SensitivitySettings half = SETTINGS.withImages(100).withRatios(List.of(0.5));
        SensitivityResult obd = SensitivityScan.run(lenet5, validation, half.withCriterion(CriterionName.OBD),
                (f, m) -> { }, Cancellation.none());
        SensitivityResult l1 = SensitivityScan.run(lenet5, validation, half, (f, m) -> { }, Cancellation.none());

        assertThat(obd.groups()).containsExactlyElementsOf(result.groups());
        // the same images and shares: a different accuracy somewhere means other channels went
        assertThat(obd.rows()).extracting(SensitivityRow::accuracy)
                .isNotEqualTo(l1.rows().stream().map(SensitivityRow::accuracy).toList());
        assertThat(obd.rows()).extracting(SensitivityRow::keptChannels)
                .isEqualTo(l1.rows().stream().map(SensitivityRow::keptChannels).toList());
    }

    @Test
    void bnGammaSkipsEveryGroupOfANetworkWithoutBatchNorm() throws Exception {
        SensitivityResult bnGamma = SensitivityScan.run(lenet5, validation, SETTINGS.withImages(100)
                .withCriterion(CriterionName.BN_GAMMA), (f, m) -> { }, Cancellation.none());

        assertThat(bnGamma.rows()).isEmpty();
        assertThat(bnGamma.skipped()).hasSize(groups.groups().size());
        groups.prunable().forEach(g -> assertThat(bnGamma.skipped().get(g.name()).reason()).contains("no BatchNorm"));
    }
}
