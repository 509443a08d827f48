package dev.shears.ui.graph;

import dev.shears.analysis.graph.GraphLayout;
import dev.shears.model.LayerNode;
import dev.shears.ui.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.stage.FileChooser;

/**
 * The model as a layered graph: a box per node (name, type, output shape; coloured by the share the
 * pruning choice keeps), edges labelled with the tensor shapes they carry. Click selects a node,
 * the layers coupled with the selected one light up; wheel or +/− zooms, drag pans, F fits; the
 * context menu and the toolbar export SVG or PNG.
 */
public final class GraphView extends BorderPane {
    static final double MIN_SCALE = 0.01;
    static final double MAX_SCALE = 4;
    static final double MARGIN = 12;
    /** At first sight the graph is shown at least this large (then from its top), so names stay readable. */
    static final double READABLE_SCALE = 0.6;
    /** A PNG is at most this many pixels on its long side (a common texture limit) and this many in all. */
    static final double PNG_MAX_SIDE = 16_384;
    static final double PNG_MAX_AREA = 40e6;

    private final GraphViewModel viewModel;
    private final Pane viewport = new Pane();
    private final Group drawing = new Group();
    private final Group content = new Group(drawing);
    private final Translate translate = new Translate();
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Label placeholder = new Label();
    private final Map<String, NodeCell> cells = new LinkedHashMap<>();
    private GraphViewModel.Drawing shown;
    private boolean firstView;
    private double dragX;
    private double dragY;

    public GraphView(GraphViewModel viewModel) {
        this.viewModel = viewModel;
        setId("graphView");
        content.getTransforms().setAll(translate, scale);
        viewport.getChildren().add(content);
        viewport.setId("graphViewport");
        viewport.setFocusTraversable(true);
        viewport.setStyle("-fx-background-color: white;");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        viewport.setMinSize(0, 0);
        viewport.setPrefSize(300, 300); // a 20,000-unit drawing must not make the viewport ask for that much room
        placeholder.getStyleClass().add(Styles.EMPTY_STATE);
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(viewModel.statusProperty());
        placeholder.visibleProperty().bind(viewModel.drawingProperty().isNull());
        placeholder.setMouseTransparent(true);
        HBox legend = legend();
        StackPane centre = new StackPane(viewport, placeholder, legend);
        StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
        StackPane.setMargin(legend, new Insets(0, 0, 8, 8));
        centre.setMinSize(0, 0);
        // the graph is drawn on white paper in either theme, as its SVG and PNG exports are: text over it
        // (the legend, "Laying out…") takes the paper's colours, not the theme's (not set on the viewport,
        // whose context menu would inherit them)
        for (Region onPaper : new Region[] {legend, placeholder}) {
            onPaper.setStyle(onPaper.getStyle() + " -color-fg-default: " + GraphStyle.TEXT + "; -color-fg-muted: "
                    + GraphStyle.MUTED_TEXT + ";");
        }
        setTop(toolbar());
        setCenter(centre);
        installMouseAndKeys();
        viewport.setOnContextMenuRequested(e -> contextMenu().show(viewport, e.getScreenX(), e.getScreenY()));

        viewModel.drawingProperty().addListener((obs, old, d) -> show(d));
        viewModel.keptSharesProperty().addListener((obs, old, k) -> restyle());
        viewModel.coupledProperty().addListener((obs, old, c) -> {
            restyle();
            java.util.Set<String> lit = new java.util.LinkedHashSet<>(c);
            LayerNode selected = viewModel.selectedProperty().get();
            if (selected != null && !c.isEmpty()) {
                lit.add(selected.name());
            }
            revealAll(lit);
        });
        viewModel.selectedProperty().addListener((obs, old, s) -> {
            restyle();
            if (s != null) {
                reveal(s.name());
            }
        });
        viewport.widthProperty().addListener((obs, old, w) -> firstViewWhenSized());
        viewport.heightProperty().addListener((obs, old, h) -> firstViewWhenSized());
        show(viewModel.drawingProperty().get());
    }

