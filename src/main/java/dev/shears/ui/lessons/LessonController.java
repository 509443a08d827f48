package dev.shears.ui.lessons;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.PruningMode;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.weights.LayerWeights;
import java.util.Optional;
import java.util.Set;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;

/**
 * Help ▸ Lessons: the lesson panel at the window's right, its view model over the window's real state,
 * and the code that puts the window into a step's starting state (opening the sample first when the
 * step names another model). Made on first use by {@link MainView#lessons()}.
 */
public final class LessonController {
    private final MainView view;
    private final MainViewModel main;
    private final PresentationMode presentation;
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private LessonViewModel viewModel;
    private LessonPanel panel;
    /** The setup waiting for a model that is being opened, so that a newer step's setup replaces it. */
    private ChangeListener<Object> pendingModel;
    private ChangeListener<LayerWeights> pendingThreshold;

    public LessonController(MainView view, MainViewModel main) {
        this.view = view;
        this.main = main;
        this.presentation = new PresentationMode(view);
    }

    public PresentationMode presentation() {
        return presentation;
    }

    /** The lessons' view model, made (and the lessons read) on first use. */
    public LessonViewModel viewModel() {
        if (viewModel == null) {
            WindowLessonState state = new WindowLessonState(view, main);
            viewModel = new LessonViewModel(LessonLibrary.load(main.settingsFolder()), state, state.dependencies(),
                    main.settingsFolder(), this::setUp);
        }
        return viewModel;
    }

    /** Opens the lesson panel at the step remembered (the first the first time), set up. */
    public void show() {
        LessonViewModel vm = viewModel();
        if (panel == null) {
            panel = new LessonPanel(vm, note.getReadOnlyProperty(), this::close);
            vm.stepProperty().addListener((obs, old, s) -> presentation.showStepParts(s == null ? Set.of()
                    : s.step().views()));
        }
        view.setRight(panel);
        if (vm.steps().isEmpty()) {
            note.set(vm.library().problems().isEmpty() ? "There are no lessons." : String.join("\n",
                    vm.library().problems()));
            return;
        }
        vm.resume();
        Platform.runLater(panel::focusNext);
    }

    /** Closes the panel; the window shows every part again. */
    public void close() {
        view.setRight(null);
        presentation.showStepParts(Set.of());
    }

    public boolean isShowing() {
        return panel != null && view.getRight() == panel;
    }

    /** What went wrong setting a step up, or the lesson files left out; empty when all is well. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    private void setUp(LessonStep step) {
        LessonStep.Setup s = step.setup();
        note.set(viewModel.library().problems().isEmpty() ? "" : String.join("\n", viewModel.library().problems()));
        if (pendingModel != null) {
            main.modelProperty().removeListener(pendingModel);
            pendingModel = null;
        }
        String wanted = s.model().orElse(null);
        String open = main.modelProperty().get() == null ? null
                : main.modelProperty().get().file().getFileName().toString().replaceFirst("\\.[^.]+$", "");
        if (wanted != null && !wanted.equals(open)) {
            pendingModel = (obs, old, m) -> {
                main.modelProperty().removeListener(pendingModel);
                pendingModel = null;
                // after the window's own listeners (the tree selects the first layer): then the step's state
                Platform.runLater(() -> setUpInModel(s));
            };
            main.modelProperty().addListener(pendingModel);
            main.openSample(wanted);
        } else {
            setUpInModel(s);
        }
        presentation.showStepParts(step.views());
    }

    private void setUpInModel(LessonStep.Setup s) {
        PruningViewModel p = view.pruning();
        s.mode().ifPresent(m -> p.modeProperty().set("channels".equals(m) ? PruningMode.STRUCTURED
                : PruningMode.UNSTRUCTURED));
        s.criterion().ifPresent(c -> {
            p.criterionProperty().set(WindowLessonState.criterion(c));
            // a lesson explains a criterion as it is defined, scored by the channel's producer
            p.importanceProperty().set(dev.shears.pruning.criteria.Importance.PRODUCER);
        });
        if (s.target().isPresent() || s.ratio().isPresent()) {
            p.overrides().clear();
        }
        s.target().ifPresent(t -> p.targetProperty().set(WindowLessonState.target(t)));
        s.maxLayerRatio().ifPresent(c -> p.maxLayerRatioProperty().set(c));
        // a step that sets a share shows what removing the channels alone does, unless it names a recovery
        s.recovery().or(() -> s.ratio().map(r -> "none")).ifPresent(r -> p.recoveryProperty().set(
                WindowLessonState.recovery(r)));
        s.layer().ifPresent(this::select);
        if (s.ratio().isPresent()) {
            p.byThresholdProperty().set(false);
            p.ratioProperty().set(s.ratio().get());
        }
        s.views().forEach(v -> {
            if (!view.showView(v)) {
                note.set("This step asks for the " + v + " view, which this window does not have.");
            }
        });
        s.threshold().ifPresent(this::setThresholdWhenShown);
    }

    private void select(String layer) {
        NetworkGraph g = main.modelProperty().get() == null ? null : main.modelProperty().get().graph();
        Optional<LayerNode> node = g == null ? Optional.empty() : g.node(layer);
        if (node.isEmpty()) {
            note.set("This step names the layer " + layer + ", which the open model does not have.");
            return;
        }
        view.layers().select(node.get());
    }

    /** The weight views reset their threshold when a layer's weights arrive: set it after they have. */
    private void setThresholdWhenShown(double threshold) {
        if (pendingThreshold != null) {
            view.weights().weightsProperty().removeListener(pendingThreshold);
            pendingThreshold = null;
        }
        LayerNode selected = view.layers().selectedProperty().get();
        LayerWeights shown = view.weights().weightsProperty().get();
        if (selected != null && shown != null && shown.node().name().equals(selected.name())) {
            view.weights().thresholdProperty().set(threshold);
            return;
        }
        pendingThreshold = (obs, old, w) -> {
            LayerNode now = view.layers().selectedProperty().get();
            if (w != null && now != null && w.node().name().equals(now.name())) {
                view.weights().weightsProperty().removeListener(pendingThreshold);
                pendingThreshold = null;
                view.weights().thresholdProperty().set(threshold);
            }
        };
        view.weights().weightsProperty().addListener(pendingThreshold);
    }
}
