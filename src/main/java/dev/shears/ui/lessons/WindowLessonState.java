package dev.shears.ui.lessons;

import dev.shears.eval.AccuracyEstimate;
import dev.shears.io.LoadedModel;
import dev.shears.model.LayerNode;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.impact.Impact;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.pruning.Recovery;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.weights.LayerWeights;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import javafx.beans.Observable;

/** {@link LessonState} read from the main window's view models, as the window shows them now. */
final class WindowLessonState implements LessonState {
    private final MainView view;
    private final MainViewModel main;

    WindowLessonState(MainView view, MainViewModel main) {
        this.view = view;
        this.main = main;
    }

    /** What a condition can depend on: a change of any of them re-evaluates the step's condition. */
    List<Observable> dependencies() {
        PruningViewModel p = view.pruning();
        return List.of(main.modelProperty(), main.currentStepProperty(), view.layers().selectedProperty(),
                view.shownViewsProperty(), p.modeProperty(), p.criterionProperty(), p.targetProperty(),
                p.ratioProperty(), p.maxLayerRatioProperty(), p.recoveryProperty(), p.keptSharesProperty(), p.impactProperty(),
                p.previewProperty(), p.coupledProperty(), view.weights().thresholdProperty(),
                view.weights().weightsProperty(), view.weights().prunedCountProperty(),
                view.weights().keptCountProperty(),
                view.sensitivity().resultProperty(), view.fineTuning().iterativeProperty(),
                view.fineTuning().stepsProperty());
    }

    @Override
    public Optional<String> modelName() {
        LoadedModel m = main.modelProperty().get();
        return m == null ? Optional.empty()
                : Optional.of(m.file().getFileName().toString().replaceFirst("\\.[^.]+$", ""));
    }

    @Override
    public Optional<String> selectedLayer() {
        return Optional.ofNullable(view.layers().selectedProperty().get()).map(LayerNode::name);
    }

    @Override
    public Set<String> coupledLayers() {
        return view.pruning().coupledProperty().get();
    }

    @Override
    public Set<String> shownViews() {
        return view.shownViewsProperty().get();
    }

    @Override
    public String mode() {
        return view.pruning().modeProperty().get() == PruningMode.STRUCTURED ? "channels" : "weights";
    }

    @Override
    public String criterion() {
        return view.pruning().criterionProperty().get().jsonName();
    }

    @Override
    public String target() {
        return targetName(view.pruning().targetProperty().get());
    }

    static String targetName(PruningViewModel.Target t) {
        return switch (t) {
            case GLOBAL -> "global";
            case EVERY_LAYER -> "every-layer";
            case SELECTED_LAYER -> "selected-layer";
        };
    }

    static PruningViewModel.Target target(String name) {
        for (PruningViewModel.Target t : PruningViewModel.Target.values()) {
            if (targetName(t).equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(name);
    }

    static CriterionName criterion(String name) {
        for (CriterionName c : CriterionName.values()) {
            if (c.jsonName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Override
    public double ratio() {
        return view.pruning().ratioProperty().get();
    }

    @Override
    public String recovery() {
        return recoveryName(view.pruning().recoveryProperty().get());
    }

    /** A lesson's name for a recovery. */
    static String recoveryName(Recovery r) {
        return switch (r) {
            case REFIT -> "refit";
            case BATCH_NORM -> "batchnorm";
            case NONE -> "none";
        };
    }

    /** The recovery a lesson names. */
    static Recovery recovery(String name) {
        return switch (name) {
            case "refit" -> Recovery.REFIT;
            case "batchnorm" -> Recovery.BATCH_NORM;
            default -> Recovery.NONE;
        };
    }

    @Override
    public double maxLayerRatio() {
        return view.pruning().maxLayerRatioProperty().get();
    }

    @Override
    public OptionalDouble maskedShare() {
        LayerWeights w = view.weights().weightsProperty().get();
        LayerNode selected = view.layers().selectedProperty().get();
        long pruned = view.weights().prunedCountProperty().get();
        long total = pruned + view.weights().keptCountProperty().get();
        // the counts follow the weights shown; until the selected layer's have loaded they describe another
        if (w == null || selected == null || !w.node().name().equals(selected.name()) || total == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) pruned / total);
    }

    @Override
    public OptionalDouble keptShare(String layer) {
        Map<String, Double> shares = view.pruning().keptSharesProperty().get();
        Double share = shares == null ? null : shares.get(layer);
        return share == null ? OptionalDouble.empty() : OptionalDouble.of(share);
    }

    @Override
    public OptionalDouble paramsKept() {
        Impact i = view.pruning().impactProperty().get();
        return i == null ? OptionalDouble.empty() : OptionalDouble.of(i.paramRatio());
    }

    @Override
    public OptionalDouble macsKept() {
        Impact i = view.pruning().impactProperty().get();
        return i == null ? OptionalDouble.empty() : OptionalDouble.of(i.macRatio());
    }

    @Override
    public OptionalDouble accuracy() {
        AccuracyEstimate e = view.pruning().previewProperty().get();
        return e == null || !e.complete() ? OptionalDouble.empty() : OptionalDouble.of(e.accuracy());
    }

    @Override
    public int currentStep() {
        return main.currentStepProperty().get();
    }

    @Override
    public boolean sensitivityScanned() {
        return view.sensitivity().resultProperty().get() != null;
    }

    @Override
    public String schedule() {
        return view.fineTuning().iterativeProperty().get() ? "agp" : "oneshot";
    }

    @Override
    public int agpSteps() {
        return view.fineTuning().stepsProperty().get();
    }
}