    private HBox toolbar() {
        Button fit = new Button("Fit");
        fit.setId("graphFit");
        fit.setTooltip(new Tooltip("Show the whole graph (F)"));
        fit.setOnAction(e -> fit());
        Button zoomIn = new Button("+");
        zoomIn.setTooltip(new Tooltip("Zoom in (+ or the wheel)"));
        zoomIn.setOnAction(e -> zoomAtCentre(1.25));
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new Tooltip("Zoom out (− or the wheel)"));
        zoomOut.setOnAction(e -> zoomAtCentre(0.8));
        Button svg = new Button("SVG…");
        svg.setId("graphExportSvg");
        svg.setTooltip(new Tooltip("Export the graph as an SVG drawing"));
        svg.setOnAction(e -> chooseSvg());
        Button png = new Button("PNG…");
        png.setId("graphExportPng");
        png.setTooltip(new Tooltip("Export the graph as a PNG image"));
        png.setOnAction(e -> choosePng());
        for (Button b : List.of(svg, png)) {
            b.disableProperty().bind(viewModel.drawingProperty().isNull());
        }
        Label status = new Label();
        status.getStyleClass().add(Styles.MUTED);
        status.textProperty().bind(viewModel.statusProperty());
        status.setMinWidth(0);
        status.visibleProperty().bind(viewModel.drawingProperty().isNotNull());
        HBox bar = new HBox(6, fit, zoomIn, zoomOut, svg, png, status);
        for (Node node : bar.getChildren()) {
            if (node instanceof Button b) {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    /**
     * Colour key of the share of output channels (structured) or weights (unstructured) a layer keeps
     * under the pruning choice, over the drawing's bottom-left corner; layers without weights stay neutral.
     */
    private HBox legend() {
        HBox legend = new HBox(4);
        legend.setAlignment(Pos.CENTER_LEFT);
        legend.setPadding(new Insets(3, 6, 3, 6));
        legend.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        legend.setStyle("-fx-background-color: rgba(255,255,255,0.88); -fx-background-radius: 4;"
                + " -fx-border-color: #d5dae3; -fx-border-radius: 4; -fx-font-size: 11px;");
        Label title = new Label("Keeps");
        title.getStyleClass().add(Styles.MUTED);
        legend.getChildren().add(title);
        for (double share : new double[] {1, 0.75, 0.5, 0.25, 0.05}) {
            Rectangle swatch = new Rectangle(14, 12, Color.web(GraphStyle.fill(share)));
            swatch.setStroke(Color.web(GraphStyle.BORDER));
            swatch.setArcWidth(3);
            swatch.setArcHeight(3);
            Label label = new Label(GraphStyle.percent(share).replace(" %", ""), swatch);
            label.getStyleClass().add(Styles.MUTED);
            label.setMinWidth(Region.USE_PREF_SIZE);
            legend.getChildren().add(label);
        }
        Label unit = new Label("%");
        unit.getStyleClass().add(Styles.MUTED);
        legend.getChildren().add(unit);
        legend.visibleProperty().bind(viewModel.drawingProperty().isNotNull());
        // a key, not a control: clicks and drags reach the graph beneath it
        legend.setMouseTransparent(true);
        return legend;
    }

    private ContextMenu contextMenu() {
        MenuItem fit = new MenuItem("Fit (F)");
        fit.setOnAction(e -> fit());
        MenuItem in = new MenuItem("Zoom In (+)");
        in.setOnAction(e -> zoomAtCentre(1.25));
        MenuItem out = new MenuItem("Zoom Out (−)");
        out.setOnAction(e -> zoomAtCentre(0.8));
        MenuItem svg = new MenuItem("Export as SVG…");
        svg.setOnAction(e -> chooseSvg());
        MenuItem png = new MenuItem("Export as PNG…");
        png.setOnAction(e -> choosePng());
        svg.setDisable(shown == null);
        png.setDisable(shown == null);
        return new ContextMenu(fit, in, out, new SeparatorMenuItem(), svg, png);
    }

    private void installMouseAndKeys() {
        viewport.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                zoom(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY());
            }
            e.consume();
        });
        viewport.setOnMousePressed(e -> {
            viewport.requestFocus();
            dragX = e.getX();
            dragY = e.getY();
        });
        viewport.setOnMouseDragged(e -> {
            translate.setX(translate.getX() + e.getX() - dragX);
            translate.setY(translate.getY() + e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
        });
        viewport.setOnKeyPressed(e -> {
            KeyCode code = e.getCode();
            if (code == KeyCode.PLUS || code == KeyCode.EQUALS || code == KeyCode.ADD) {
                zoomAtCentre(1.25);
            } else if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
                zoomAtCentre(0.8);
            } else if (code == KeyCode.F || code == KeyCode.DIGIT0) {
                fit();
            } else {
                return;
            }
            e.consume();
        });
    }

    // ---- drawing ----

    private void show(GraphViewModel.Drawing d) {
        // the same network after Apply, undo or redo: the view stays where the user put it
        boolean sameNodes = d != null && shown != null && shown.layout().nodes().stream().map(GraphLayout.Box::name)
                .toList().equals(d.layout().nodes().stream().map(GraphLayout.Box::name).toList());
        shown = d;
        cells.clear();
        drawing.getChildren().clear();
        if (d == null) {
            return;
        }
        GraphLayout layout = d.layout();
        Rectangle page = new Rectangle(0, 0, layout.width(), layout.height());
        page.setFill(Color.TRANSPARENT);
        page.setMouseTransparent(true);
        Group edges = new Group();
        for (GraphLayout.Route route : layout.edges()) {
            edges.getChildren().addAll(edge(route));
        }
        Group nodes = new Group();
        Map<String, LayerNode> byName = d.graph().byName();
        for (GraphLayout.Box box : layout.nodes()) {
            NodeCell cell = new NodeCell(byName.get(box.name()), box);
            cells.put(box.name(), cell);
            nodes.getChildren().add(cell);
        }
        drawing.getChildren().addAll(page, edges, nodes);
        restyle();
        firstView = !sameNodes;
        firstViewWhenSized();
    }

    private static List<Node> edge(GraphLayout.Route route) {
        Polyline line = new Polyline();
        for (GraphLayout.Point p : route.points()) {
            line.getPoints().addAll(p.x(), p.y());
        }
        line.setStroke(Color.web(GraphStyle.EDGE));
        line.strokeWidthProperty().bind(dev.shears.ui.LineWidths.scaleProperty().multiply(1.2));
        line.setFill(null);
        line.setMouseTransparent(true);
        GraphLayout.Point tip = route.points().get(route.points().size() - 1);
        GraphLayout.Point before = route.points().get(Math.max(0, route.points().size() - 2));
        double angle = Math.atan2(tip.y() - before.y(), tip.x() - before.x());
        if (route.points().size() < 2 || tip.equals(before)) {
            angle = Math.PI / 2;
        }
        double length = 7;
        double half = 3.5;
        double bx = tip.x() - length * Math.cos(angle);
        double by = tip.y() - length * Math.sin(angle);
        Polygon arrow = new Polygon(tip.x(), tip.y(), bx + half * Math.sin(angle), by - half * Math.cos(angle),
                bx - half * Math.sin(angle), by + half * Math.cos(angle));
        arrow.setFill(Color.web(GraphStyle.EDGE));
        arrow.setMouseTransparent(true);
        if (route.label().isEmpty() || route.labelBox().isEmpty()) {
            return List.of(line, arrow);
        }
        GraphLayout.Box box = route.labelBox().get();
        Text label = new Text(box.x() + 1, box.y() + GraphStyle.LABEL_SIZE, route.label().get());
        label.setFont(FontSizer.LABEL);
        label.setFill(Color.web(GraphStyle.EDGE_LABEL));
        label.setMouseTransparent(true);
        return List.of(line, arrow, label);
    }

    /** Colours, texts and highlights from the kept shares, the coupling and the selection. */
    private void restyle() {
        Map<String, Double> kept = viewModel.keptSharesProperty().get();
        Set<String> coupled = viewModel.coupledProperty().get();
        LayerNode selected = viewModel.selectedProperty().get();
        for (NodeCell cell : cells.values()) {
            cell.update(kept, coupled.contains(cell.node.name()),
                    selected != null && selected.name().equals(cell.node.name()));
        }
    }

    /** One node: its box, a glow behind it when selected (blue) or coupled (purple), and three lines of text. */
    final class NodeCell extends Group {
        static final String STYLE_CLASS = "graph-node";
        static final String SELECTED = "selected";
        static final String COUPLED = "coupled";
        final LayerNode node;
        final GraphLayout.Box box;
        private final Rectangle glow;
        private final Rectangle rect;
        private final Text name;
        private final Text type;
        private final Text shape;
        private Map<String, Double> kept = Map.of();

        NodeCell(LayerNode node, GraphLayout.Box box) {
            this.node = node;
            this.box = box;
            getStyleClass().add(STYLE_CLASS);
            setUserData(node.name());
            glow = new Rectangle(box.x() - 4, box.y() - 4, box.width() + 8, box.height() + 8);
            glow.setArcWidth(16);
            glow.setArcHeight(16);
            glow.setFill(Color.web(GraphStyle.COUPLED_GLOW));
            rect = new Rectangle(box.x(), box.y(), box.width(), box.height());
            rect.setArcWidth(10);
            rect.setArcHeight(10);
            double top = box.y() + GraphStyle.PAD_Y;
            name = text(GraphStyle.name(node), FontSizer.NAME, top + GraphStyle.NAME_SIZE);
            type = text("", FontSizer.LINE, top + GraphStyle.NAME_LINE + GraphStyle.LINE_SIZE);
            shape = text(GraphStyle.shape(node), FontSizer.LINE,
                    top + GraphStyle.NAME_LINE + GraphStyle.LINE + GraphStyle.LINE_SIZE);
            getChildren().addAll(glow, rect, name, type, shape);
            setCursor(javafx.scene.Cursor.HAND);
            Tooltip tip = new Tooltip();
            tip.setOnShowing(e -> tip.setText(GraphStyle.tooltip(node, kept)));
            Tooltip.install(this, tip);
            setOnMouseClicked(e -> {
                if (e.isStillSincePress() && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
                    viewModel.select(node.name());
                }
            });
        }

        private Text text(String content, javafx.scene.text.Font font, double baseline) {
            Text t = new Text(content);
            t.setFont(font);
            t.setY(baseline);
            centre(t);
            return t;
        }

        private void centre(Text t) {
            t.setX(box.centerX() - t.getLayoutBounds().getWidth() / 2);
        }

        void update(Map<String, Double> kept, boolean coupled, boolean selected) {
            this.kept = kept;
            String fill = GraphStyle.fill(kept.get(node.name()));
            rect.setFill(Color.web(fill));
            rect.setStroke(Color.web(selected ? GraphStyle.SELECTED_BORDER
                    : coupled ? GraphStyle.COUPLED_BORDER : GraphStyle.BORDER));
            rect.setStrokeWidth(dev.shears.ui.LineWidths.of(selected ? 3 : coupled ? 2.5 : 1));
            glow.setVisible(coupled || selected);
            glow.setFill(Color.web(selected ? GraphStyle.SELECTED_GLOW : GraphStyle.COUPLED_GLOW));
            type.setText(GraphStyle.typeLine(node, kept));
            centre(type);
            Color text = Color.web(GraphStyle.textOn(fill));
            name.setFill(text);
            type.setFill(text);
            shape.setFill(text);
            getStyleClass().removeAll(SELECTED, COUPLED);
            if (selected) {
                getStyleClass().add(SELECTED);
            }
            if (coupled) {
                getStyleClass().add(COUPLED);
            }
        }

        boolean isSelected() {
            return getStyleClass().contains(SELECTED);
        }

        boolean isCoupled() {
            return getStyleClass().contains(COUPLED);
        }

        Color fill() {
            return (Color) rect.getFill();
        }

        Color strokeColour() {
            return (Color) rect.getStroke();
        }

        boolean glowing() {
            return glow.isVisible();
        }

        String typeText() {
            return type.getText();
        }
    }

    // ---- zoom and pan ----

    private void firstViewWhenSized() {
        if (!firstView || shown == null || viewport.getWidth() <= 0 || viewport.getHeight() <= 0) {
            return;
        }
        firstView = false;
        GraphLayout layout = shown.layout();
        double w = viewport.getWidth() - 2 * MARGIN;
        double h = viewport.getHeight() - 2 * MARGIN;
        double whole = Math.min(w / layout.width(), h / layout.height());
        if (whole >= READABLE_SCALE) {
            fit();
            return;
        }
        // too tall to read whole (ResNet-50): as wide as fits, readable, from the top or the selection
        double s = Math.max(READABLE_SCALE, Math.min(1, w / layout.width()));
        setView(s, Math.max(MARGIN, (viewport.getWidth() - layout.width() * s) / 2), MARGIN);
        LayerNode selected = viewModel.selectedProperty().get();
        if (selected != null) {
            reveal(selected.name());
        }
    }

    /** The whole graph in view, centred; never larger than 150 %. */
    public void fit() {
        if (shown == null || viewport.getWidth() <= 0) {
            return;
        }
        GraphLayout layout = shown.layout();
        double s = Math.min(1.5, Math.min((viewport.getWidth() - 2 * MARGIN) / layout.width(),
                (viewport.getHeight() - 2 * MARGIN) / layout.height()));
        s = Math.max(MIN_SCALE, s);
        setView(s, (viewport.getWidth() - layout.width() * s) / 2, (viewport.getHeight() - layout.height() * s) / 2);
    }

    private void zoomAtCentre(double factor) {
        zoom(factor, viewport.getWidth() / 2, viewport.getHeight() / 2);
    }

    /** Zooms by {@code factor} keeping the point under (px, py) of the viewport in place. */
    void zoom(double factor, double px, double py) {
        double s = scale.getX();
        double next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, s * factor));
        double lx = (px - translate.getX()) / s;
        double ly = (py - translate.getY()) / s;
        setView(next, px - lx * next, py - ly * next);
    }

    private void setView(double s, double tx, double ty) {
        scale.setX(s);
        scale.setY(s);
        translate.setX(tx);
        translate.setY(ty);
    }

    /** Pans, keeping the zoom, so that the node is in view (centred when it was out of view). */
    private void reveal(String name) {
        NodeCell cell = cells.get(name);
        if (cell == null || viewport.getWidth() <= 0 || firstView) {
            return;
        }
        double s = scale.getX();
        if (!inView(name)) {
            translate.setX(viewport.getWidth() / 2 - cell.box.centerX() * s);
            translate.setY(viewport.getHeight() / 2 - cell.box.centerY() * s);
        }
    }

    /**
     * Pans so that the lit nodes are in view: centred on them when any is out of view, zoomed out as far as a group
     * larger than the view needs.
     */
    private void revealAll(java.util.Collection<String> names) {
        if (names == null || names.isEmpty() || viewport.getWidth() <= 0 || firstView) {
            return;
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (String name : names) {
            NodeCell cell = cells.get(name);
            if (cell != null) {
                minX = Math.min(minX, cell.box.x());
                minY = Math.min(minY, cell.box.y());
                maxX = Math.max(maxX, cell.box.x() + cell.box.width());
                maxY = Math.max(maxY, cell.box.y() + cell.box.height());
            }
        }
        if (minX == Double.POSITIVE_INFINITY) {
            return;
        }
        double s = scale.getX();
        double x0 = translate.getX() + minX * s;
        double y0 = translate.getY() + minY * s;
        double x1 = translate.getX() + maxX * s;
        double y1 = translate.getY() + maxY * s;
        if (x0 >= 0 && y0 >= 0 && x1 <= viewport.getWidth() && y1 <= viewport.getHeight()) {
            return;
        }
        // zoomed out as far as the whole group needs, but not below readable text: a group taller than that (a
        // small pane, readers far down the graph) is shown around its selected layer
        double fits = Math.min((viewport.getWidth() - 2 * MARGIN) / (maxX - minX),
                (viewport.getHeight() - 2 * MARGIN) / (maxY - minY));
        double next = Math.min(s, Math.max(fits, Math.min(s, READABLE_SCALE)));
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        LayerNode selected = viewModel.selectedProperty().get();
        if (next > fits && selected != null && cells.containsKey(selected.name())) {
            cx = cells.get(selected.name()).box.centerX();
            cy = cells.get(selected.name()).box.centerY();
        }
        setView(next, viewport.getWidth() / 2 - cx * next, viewport.getHeight() / 2 - cy * next);
    }

    /** Whether the named node lies wholly in the viewport now. */
    boolean inView(String name) {
        NodeCell cell = cells.get(name);
        if (cell == null) {
            return false;
        }
        double s = scale.getX();
        double x0 = translate.getX() + cell.box.x() * s;
        double y0 = translate.getY() + cell.box.y() * s;
        return x0 >= 0 && y0 >= 0 && x0 + cell.box.width() * s <= viewport.getWidth()
                && y0 + cell.box.height() * s <= viewport.getHeight();
    }

    /** The current zoom (1 = 100 %). */
    double zoomLevel() {
        return scale.getX();
    }

    /** Where a layout point is in the viewport's coordinates. */
    javafx.geometry.Point2D toViewport(double x, double y) {
        return new javafx.geometry.Point2D(translate.getX() + x * scale.getX(), translate.getY() + y * scale.getY());
    }

    Optional<NodeCell> cell(String name) {
        return Optional.ofNullable(cells.get(name));
    }

    Pane viewport() {
        return viewport;
    }

    // ---- export ----

    private void chooseSvg() {
        choose("SVG drawing (*.svg)", "*.svg", ".svg").ifPresent(viewModel::exportSvg);
    }

    private void choosePng() {
        choose("PNG image (*.png)", "*.png", ".png").ifPresent(this::exportPng);
    }

    private Optional<Path> choose(String description, String pattern, String extension) {
        if (shown == null || getScene() == null) {
            return Optional.empty();
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the graph");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        chooser.setInitialFileName(viewModel.baseNameProperty().get() + "-graph" + extension);
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file == null) {
            return Optional.empty();
        }
        Path path = file.toPath();
        return Optional.of(path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(extension) ? path
                : path.resolveSibling(path.getFileName() + extension));
    }

    /**
     * Snapshots the whole drawing on the FX thread — at 2× for crisp text, less for a drawing as tall as
     * ResNet-50's — and encodes it in the background.
     */
    void exportPng(Path file) {
        if (shown == null) {
            return;
        }
        GraphLayout layout = shown.layout();
        double k = Math.min(2, Math.min(PNG_MAX_SIDE / Math.max(layout.width(), layout.height()),
                Math.sqrt(PNG_MAX_AREA / (layout.width() * layout.height()))));
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.WHITE);
        params.setTransform(new Scale(k, k));
        params.setViewport(new javafx.geometry.Rectangle2D(0, 0, Math.ceil(layout.width() * k),
                Math.ceil(layout.height() * k)));
        WritableImage image = drawing.snapshot(params, null);
        viewModel.exportPng(file, image);
    }
}
