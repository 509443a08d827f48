package dev.shears.ui.compare;

import dev.shears.analysis.heatmap.Aggregation;
import dev.shears.analysis.heatmap.ColorScaling;
import dev.shears.analysis.heatmap.ColorScheme;
import dev.shears.analysis.heatmap.HeatmapImage;
import dev.shears.analysis.heatmap.HeatmapRenderer;
import dev.shears.analysis.heatmap.RenderOptions;
import dev.shears.analysis.heatmap.ValueMode;
import dev.shears.analysis.heatmap.Viewport;
import dev.shears.analysis.heatmap.WeightDifference;
import dev.shears.errors.UserMessages;
import dev.shears.ui.DisplayNames;
import dev.shears.ui.task.TaskRunner;
import dev.shears.ui.weights.HeatmapViewport;
import dev.shears.ui.weights.LegendBar;
import java.util.Locale;
import java.util.OptionalDouble;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * B − A of the selected layer's weights as a heatmap on a diverging scale centred at 0 (white: unchanged; the
 * scheme's negative colour: the weight went down, e.g. a positive weight zeroed by pruning), drawn by the same
 * {@link HeatmapRenderer} as the weights view, at the pane's pixel size on the TaskRunner. Wheel / +/− zoom, drag
 * pans, F fits; hovering shows A, B and B − A of the weight under the mouse. For a layer without an element-wise
 * difference only the sentence saying why is shown.
 */
final class DifferenceView extends BorderPane {
    static final String RENDER_TASK = "compare-heatmap";

    private final TaskRunner runner;
    private final CompareViewModel viewModel;
    private final Pane canvasPane = new Pane();
    private final ImageView image = new ImageView();
    /** The same scale with ticks as the weights' heatmap: ids differenceLegend, differenceCounts. */
    private final LegendBar legend = new LegendBar("difference");
    private final ComboBox<ColorScheme> scheme = new ComboBox<>(FXCollections.observableArrayList(ColorScheme.values()));
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ReadOnlyObjectWrapper<HeatmapImage> rendered = new ReadOnlyObjectWrapper<>(this, "rendered");
    private CompareViewModel.Difference shown;
    private HeatmapRenderer renderer;
    private HeatmapViewport viewport;
    private double dragX;
    private double dragY;

    DifferenceView(CompareViewModel viewModel, TaskRunner runner) {
        this.viewModel = viewModel;
        this.runner = runner;
        setId("differenceView");
        Label note = new Label();
        note.setId("differenceNote");
        note.setWrapText(true);
        note.textProperty().bind(viewModel.differenceNoteProperty());
        scheme.setId("differenceScheme");
        scheme.setValue(ColorScheme.BLUE_WHITE_RED);
        scheme.setTooltip(new Tooltip("Colours of the difference: blue–white–red, or purple–white–orange (readable"
                + " with any colour vision)"));
        scheme.setConverter(DisplayNames.of(c -> c == ColorScheme.BLUE_WHITE_RED ? "blue–white–red"
                : "purple–white–orange"));
        scheme.valueProperty().addListener(o -> requestRender());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, note, spacer, scheme);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(note, Priority.SOMETIMES);
        scheme.visibleProperty().bind(viewModel.differenceProperty().isNotNull());

        image.setId("differenceImage");
        image.setSmooth(false);
        canvasPane.getChildren().add(image);
        canvasPane.setMinSize(50, 50);
        canvasPane.setFocusTraversable(true);
        canvasPane.visibleProperty().bind(viewModel.differenceProperty().isNotNull());
        Tooltip tooltip = new Tooltip();
        tooltip.setShowDelay(javafx.util.Duration.millis(150));
        tooltip.textProperty().bind(hoverText);
        Tooltip.install(canvasPane, tooltip);

        legend.visibleProperty().bind(viewModel.differenceProperty().isNotNull());
        Label hover = new Label();
        hover.setId("differenceHover");
        hover.textProperty().bind(hoverText);
        VBox bottom = new VBox(4, legend, hover);
        bottom.setPadding(new Insets(4, 0, 0, 0));

        setTop(top);
        setCenter(canvasPane);
        setBottom(bottom);
        BorderPane.setMargin(top, new Insets(0, 0, 4, 0));

