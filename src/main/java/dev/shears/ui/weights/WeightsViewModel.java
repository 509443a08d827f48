package dev.shears.ui.weights;

import dev.shears.analysis.FloatValues;
import dev.shears.analysis.Histogram;
import dev.shears.io.LoadedModel;
import dev.shears.model.LayerNode;
import dev.shears.model.ParamTensor;
import dev.shears.ui.task.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * State of the weight views: the selected layer's weights (loaded in the background), the global
 * weight histogram of the model, and the magnitude threshold with its exact pruned/kept counts.
 * The threshold is the single source of truth; the slider, the histogram cut line and the heatmap
 * mask all bind to it.
 */
public final class WeightsViewModel {
    private static final String LOAD_TASK = "layer-weights";
    private static final String GLOBAL_TASK = "global-histogram";

    private final TaskRunner runner;
    private final ObjectProperty<LoadedModel> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<LayerNode> layer = new SimpleObjectProperty<>(this, "layer");
    private final ObjectProperty<LoadedModel> original = new SimpleObjectProperty<>(this, "original");
    private final ObjectProperty<ChannelCut> channelCut = new SimpleObjectProperty<>(this, "channelCut");
    private final ReadOnlyObjectWrapper<Histogram> globalBefore = new ReadOnlyObjectWrapper<>(this, "globalBefore");
    private final ReadOnlyObjectWrapper<LayerWeights> weights = new ReadOnlyObjectWrapper<>(this, "weights");
    private final ReadOnlyObjectWrapper<Histogram> globalHistogram = new ReadOnlyObjectWrapper<>(this, "global");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", 0);
    private final javafx.beans.property.StringProperty selectedChannelText =
            new javafx.beans.property.SimpleStringProperty(this, "selectedChannelText", "");
    private final ReadOnlyLongWrapper prunedCount = new ReadOnlyLongWrapper(this, "prunedCount");
    private final ReadOnlyLongWrapper keptCount = new ReadOnlyLongWrapper(this, "keptCount");

    public WeightsViewModel(TaskRunner runner) {
        this.runner = runner;
        layer.addListener((obs, old, node) -> loadLayer());
        model.addListener((obs, old, m) -> {
            loadGlobalHistogram();
            loadLayer();
        });
        threshold.addListener((obs, old, t) -> recount());
        weights.addListener((obs, old, w) -> recount());
    }

    /** The tensor a layer is drawn from: its weights W (or depthwise W), else its first tensor. */
    public static Optional<ParamTensor> drawableTensor(LayerNode node) {
        if (node == null || node.params().isEmpty()) {
            return Optional.empty();
        }
        return node.params().stream().filter(ParamTensor::isWeight).findFirst()
                .or(() -> Optional.of(node.params().get(0)));
    }

    private void loadLayer() {
        LoadedModel m = model.get();
        LayerNode node = layer.get();
        Optional<ParamTensor> tensor = drawableTensor(node);
        if (m == null || tensor.isEmpty()) {
            weights.set(null);
            return;
        }
        LoadedModel before = original.get();
        runner.submit(LOAD_TASK, "Reading " + node.name() + " weights…",
                (progress, cancellation) -> withBefore(read(m, node, tensor.get(), cancellation), m, before),
                loaded -> {
                    threshold.set(0);
                    weights.set(loaded);
                },
                error -> weights.set(null));
    }

    /** After Apply: the same layer's values in the opened model, for the before/after histogram. */
    private static LayerWeights withBefore(LayerWeights current, LoadedModel m, LoadedModel before) {
        if (before == null || before == m || current.batchNormBeta().isPresent()) {
            return current;
        }
        try {
            return current.withBefore(before.paramView(current.node().name(), current.tensor().key()));
        } catch (IllegalArgumentException layerNotInTheOriginal) {
            return current;
        }
    }

    /** The values stay in the model's own buffer (a DL4J network's): no copy of the tensor is made. */
    private static LayerWeights read(LoadedModel m, LayerNode node, ParamTensor tensor,
                                     dev.shears.task.Cancellation cancellation) {
        FloatValues values = m.paramView(node.name(), tensor.key());
        boolean batchNorm = tensor.key().equals("gamma") && node.params().stream().anyMatch(p -> p.key().equals("beta"));
        return batchNorm ? LayerWeights.ofBatchNorm(node, tensor, values, m.paramValues(node.name(), "beta"))
                : LayerWeights.of(node, tensor, values, cancellation);
    }

