package dev.shears.ui.weights;

import dev.shears.analysis.Formats;
import dev.shears.analysis.heatmap.Aggregation;
import dev.shears.analysis.heatmap.ColorScaling;
import dev.shears.analysis.heatmap.ColorScheme;
import dev.shears.analysis.heatmap.ConvMosaic;
import dev.shears.analysis.heatmap.HeatmapImage;
import dev.shears.analysis.heatmap.HeatmapRenderer;
import dev.shears.analysis.heatmap.HeatmapSource;
import dev.shears.analysis.heatmap.RenderOptions;
import dev.shears.analysis.heatmap.ThresholdSummary;
import dev.shears.analysis.heatmap.ValueMode;
import dev.shears.analysis.heatmap.Viewport;
import dev.shears.analysis.heatmap.WeightMatrix;
import dev.shears.errors.UserMessages;
import dev.shears.ui.DisplayNames;
import dev.shears.ui.task.TaskRunner;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;

/**
 * The 2D heatmap of the selected layer's weights: Dense W as nIn rows × nOut columns, conv W as
 * square tiles at their true aspect (one row band per output filter, one kH×kW tile per input
 * channel; a first layer's filters in a grid, see {@link ConvMosaic}) with each filter's L1 norm
 * beside or under it. Rendering runs on the TaskRunner at the pane's pixel size through the
 * pure-Java {@link HeatmapRenderer}; this view only blits the result. Wheel / +/− zoom, drag pans,
 * F or the Fit button fits, hover shows the exact weight, click selects an output channel.
 */
public final class HeatmapView extends BorderPane {
    private static final String RENDER_TASK = "heatmap";
    private final WeightsViewModel weights;
    private final TaskRunner runner;
    private final Pane canvasPane = new Pane();
    private final ImageView image = new ImageView();
    private final Rectangle selection = new Rectangle();
    /** Rows and columns the pruning panel's plan would remove, greyed over the image. */
    private final javafx.scene.canvas.Canvas cutOverlay = new javafx.scene.canvas.Canvas();
    private final Label cutInfo = new Label();
    private final L1Strip l1Strip = new L1Strip();
    private final LegendBar legend = new LegendBar();
    private final Label info = new Label();
    private final Label hover = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final ComboBox<Aggregation> aggregation = new ComboBox<>();
    private final ComboBox<ColorScheme> scheme = new ComboBox<>();
    private final ToggleButton magnitude = new ToggleButton("|w|");
    private final ToggleButton log = new ToggleButton("log");
    private final ReadOnlyObjectWrapper<HeatmapSource> source = new ReadOnlyObjectWrapper<>(this, "source");
    private final ReadOnlyObjectWrapper<HeatmapImage> rendered = new ReadOnlyObjectWrapper<>(this, "rendered");
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ReadOnlyObjectWrapper<Integer> selectedChannel = new ReadOnlyObjectWrapper<>(this, "channel");
    private final RendererCache rendererCache = new RendererCache();
    private HeatmapViewport viewport;
    /** Whether the view is the whole tensor as fitted (then a resize fits again; else it keeps the scale). */
    private boolean fitted;
    private double renderedPaneWidth;
    private double renderedPaneHeight;
    private double dragX;
    private double dragY;
    private boolean dragged;

