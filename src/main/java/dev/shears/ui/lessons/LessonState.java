package dev.shears.ui.lessons;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a lesson's condition can ask of the app, read from its real view models
 * ({@link WindowLessonState}). Every figure is the one the window shows at that moment.
 */
public interface LessonState {
    /** The open model's file name without its extension ("lenet-5"), if a model is open. */
    Optional<String> modelName();

    /** The layer selected in the tree (and the graph), if any. */
    Optional<String> selectedLayer();

    /** The layers lit with the selected one: its channel group. */
    Set<String> coupledLayers();

    /** The names of the tabs shown now, lower case: "heatmap", "histogram", "3d", "sensitivity", "layers", "graph". */
    Set<String> shownViews();

    /** "channels" or "weights". */
    String mode();

    /** The criterion's recipe name ("l1", "bn-gamma"). */
    String criterion();

    /** "global", "every-layer" or "selected-layer". */
    String target();

    /** The share to remove set in the pruning panel. */
    double ratio();

    /** What follows removing channels in the pruning panel: "refit", "batchnorm" or "none". */
    String recovery();

    /** The global ranking's per-layer cap set in the pruning panel. */
    double maxLayerRatio();

    /** The selected layer's share of weights under the weight views' threshold (greyed), if it has weights. */
    OptionalDouble maskedShare();

    /** The share of a layer's channels (or weights) the pruning choice keeps, if it is known. */
    OptionalDouble keptShare(String layer);

    /** The share of parameters the pruning choice keeps, if its impact is known. */
    OptionalDouble paramsKept();

    /** The share of MACs the pruning choice keeps, if its impact is known. */
    OptionalDouble macsKept();

    /** The previewed validation accuracy once it is complete. */
    OptionalDouble accuracy();

    /** The index of the current step of the history: 0 for the opened model, 1 after one Apply. */
    int currentStep();

    /** Whether the sensitivity scan has a result for the open model. */
    boolean sensitivityScanned();

    /** The fine-tune window's schedule: "oneshot" or "agp". */
    String schedule();

    /** The fine-tune window's steps of the gradual schedule. */
    int agpSteps();
}
