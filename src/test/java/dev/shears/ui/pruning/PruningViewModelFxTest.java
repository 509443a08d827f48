package dev.shears.ui.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.Evaluator;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.LoadedModel;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.plan.Plan;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRecord;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The preview pipeline on the real lenet-5: impact, progressive accuracy, latest wins, apply and undo. */
@ExtendWith(ApplicationExtension.class)
class PruningViewModelFxTest {
    @TempDir
    Path settings;

    MainViewModel main;
    PruningViewModel pruning;

    @Start
    void start(Stage stage) {
        // no window: the view models alone, on the FX thread as in the app
    }

    @BeforeEach
    void open(FxRobot robot) throws Exception {
        robot.interact(() -> {
            main = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
            pruning = new PruningViewModel(main.runner(), main);
            main.openSample("lenet-5");
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.plannerProperty().get() != null);
    }

    @Test
    void impactAndPreviewAgreeWithTheRealPruningRun(FxRobot robot) throws Exception {
        robot.interact(() -> pruning.ratioProperty().set(0.5));
        PruningSpec spec = pruning.specProperty().get();
        LoadedModel model = main.modelProperty().get();
        // refitted as the panel does by default, on the same training images
        PruningResult real = new PruningService(Optional.empty(), Optional.of(dev.shears.FashionSplits.train()))
                .run(model, spec, ProgressListener.NONE, Cancellation.none());
        assertThat(spec.refits()).isTrue();

        assertThat(pruning.impactProperty().get().paramsAfter()).isEqualTo(real.network().numParams());
        assertThat(pruning.impactProperty().get().macsAfter()).isEqualTo(real.report().after().macs());
        assertThat(pruning.sizesProperty().get().figure("dense float32").bytesAfter())
                .isEqualTo(4 * real.network().numParams());

        AccuracyEstimate preview = waitForCompletePreview();
        FashionMnist validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);
        AccuracyEstimate direct = Evaluator.evaluate(real.network(), validation, PruningViewModel.PREVIEW_BATCH,
                e -> { }, Cancellation.none());
        assertThat(preview.correct()).isEqualTo(direct.correct()); // masked preview = the shrunk network
        assertThat(preview.lower95()).isLessThan(preview.accuracy()).isGreaterThan(0);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.baselineProperty().get() != null
                && pruning.baselineProperty().get().complete());
        assertThat(pruning.baselineProperty().get().accuracy()).isGreaterThan(preview.accuracy());
    }

    @Test
    void aNewChoiceCancelsThePreviewAlreadyRunningWhoseResultIsNeverShown(FxRobot robot) throws Exception {
        List<AccuracyEstimate> ofTheFirst = new CopyOnWriteArrayList<>();
        PruningSpec[] first = new PruningSpec[1];
        TaskRecord[] firstPreview = new TaskRecord[1];
        robot.interact(() -> {
            pruning.previewProperty().addListener((obs, old, e) -> {
                if (e == null || pruning.specProperty().get() != first[0]) {
                    return;
                }
                ofTheFirst.add(e);
                if (firstPreview[0] == null) {
                    // the first preview has measured its first batch and is still running: choose again now
                    firstPreview[0] = main.runner().tasks().stream().filter(t -> t.name().equals(
                            AccuracyPreview.PREVIEW_TASK) && t.state() == TaskRecord.State.RUNNING).findFirst()
                            .orElseThrow();
                    pruning.ratioProperty().set(0.6);
                }
            });
            pruning.recoveryProperty().set(Recovery.NONE); // the preview is then the masked network measured below
            pruning.ratioProperty().set(0.3);
            first[0] = pruning.specProperty().get();
        });
        AccuracyEstimate last = waitForCompletePreview();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !firstPreview[0].state().active());

        assertThat(ofTheFirst).hasSize(1).noneMatch(AccuracyEstimate::complete);
        assertThat(firstPreview[0].description()).isEqualTo("Previewing Remove 30 % channels (l1, global)…");
        assertThat(firstPreview[0].state()).isEqualTo(TaskRecord.State.CANCELLED);
        assertThat(firstPreview[0].outcomeProperty().get()).isEqualTo(
                "Cancelled: the choice changed before it finished.");
        PruningSpec second = pruning.specProperty().get();
        assertThat(second).isNotSameAs(first[0]);
        Plan plan = pruning.plannerProperty().get().plan(second);
        FashionMnist validation = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION);
        AccuracyEstimate direct = Evaluator.evaluate(pruning.plannerProperty().get().masked(plan), validation,
                PruningViewModel.PREVIEW_BATCH, e -> { }, Cancellation.none());
        assertThat(last.correct()).isEqualTo(direct.correct());
        assertThat(last.seen()).isEqualTo(validation.size());
    }

    @Test
    void applyMakesTheShrunkNetworkCurrentAndUndoRedoMoveThroughTheHistory(FxRobot robot) throws Exception {
        LoadedModel original = main.modelProperty().get();
        byte[] fileBefore = Files.readAllBytes(original.file());
        robot.interact(() -> pruning.ratioProperty().set(0.5));
        long expected = pruning.impactProperty().get().paramsAfter();

        robot.interact(pruning::apply);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> main.currentStepProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(main.modelProperty().get().network().numParams()).isEqualTo(expected);
        assertThat(main.history().get(1).validation()).isPresent();
        assertThat(main.history().get(1).report().orElseThrow().mode()).isEqualTo(PruningMode.STRUCTURED);
        assertThat(Files.readAllBytes(original.file())).isEqualTo(fileBefore);
        robot.interact(main::undo);
        assertThat(main.modelProperty().get()).isSameAs(original);
        robot.interact(main::redo);
        assertThat(main.modelProperty().get().network().numParams()).isEqualTo(expected);
        robot.interact(() -> main.goTo(0));
        assertThat(main.currentStepProperty().get()).isZero();
    }

    @Test
    void perLayerKeepAndCoupling(FxRobot robot) throws Exception {
        LoadedModel model = main.modelProperty().get();
        robot.interact(() -> pruning.selectedLayerProperty().set(model.graph().node("conv1").orElseThrow()));
        assertThat(pruning.coupledProperty().get()).contains("pool1", "conv2");
        assertThat(pruning.couplingProperty().get()).contains("20 channels of conv1").contains("read by conv2");

        assertThat(WaitForAsyncUtils.asyncFx(() -> pruning.setKeep("pool1", 0.5)).get()).isPresent();
        assertThat(WaitForAsyncUtils.asyncFx(() -> pruning.setKeep("conv1", 0.25)).get()).isEmpty();
        assertThat(pruning.keptSharesProperty().get().get("conv1")).isEqualTo(0.25);
        assertThat(pruning.keptSharesProperty().get().get("conv2")).isEqualTo(1.0);
        robot.interact(() -> pruning.setKeep("conv1", Double.NaN));
        assertThat(pruning.overrides()).isEmpty();
    }

    @Test
    void taylorIsScoredInTheBackgroundAndThenPreviewedLikeAnyCriterion(FxRobot robot) throws Exception {
        robot.interact(() -> {
            pruning.criterionProperty().set(dev.shears.pruning.CriterionName.TAYLOR);
            pruning.ratioProperty().set(0.4);
        });
        assertThat(pruning.problemProperty().get()).isEmpty();
        assertThat(pruning.specProperty().get().criterion()).isEqualTo(dev.shears.pruning.CriterionName.TAYLOR);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> pruning.impactProperty().get() != null);
        PruningSpec spec = pruning.specProperty().get();
        assertThat(pruning.impactProperty().get().paramsAfter())
                .isEqualTo(((dev.shears.pruning.plan.PruningPlan) pruning.plannerProperty().get().plan(spec)).after().params());
        assertThat(waitForCompletePreview().accuracy()).isGreaterThan(0.1);
    }

    @Test
    void obdUnderGroupImportanceIsScoredInTheBackgroundAndCountedExactly(FxRobot robot) throws Exception {
        robot.interact(() -> {
            pruning.criterionProperty().set(dev.shears.pruning.CriterionName.OBD);
            pruning.importanceProperty().set(dev.shears.pruning.criteria.Importance.GROUP_MEAN);
            pruning.ratioProperty().set(0.4);
        });
        assertThat(pruning.specProperty().get().importance()).isEqualTo(dev.shears.pruning.criteria.Importance.GROUP_MEAN);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> pruning.impactProperty().get() != null);
        PruningSpec spec = pruning.specProperty().get();
        assertThat(pruning.problemProperty().get()).isEmpty();
        assertThat(pruning.impactProperty().get().macsAfter())
                .isEqualTo(((dev.shears.pruning.plan.PruningPlan) pruning.plannerProperty().get().plan(spec)).after().macs());
        assertThat(PruningViewModel.describe(spec)).isEqualTo("Remove 40 % channels (obd group-mean, global, layers refitted)");
    }

    @Test
    void reachBudgetSetsTheShareThatKeepsAtMostHalfTheMacs(FxRobot robot) throws Exception {
        long before = main.modelProperty().get().graph().totalMacs();

        robot.interact(() -> pruning.reachBudget(new dev.shears.pruning.impact.Budget(dev.shears.pruning.impact.Budget.Metric.MACS,
                0.5)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.ratioProperty().get() > 0);
        WaitForAsyncUtils.waitForFxEvents();

        PruningSpec spec = pruning.specProperty().get();
        long after = ((dev.shears.pruning.plan.PruningPlan) pruning.plannerProperty().get().plan(spec)).after().macs();
        assertThat(after).isLessThanOrEqualTo(before / 2).isEqualTo(pruning.impactProperty().get().macsAfter());
        double fewer = pruning.ratioProperty().get() - 1.0 / 570; // lenet-5 pools 570 channels: one fewer goes
        long oneLess = ((dev.shears.pruning.plan.PruningPlan) pruning.plannerProperty().get().plan(spec.with(
                dev.shears.pruning.Amount.ratio(fewer), spec.layers()))).after().macs();
        assertThat(oneLess).isGreaterThan(before / 2);
    }

    @Test
    void randomWeightsAreCountedOffTheFxThreadAndExactly(FxRobot robot) throws Exception {
        robot.interact(() -> {
            pruning.modeProperty().set(PruningMode.UNSTRUCTURED);
            pruning.criterionProperty().set(dev.shears.pruning.CriterionName.RANDOM);
            pruning.ratioProperty().set(0.6);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.impactProperty().get() != null
                && pruning.impactProperty().get().paramsAfter() < pruning.impactProperty().get().paramsBefore());
        PruningSpec spec = pruning.specProperty().get();
        assertThat(pruning.impactProperty().get().paramsAfter()).isEqualTo(
                ((dev.shears.pruning.plan.UnstructuredPlan) pruning.plannerProperty().get().plan(spec)).after().params());
    }

    @Test
    void thresholdsAreExactAndOnlyWhereTheyMeanSomething(FxRobot robot) throws Exception {
        robot.interact(() -> {
            pruning.modeProperty().set(PruningMode.UNSTRUCTURED);
            pruning.byThresholdProperty().set(true);
            pruning.thresholdProperty().set(0.05);
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pruning.impactProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        PruningSpec weights = pruning.specProperty().get();
        assertThat(weights.amount()).isInstanceOf(dev.shears.pruning.Amount.Threshold.class);
        assertThat(pruning.impactProperty().get().paramsAfter()).isEqualTo(
                ((dev.shears.pruning.plan.UnstructuredPlan) pruning.plannerProperty().get().plan(weights)).after().params());
        assertThat(pruning.thresholdMaxProperty().get()).isGreaterThan(0.05);

        robot.interact(() -> {
            pruning.modeProperty().set(PruningMode.STRUCTURED);
            pruning.thresholdProperty().set(0.8);
        });
        PruningSpec channels = pruning.specProperty().get();
        assertThat(pruning.impactProperty().get().paramsAfter()).isEqualTo(
                ((dev.shears.pruning.plan.PruningPlan) pruning.plannerProperty().get().plan(channels)).after().params());

        robot.interact(() -> pruning.targetProperty().set(PruningViewModel.Target.EVERY_LAYER));
        assertThat(pruning.specProperty().get()).isNull();
        assertThat(pruning.problemProperty().get()).contains("All layers, one ranking");
    }

    private AccuracyEstimate waitForCompletePreview() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> pruning.previewProperty().get() != null
                && pruning.previewProperty().get().complete());
        WaitForAsyncUtils.waitForFxEvents();
        return pruning.previewProperty().get();
    }
}