    public HeatmapView(WeightsViewModel weights, TaskRunner runner) {
        this.weights = weights;
        this.runner = runner;
        setId("heatmapView");
        image.setId("heatmapImage");
        image.setSmooth(false);
        selection.setId("heatmapSelection");
        selection.setFill(Color.TRANSPARENT);
        selection.setStroke(Color.web("#111"));
        selection.setStrokeWidth(2);
        selection.setMouseTransparent(true);
        selection.setVisible(false);
        cutOverlay.setMouseTransparent(true);
        cutOverlay.setId("heatmapCut");
        canvasPane.getChildren().addAll(image, l1Strip.bars(), cutOverlay, selection);
        canvasPane.setMinSize(50, 50);
        canvasPane.setFocusTraversable(true);
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setId("heatmapTooltip");
        Tooltip.install(canvasPane, tooltip);
        tooltip.textProperty().bind(hoverText);
        // over a gap between tiles there is nothing to say: no empty bubble
        tooltip.setOnShowing(e -> {
            if (hoverText.get().isEmpty()) {
                javafx.application.Platform.runLater(tooltip::hide);
            }
        });
        hoverText.addListener((obs, old, text) -> {
            if (text.isEmpty()) {
                tooltip.hide();
            }
        });
        hover.setId("heatmapHover");
        hover.textProperty().bind(hoverText);
        info.setId("heatmapInfo");

        setTop(toolbar());
        setCenter(canvasPane);
        setRight(l1Strip);
        cutInfo.setId("heatmapCutInfo");
        cutInfo.managedProperty().bind(cutInfo.textProperty().isNotEmpty());
        VBox bottom = new VBox(4, legend, cutInfo, info, hover);
        bottom.setPadding(new Insets(4, 8, 4, 8));
        setBottom(bottom);

        canvasPane.widthProperty().addListener(o -> paneResized());
        canvasPane.heightProperty().addListener(o -> paneResized());
        weights.weightsProperty().addListener((obs, old, w) -> showLayer(w));
        weights.thresholdProperty().addListener(o -> requestRender());
        weights.channelCutProperty().addListener(o -> drawCut());
        installMouse();
        showLayer(weights.weightsProperty().get());
    }

