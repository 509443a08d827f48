package dev.shears.ui.weights;

import dev.shears.model.LayerNode;
import dev.shears.ui.LazyTab;
import dev.shears.ui.Styles;
import dev.shears.ui.task.TaskRunner;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The centre of the window: views of the selected layer's weights and the threshold that links them. */
public final class WeightsPane extends BorderPane {
    private final WeightsViewModel viewModel;
    /** What the weight views say instead of a drawing: none selected, reading, or why the layer has none. */
    private final StringProperty explanation = new SimpleStringProperty(this, "explanation");
    /** Whether the selected layer has a tensor to draw (the layer histogram shows, else the explanation). */
    private final BooleanProperty drawable = new SimpleBooleanProperty(this, "drawable");
    private final TabPane tabs;

    public WeightsPane(WeightsViewModel viewModel, TaskRunner runner) {
        this.viewModel = viewModel;
        HeatmapView heatmap = new HeatmapView(viewModel, runner);
        BatchNormBarsView batchNorm = new BatchNormBarsView();
        Label noHeatmap = new Label();
        noHeatmap.getStyleClass().add(Styles.EMPTY_STATE);
        noHeatmap.setWrapText(true);
        noHeatmap.textProperty().bind(explanation);
        heatmap.visibleProperty().bind(heatmap.sourceProperty().isNotNull());
        batchNorm.visibleProperty().bind(viewModel.weightsProperty().map(w -> w.batchNormBeta().isPresent())
                .orElse(false));
        noHeatmap.visibleProperty().bind(heatmap.visibleProperty().not().and(batchNorm.visibleProperty().not()));
        Runnable showBatchNorm = () -> {
            LayerWeights w = viewModel.weightsProperty().get();
            if (w != null && w.batchNormBeta().isPresent()) {
                batchNorm.show(w.values().toArray(), w.batchNormBeta().get(), viewModel.thresholdProperty().get());
            }
        };
        viewModel.weightsProperty().addListener(o -> showBatchNorm.run());
        viewModel.thresholdProperty().addListener(o -> showBatchNorm.run());
        Tab heatmapTab = new Tab("Heatmap", new StackPane(heatmap, batchNorm, noHeatmap));
        heatmapTab.setTooltip(new Tooltip("Weights as an image: Dense nIn × nOut, conv as a filter mosaic"));
        // the histograms and the 3D surface are made when their tab is first selected
        Tab histogramTab = new LazyTab("Histogram", this::histograms);
        histogramTab.setId("histogramTab");
        Tab surfaceTab = new LazyTab("3D", this::surface);
        surfaceTab.setId("surfaceTab");
        surfaceTab.setTooltip(new Tooltip("Height and colour = weight value; drag to rotate, wheel to zoom"));
        TabPane tabs = new TabPane(heatmapTab, histogramTab, surfaceTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("weightTabs");
        setCenter(tabs);
        this.tabs = tabs;
        ThresholdBar bar = new ThresholdBar(viewModel);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setBottom(bar);

        viewModel.layerProperty().addListener((obs, old, node) -> explain(node));
        explain(viewModel.layerProperty().get());
    }

    private VBox histograms() {
        HistogramView layerHistogram = new HistogramView("Selected layer");
        HistogramView globalHistogram = new HistogramView("All layers");
        layerHistogram.setId("layerHistogram");
        globalHistogram.setId("globalHistogram");
        layerHistogram.histogramProperty().bind(viewModel.weightsProperty().map(LayerWeights::histogram));
        layerHistogram.thresholdProperty().bindBidirectional(viewModel.thresholdProperty());
        globalHistogram.histogramProperty().bind(viewModel.globalHistogramProperty());
        layerHistogram.beforeProperty().bind(viewModel.weightsProperty().map(w -> w.before().orElse(null)));
        globalHistogram.beforeProperty().bind(viewModel.globalBeforeProperty());
        CheckBox log = new CheckBox("Log counts");
        log.setId("histogramLog");
        log.setTooltip(new Tooltip("Logarithmic count axis: shows the sparse tails"));
        layerHistogram.logCountsProperty().bind(log.selectedProperty());
        globalHistogram.logCountsProperty().bind(log.selectedProperty());
        layerHistogram.visibleProperty().bind(drawable);
        Label noWeights = new Label();
        noWeights.getStyleClass().add(Styles.EMPTY_STATE);
        noWeights.setWrapText(true);
        noWeights.setId("noWeights");
        noWeights.textProperty().bind(explanation);
        noWeights.visibleProperty().bind(drawable.not());
        StackPane layerSlot = new StackPane(layerHistogram, noWeights);
        VBox.setVgrow(layerSlot, Priority.ALWAYS);
        VBox.setVgrow(globalHistogram, Priority.ALWAYS);
        VBox histograms = new VBox(8, new HBox(log), layerSlot, globalHistogram);
        histograms.setPadding(new Insets(8));
        return histograms;
    }

    private Surface3DView surface() {
        Surface3DView surface = new Surface3DView();
        surface.weightsProperty().bind(viewModel.weightsProperty());
        surface.thresholdProperty().bind(viewModel.thresholdProperty());
        return surface;
    }

    /** Adds a view beside the weight views (e.g. the sensitivity scan, which needs the width). */
    public void addTab(Tab tab) {
        tabs.getTabs().add(tab);
    }

    private void explain(LayerNode node) {
        boolean drawable = WeightsViewModel.drawableTensor(node).isPresent();
        this.drawable.set(drawable);
        explanation.set(node == null ? "Select a layer to see its weights."
                : drawable ? "Reading " + node.name() + "'s weights…"
                : node.name() + " (" + node.kind().displayName() + ") has no weights: it "
                + whatItDoes(node) + ". Select a Dense, Conv2D or BatchNorm layer.");
    }

    private static String whatItDoes(LayerNode node) {
        return switch (node.kind()) {
            case INPUT -> "is where examples enter the network";
            case POOLING -> "keeps the maximum or mean of each window";
            case GLOBAL_POOLING -> "averages each channel over the whole image";
            case ACTIVATION -> "applies a fixed function to each value";
            case PREPROCESSOR -> "only reshapes activations between layers";
            case ELEMENT_WISE -> "adds its inputs element by element";
            case MERGE -> "concatenates its inputs' channels";
            case DROPOUT -> "drops activations at random during training only";
            default -> "has no trainable tensors";
        };
    }
}