    private void loadGlobalHistogram() {
        LoadedModel m = model.get();
        if (m == null) {
            globalHistogram.set(null);
            return;
        }
        LoadedModel before = original.get() == m ? null : original.get();
        globalBefore.set(null);
        runner.submit(GLOBAL_TASK, "Histogram of all weights…", (progress, cancellation) -> {
            double extent = extent(m);
            if (before != null) {
                extent = Math.max(extent, extent(before));
            }
            double low = extent == 0 ? -1 : -extent;
            double high = extent == 0 ? 1 : extent;
            Histogram now = allWeights(m, low, high, cancellation);
            return new Histogram[] {now, before == null ? null : allWeights(before, low, high, cancellation)};
        }, pair -> {
            globalHistogram.set(pair[0]);
            globalBefore.set(pair[1]);
        }, error -> globalHistogram.set(null));
    }

    private static double extent(LoadedModel m) {
        double extent = 0;
        for (LayerNode n : m.graph().nodes()) {
            for (ParamTensor p : n.params()) {
                if (p.isWeight()) {
                    extent = Math.max(extent, Math.max(Math.abs(p.stats().min()), Math.abs(p.stats().max())));
                }
            }
        }
        return extent;
    }

    private static Histogram allWeights(LoadedModel m, double low, double high,
                                        dev.shears.task.Cancellation cancellation) {
        long[] counts = new long[LayerWeights.HISTOGRAM_BINS];
        for (LayerNode n : m.graph().nodes()) {
            for (ParamTensor p : n.params()) {
                if (p.isWeight()) {
                    cancellation.throwIfCancelled();
                    // streamed: a copy of every tensor would cost as much memory as the model
                    m.backend().forEachValue(n.name(), p.key(), v -> counts[Histogram.binOf(v, counts.length, low,
                            high)]++);
                }
            }
        }
        return new Histogram(low, high, counts);
    }

    private void recount() {
        LayerWeights w = weights.get();
        if (w == null) {
            prunedCount.set(0);
            keptCount.set(0);
            return;
        }
        int pruned = w.magnitudes().countBelow(threshold.get());
        prunedCount.set(pruned);
        keptCount.set(w.magnitudes().size() - pruned);
    }

    /** Sets the threshold so that the given fraction of this layer's weights falls below it. */
    public void setPercentBelow(double fraction) {
        LayerWeights w = weights.get();
        if (w != null) {
            threshold.set(w.magnitudes().thresholdForFraction(Math.max(0, Math.min(1, fraction))));
        }
    }

    public double percentBelow() {
        LayerWeights w = weights.get();
        return w == null || w.magnitudes().size() == 0 ? 0 : (double) prunedCount.get() / w.magnitudes().size();
    }

    public ObjectProperty<LoadedModel> modelProperty() {
        return model;
    }

    /** What the pruning panel's structured plan removes from the selected layer's drawn tensor; null: nothing. */
    public ObjectProperty<ChannelCut> channelCutProperty() {
        return channelCut;
    }

    /** The model as opened (history step 0): the "before" of the before/after histograms. */
    public ObjectProperty<LoadedModel> originalProperty() {
        return original;
    }

    /** All weights of the opened model on the global histogram's bins; null until something is applied. */
    public ReadOnlyObjectProperty<Histogram> globalBeforeProperty() {
        return globalBefore.getReadOnlyProperty();
    }

    public ObjectProperty<LayerNode> layerProperty() {
        return layer;
    }

    public ReadOnlyObjectProperty<LayerWeights> weightsProperty() {
        return weights.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Histogram> globalHistogramProperty() {
        return globalHistogram.getReadOnlyProperty();
    }

    /** What the heatmap's clicked filter/neuron is (index, L1, pruned count), for the details panel; "" if none. */
    public javafx.beans.property.StringProperty selectedChannelTextProperty() {
        return selectedChannelText;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    public ReadOnlyLongProperty prunedCountProperty() {
        return prunedCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty keptCountProperty() {
        return keptCount.getReadOnlyProperty();
    }
}