    private HBox toolbar() {
        Button fit = new Button("Fit");
        fit.setId("heatmapFit");
        fit.setTooltip(new Tooltip("Show the whole tensor (F)"));
        fit.setOnAction(e -> fit());
        Button zoomIn = new Button("+");
        zoomIn.setTooltip(new Tooltip("Zoom in (+ or wheel)"));
        zoomIn.setOnAction(e -> zoomAtCentre(1.5));
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new Tooltip("Zoom out (− or wheel)"));
        zoomOut.setOnAction(e -> zoomAtCentre(1 / 1.5));
        aggregation.getItems().setAll(Aggregation.values());
        aggregation.setValue(Aggregation.MAX_ABS);
        aggregation.setTooltip(new Tooltip("When a pixel covers many weights: the largest |w| (sign kept) "
                + "or the mean — every weight counts, nothing is sampled"));
        scheme.getItems().setAll(ColorScheme.values());
        scheme.setValue(ColorScheme.BLUE_WHITE_RED);
        scheme.setTooltip(new Tooltip("Purple–orange stays readable with colour-vision deficiencies"));
        magnitude.setId("heatmapMagnitude");
        magnitude.setTooltip(new Tooltip("Colour by |w| instead of the signed value"));
        log.setId("heatmapLog");
        log.setTooltip(new Tooltip("Logarithmic colour scale: small weights become visible"));
        for (var control : new javafx.scene.control.Control[] {aggregation, scheme, magnitude, log}) {
            control.setFocusTraversable(false);
        }
        aggregation.valueProperty().addListener(o -> requestRender());
        scheme.valueProperty().addListener(o -> requestRender());
        magnitude.selectedProperty().addListener(o -> requestRender());
        log.selectedProperty().addListener(o -> requestRender());
        aggregation.setConverter(DisplayNames.of(a -> a == Aggregation.MAX_ABS ? "max |w|" : "mean"));
        scheme.setConverter(DisplayNames.of(c -> c == ColorScheme.BLUE_WHITE_RED ? "blue–red"
                : "purple–orange (CVD-safe)"));
        HBox bar = new HBox(6, fit, zoomIn, zoomOut, aggregation, magnitude, log, scheme);
        for (var node : bar.getChildren()) {
            if (node instanceof javafx.scene.control.Control c) {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    private void installMouse() {
        canvasPane.setOnScroll(e -> {
            if (viewport != null && e.getDeltaY() != 0) {
                zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX(), e.getY());
            }
        });
        canvasPane.setOnMousePressed(e -> {
            canvasPane.requestFocus();
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        canvasPane.setOnMouseDragged(e -> {
            if (viewport == null) {
                return;
            }
            dragged = true;
            fitted = false;
            viewport = viewport.pan(e.getX() - dragX, e.getY() - dragY, paneWidth(), paneHeight());
            if (source.get() instanceof ConvMosaic) {
                viewport = viewport.alignedToPixels(paneWidth(), paneHeight());
            }
            dragX = e.getX();
            dragY = e.getY();
            requestRender();
        });
        canvasPane.setOnMouseClicked(e -> {
            if (!dragged) {
                selectChannelAt(e.getX(), e.getY());
            }
        });
        canvasPane.setOnMouseMoved(e -> hoverText.set(describeCell(e.getX(), e.getY()).orElse("")));
        canvasPane.setOnMouseExited(e -> hoverText.set(""));
        canvasPane.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
                zoomAtCentre(1.5);
            } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
                zoomAtCentre(1 / 1.5);
            } else if (e.getCode() == KeyCode.F || e.getCode() == KeyCode.DIGIT0) {
                fit();
            }
        });
    }

    /** Builds the heatmap source of a layer: conv W as a mosaic, dense W as a matrix. */
    static Optional<HeatmapSource> sourceFor(LayerWeights w) {
        if (w == null || !w.tensor().isWeight()) {
            return Optional.empty();
        }
        long[] d = w.tensor().shape().dims();
        if (d.length == 4) {
            return Optional.of(ConvMosaic.laidOut(w.values(), (int) d[0], (int) d[1], (int) d[2], (int) d[3]));
        }
        if (d.length == 2) {
            return Optional.of(WeightMatrix.ofDense(w.values(), (int) d[0], (int) d[1]));
        }
        return Optional.empty();
    }

    private void showLayer(LayerWeights w) {
        HeatmapSource s = sourceFor(w).orElse(null);
        source.set(s);
        selectedChannel.set(null);
        weights.selectedChannelTextProperty().set("");
        selection.setVisible(false);
        l1Strip.show(s instanceof ConvMosaic mosaic ? mosaic : null);
        viewport = null;
        if (s == null) {
            image.setImage(null);
            rendered.set(null);
            info.setText("");
            return;
        }
        info.setText(s instanceof ConvMosaic m ? describeLayout(m) : String.format(Locale.ROOT, "Dense W: %d inputs (rows) × %d outputs (columns)",
                s.rows(), s.columns()));
        fit();
    }

    private static String describeLayout(ConvMosaic m) {
        String shape = String.format(Locale.ROOT, "Conv W [%d, %d, %d, %d]: ", m.outChannels(), m.inChannels(),
                m.kernelHeight(), m.kernelWidth());
        return shape + (m.wrapped()
                ? String.format(Locale.ROOT, "filters in %d rows of %d, L1 bar under each", m.filterRows(),
                        m.filterColumns())
                : String.format(Locale.ROOT, "a row of %d×%d tiles per filter, one per input", m.kernelHeight(),
                        m.kernelWidth()));
    }

    private void fit() {
        HeatmapSource s = source.get();
        if (s == null || paneWidth() < 1 || paneHeight() < 1) {
            return;
        }
        viewport = fitted(s, paneWidth(), paneHeight());
        fitted = true;
        requestRender();
    }

    /** Conv tiles always with square cells; a dense matrix stretched when square cells would leave the pane empty. */
    private static HeatmapViewport fitted(HeatmapSource s, double width, double height) {
        return s instanceof ConvMosaic ? HeatmapViewport.fitSquare(s.rows(), s.columns(), width, height)
                : HeatmapViewport.fit(s.rows(), s.columns(), width, height);
    }

    private void paneResized() {
        if (viewport != null && !fitted && renderedPaneWidth >= 1 && renderedPaneHeight >= 1
                && paneWidth() >= 1 && paneHeight() >= 1) {
            viewport = viewport.resized(renderedPaneWidth, renderedPaneHeight, paneWidth(), paneHeight());
        } else if (fitted) {
            viewport = null; // fitted again at the new size
        }
        requestRender();
    }

    private void zoomAtCentre(double factor) {
        zoom(factor, paneWidth() / 2, paneHeight() / 2);
    }

    private void zoom(double factor, double px, double py) {
        if (viewport != null) {
            fitted = false;
            viewport = source.get() instanceof ConvMosaic
                    ? viewport.zoomToWholePixels(factor, px, py, paneWidth(), paneHeight())
                    : viewport.zoom(factor, px, py, paneWidth(), paneHeight());
            requestRender();
        }
    }

    private double paneWidth() {
        return canvasPane.getWidth();
    }

    private double paneHeight() {
        return canvasPane.getHeight();
    }

    private void requestRender() {
        HeatmapSource s = source.get();
        int pw = (int) Math.floor(paneWidth());
        int ph = (int) Math.floor(paneHeight());
        if (s == null || pw < 1 || ph < 1) {
            return;
        }
        if (viewport == null) {
            viewport = fitted(s, pw, ph);
            fitted = true;
        }
        renderedPaneWidth = paneWidth();
        renderedPaneHeight = paneHeight();
        Viewport request = new Viewport(viewport.x(), viewport.y(), viewport.width(), viewport.height(), pw, ph);
        RenderOptions options = new RenderOptions(aggregation.getValue(),
                magnitude.isSelected() ? ValueMode.MAGNITUDE : ValueMode.SIGNED,
                log.isSelected() ? ColorScaling.LOG : ColorScaling.LINEAR, scheme.getValue(), OptionalDouble.empty());
        double t = weights.thresholdProperty().get();
        OptionalDouble threshold = t > 0 ? OptionalDouble.of(t) : OptionalDouble.empty();
        LayerWeights shown = weights.weightsProperty().get();
        dev.shears.analysis.MagnitudeIndex magnitudes = shown != null && shown.values() == s.values()
                ? shown.magnitudes() : null;
        runner.submitQuietly(RENDER_TASK,
                (progress, cancellation) -> rendererCache.rendererFor(s, magnitudes).render(request, options, threshold,
                        cancellation),
                result -> {
                    if (source.get() == s) {
                        blit(result);
                    }
                },
                error -> info.setText(UserMessages.describe(error, "drawing this tensor")));
    }

    private void blit(HeatmapImage result) {
        HeatmapImages.show(image, result);
        legend.show(result.legend(), result.threshold().orElse(null));
        l1Strip.follow(viewport, paneWidth(), paneHeight());
        placeSelection();
        drawCut();
        rendered.set(result);
    }

    private Optional<String> describeCell(double px, double py) {
        HeatmapSource s = source.get();
        if (s == null || viewport == null) {
            return Optional.empty();
        }
        int row = (int) Math.floor(viewport.rowAt(py, paneHeight()));
        int col = (int) Math.floor(viewport.columnAt(px, paneWidth()));
        if (row < 0 || col < 0 || row >= s.rows() || col >= s.columns() || s.isGapRow(row) || s.isGapColumn(col)) {
            return Optional.empty();
        }
        double cellsPerPixel = Math.max(viewport.width() / paneWidth(), viewport.height() / paneHeight());
        String block = cellsPerPixel > 1.5 ? String.format(Locale.ROOT, "  (one pixel ≈ %.0f × %.0f weights)",
                Math.ceil(viewport.height() / paneHeight()), Math.ceil(viewport.width() / paneWidth())) : "";
        float value = s.valueAt(row, col);
        String where = s instanceof ConvMosaic m ? m.kernelIndexAt(row, col).map(k -> String.format(Locale.ROOT,
                "W[out %d, in %d, y %d, x %d]", k.out(), k.in(), k.y(), k.x())).orElse("")
                : String.format(Locale.ROOT, "W[in %d, out %d]", row, col);
        double t = weights.thresholdProperty().get();
        String pruned = t > 0 && Math.abs(value) < t ? "  — pruned by |w| < " + number(t) : "";
        return Optional.of(where + " = " + number(value) + pruned + block);
    }

    private void selectChannelAt(double px, double py) {
        HeatmapSource s = source.get();
        if (s == null || viewport == null) {
            return;
        }
        int row = (int) Math.floor(viewport.rowAt(py, paneHeight()));
        int col = (int) Math.floor(viewport.columnAt(px, paneWidth()));
        if (row < 0 || col < 0 || row >= s.rows() || col >= s.columns()) {
            return;
        }
        Integer channel = null;
        if (s instanceof ConvMosaic m) {
            channel = m.filterAt(row, col).orElse(null);
        } else {
            channel = col;
        }
        selectedChannel.set(channel);
        placeSelection();
        drawCut();
        if (channel != null) {
            info.setText(describeChannel(s, channel));
        }
        weights.selectedChannelTextProperty().set(channel == null ? "" : describeChannel(s, channel));
    }

    private String describeChannel(HeatmapSource s, int channel) {
        double l1 = 0;
        int count = 0;
        int pruned = 0;
        double t = weights.thresholdProperty().get();
        if (s instanceof ConvMosaic m) {
            int per = m.inChannels() * m.kernelHeight() * m.kernelWidth();
            for (int i = channel * per; i < (channel + 1) * per; i++) {
                float v = m.values().get(i);
                l1 += Math.abs(v);
                pruned += Math.abs(v) < t ? 1 : 0;
            }
            count = per;
            return String.format(Locale.ROOT, "Filter %d selected: %d weights, L1 %s, %d below the threshold",
                    channel, count, number(l1), pruned);
        }
        for (int r = 0; r < s.rows(); r++) {
            float v = s.valueAt(r, channel);
            l1 += Math.abs(v);
            pruned += Math.abs(v) < t ? 1 : 0;
        }
        return String.format(Locale.ROOT, "Output neuron %d selected: %d input weights, L1 %s, %d below the threshold",
                channel, s.rows(), number(l1), pruned);
    }

    /** Greys the filters/neurons and input channels the pruning plan removes from this layer. */
    private void drawCut() {
        HeatmapSource s = source.get();
        ChannelCut cut = weights.channelCutProperty().get();
        LayerWeights w = weights.weightsProperty().get();
        cutOverlay.setWidth(paneWidth());
        cutOverlay.setHeight(paneHeight());
        var g = cutOverlay.getGraphicsContext2D();
        g.clearRect(0, 0, cutOverlay.getWidth(), cutOverlay.getHeight());
        if (s == null || cut == null || viewport == null || w == null || cut.isEmpty()
                || !cut.layer().equals(w.node().name()) || !cut.param().equals(w.tensor().key())) {
            cutInfo.setText("");
            return;
        }
        long[] dims = w.tensor().shape().dims();
        boolean conv = s instanceof ConvMosaic;
        int outAxis = conv ? 0 : 1;
        int inAxis = conv ? 1 : 0;
        cutInfo.setText(String.format(Locale.ROOT, "Pruning preview (dark): %d of %d %s and %d of %d inputs removed",
                cut.along(outAxis).cardinality(), dims[outAxis], conv ? "filters" : "neurons",
                cut.along(inAxis).cardinality(), dims[inAxis]));
        g.setFill(Color.rgb(40, 40, 40, 0.62));
        double top = viewport.pixelY(0, paneHeight());
        double bottom = viewport.pixelY(s.rows(), paneHeight());
        double left = viewport.pixelX(0, paneWidth());
        double right = viewport.pixelX(s.columns(), paneWidth());
        if (s instanceof ConvMosaic m && m.wrapped()) {
            // filters in a grid: each removed filter's block, each removed input's tile in every block column
            cut.along(0).stream().forEach(f -> fillCells(g, m.filterTopRow(f), m.filterLeftColumn(f),
                    m.kernelHeight(), m.blockWidth()));
            for (int b = 0; b < m.filterColumns(); b++) {
                int blockColumn = b;
                forRuns(cut.along(1), (from, to) -> fillColumns(g, m.tileLeftColumn(blockColumn, from),
                        m.tileLeftColumn(blockColumn, to - 1) + m.kernelWidth(), top, bottom));
            }
        } else if (s instanceof ConvMosaic m) {
            forRuns(cut.along(0), (from, to) -> fillRows(g, m.filterTopRow(from),
                    m.filterTopRow(to - 1) + m.kernelHeight(), left, right));
            forRuns(cut.along(1), (from, to) -> fillColumns(g, m.tileLeftColumn(0, from),
                    m.tileLeftColumn(0, to - 1) + m.kernelWidth(), top, bottom));
        } else {
            forRuns(cut.along(0), (from, to) -> fillRows(g, from, to, left, right));
            forRuns(cut.along(1), (from, to) -> fillColumns(g, from, to, top, bottom));
        }
    }

    private void fillCells(javafx.scene.canvas.GraphicsContext g, int row, int column, int rows, int columns) {
        double x0 = viewport.pixelX(column, paneWidth());
        double y0 = viewport.pixelY(row, paneHeight());
        g.fillRect(x0, y0, Math.max(1, viewport.pixelX(column + columns, paneWidth()) - x0),
                Math.max(1, viewport.pixelY(row + rows, paneHeight()) - y0));
    }

    private void fillRows(javafx.scene.canvas.GraphicsContext g, int fromRow, int toRow, double left, double right) {
        double y0 = viewport.pixelY(fromRow, paneHeight());
        double y1 = viewport.pixelY(toRow, paneHeight());
        g.fillRect(left, y0, right - left, Math.max(1, y1 - y0));
    }

    private void fillColumns(javafx.scene.canvas.GraphicsContext g, int fromColumn, int toColumn, double top,
                             double bottom) {
        double x0 = viewport.pixelX(fromColumn, paneWidth());
        double x1 = viewport.pixelX(toColumn, paneWidth());
        g.fillRect(x0, top, Math.max(1, x1 - x0), bottom - top);
    }

    /** Calls {@code run(from, to)} for every run [from, to) of set bits. */
    private static void forRuns(java.util.BitSet bits, java.util.function.BiConsumer<Integer, Integer> run) {
        for (int from = bits.nextSetBit(0); from >= 0; ) {
            int to = bits.nextClearBit(from);
            run.accept(from, to);
            from = bits.nextSetBit(to);
        }
    }

    private void placeSelection() {
        HeatmapSource s = source.get();
        Integer channel = selectedChannel.get();
        if (s == null || channel == null || viewport == null) {
            selection.setVisible(false);
            return;
        }
        if (s instanceof ConvMosaic m) {
            double top = viewport.pixelY(m.filterTopRow(channel), paneHeight());
            double bottom = viewport.pixelY(m.filterTopRow(channel) + m.kernelHeight(), paneHeight());
            double left = viewport.pixelX(m.filterLeftColumn(channel), paneWidth());
            double right = viewport.pixelX(m.filterLeftColumn(channel) + m.blockWidth(), paneWidth());
            selection.relocate(left, top);
            selection.setWidth(Math.max(1, right - left));
            selection.setHeight(Math.max(2, bottom - top));
        } else {
            double left = viewport.pixelX(channel, paneWidth());
            double right = viewport.pixelX(channel + 1, paneWidth());
            selection.relocate(left, viewport.pixelY(0, paneHeight()));
            selection.setWidth(Math.max(2, right - left));
            selection.setHeight(Math.max(1, viewport.pixelY(s.rows(), paneHeight()) - viewport.pixelY(0,
                    paneHeight())));
        }
        selection.setVisible(true);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    public ReadOnlyObjectProperty<HeatmapSource> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HeatmapImage> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> selectedChannelProperty() {
        return selectedChannel.getReadOnlyProperty();
    }

    /** The current view (null before the first render), for tests that aim at a known cell. */
    public HeatmapViewport viewport() {
        return viewport;
    }

    Pane canvasPane() {
        return canvasPane;
    }

    /** One renderer per source, touched only on the TaskRunner's single worker thread. */
    private static final class RendererCache {
        private HeatmapSource source;
        private HeatmapRenderer renderer;

        /** @param magnitudes the layer's magnitude index, shared with the threshold counts; null: build one */
        HeatmapRenderer rendererFor(HeatmapSource s, dev.shears.analysis.MagnitudeIndex magnitudes) {
            if (s != source) {
                source = s;
                renderer = null; // the old one's summaries go before the new ones are built
                renderer = magnitudes == null ? new HeatmapRenderer(s) : new HeatmapRenderer(s, c -> magnitudes);
            }
            return renderer;
        }
    }

    /** Summary of a threshold for the legend line. */
    static String countsText(ThresholdSummary summary) {
        return String.format(Locale.ROOT, "kept %s · pruned %s of %s (%s) by |w| < %s",
                Formats.exact(summary.tensor().kept()), Formats.exact(summary.tensor().pruned()),
                Formats.exact(summary.tensor().total()), Formats.percent(summary.tensor().prunedFraction()),
                number(summary.threshold()));
    }
}