        viewModel.differenceProperty().addListener((obs, old, d) -> show(d));
        canvasPane.widthProperty().addListener(o -> requestRender());
        canvasPane.heightProperty().addListener(o -> requestRender());
        installMouse();
    }

    private void show(CompareViewModel.Difference d) {
        shown = d;
        renderer = null;
        viewport = null;
        hoverText.set("");
        image.setImage(null);
        rendered.set(null);
        if (d != null) {
            fit();
        }
    }

    private void installMouse() {
        canvasPane.setOnScroll(e -> {
            if (viewport != null && e.getDeltaY() != 0) {
                viewport = viewport.zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX(), e.getY(), width(), height());
                requestRender();
            }
        });
        canvasPane.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            canvasPane.requestFocus();
        });
        canvasPane.setOnMouseDragged(e -> {
            if (viewport != null) {
                viewport = viewport.pan(e.getX() - dragX, e.getY() - dragY, width(), height());
                dragX = e.getX();
                dragY = e.getY();
                requestRender();
            }
        });
        canvasPane.setOnMouseMoved(e -> hoverText.set(describeCell(e.getX(), e.getY())));
        canvasPane.setOnMouseExited(e -> hoverText.set(""));
        canvasPane.setOnKeyPressed(e -> {
            if (viewport == null) {
                return;
            }
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
                viewport = viewport.zoom(1.5, width() / 2, height() / 2, width(), height());
                requestRender();
            } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
                viewport = viewport.zoom(1 / 1.5, width() / 2, height() / 2, width(), height());
                requestRender();
            } else if (e.getCode() == KeyCode.F || e.getCode() == KeyCode.DIGIT0) {
                fit();
            }
        });
    }

    private void fit() {
        if (shown == null || width() < 1 || height() < 1) {
            return;
        }
        viewport = HeatmapViewport.fit(shown.values().source().rows(), shown.values().source().columns(), width(),
                height());
        requestRender();
    }

    private void requestRender() {
        CompareViewModel.Difference d = shown;
        int pw = (int) Math.floor(width());
        int ph = (int) Math.floor(height());
        if (d == null || pw < 1 || ph < 1) {
            return;
        }
        if (viewport == null) {
            viewport = HeatmapViewport.fit(d.values().source().rows(), d.values().source().columns(), pw, ph);
        }
        if (renderer == null) {
            renderer = new HeatmapRenderer(d.values().source());
        }
        HeatmapRenderer r = renderer;
        Viewport request = new Viewport(viewport.x(), viewport.y(), viewport.width(), viewport.height(), pw, ph);
        RenderOptions options = new RenderOptions(Aggregation.MAX_ABS, ValueMode.SIGNED, ColorScaling.LINEAR,
                scheme.getValue(), OptionalDouble.empty());
        runner.submitQuietly(RENDER_TASK, (progress, cancellation) -> r.render(request, options, OptionalDouble.empty(),
                cancellation), result -> {
                    if (shown == d) {
                        blit(result);
                    }
                }, error -> hoverText.set(UserMessages.describe(error, "drawing the difference")));
    }

    private void blit(HeatmapImage result) {
        dev.shears.ui.weights.HeatmapImages.show(image, result);
        legend.showScale(result.legend(), "B − A  (white: unchanged)", false);
        rendered.set(result);
    }

    /** "W[out 3, in 0, y 2, x 1]  A 0.1234 · B 0 · B − A −0.1234", or "" off the weights. */
    private String describeCell(double px, double py) {
        CompareViewModel.Difference d = shown;
        if (d == null || viewport == null) {
            return "";
        }
        int row = (int) Math.floor(viewport.rowAt(py, height()));
        int column = (int) Math.floor(viewport.columnAt(px, width()));
        WeightDifference values = d.values();
        if (!values.holdsValue(row, column)) {
            return "";
        }
        double cellsPerPixel = Math.max(viewport.width() / width(), viewport.height() / height());
        String block = cellsPerPixel > 1.5 ? String.format(Locale.ROOT, "  (one pixel ≈ %.0f × %.0f weights: it"
                        + " shows the largest |B − A| among them)", Math.ceil(viewport.height() / height()),
                Math.ceil(viewport.width() / width())) : "";
        return String.format(Locale.ROOT, "%s %s[%s]   A %s · B %s · B − A %s%s", d.layer(), d.tensor().key(),
                values.positionAt(row, column), number(values.firstAt(row, column)),
                number(values.secondAt(row, column)), number(values.differenceAt(row, column)), block);
    }

    private double width() {
        return canvasPane.getWidth();
    }

    private double height() {
        return canvasPane.getHeight();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replace('-', '−');
    }

    /** The last image drawn (null while none), for tests that read its pixels. */
    ReadOnlyObjectProperty<HeatmapImage> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    /** The current view (null before the first render): tests aim at a known cell with it. */
    HeatmapViewport viewport() {
        return viewport;
    }

    Pane canvasPane() {
        return canvasPane;
    }

    ImageView image() {
        return image;
    }
}
