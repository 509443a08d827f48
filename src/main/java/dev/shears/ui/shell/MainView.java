package dev.shears.ui.shell;

import dev.shears.StartupReport;
import dev.shears.io.SampleLocations;
import dev.shears.samples.SampleArchitectures;
import dev.shears.ui.LazyTab;
import dev.shears.ui.Styles;
import dev.shears.ui.Theme;
import dev.shears.ui.Themes;
import dev.shears.ui.data.DataDialog;
import dev.shears.ui.data.DataViewModel;
import dev.shears.ui.details.LayerDetailsView;
import dev.shears.ui.export.ExportDialog;
import dev.shears.ui.export.ExportResultDialog;
import dev.shears.ui.export.ExportViewModel;
import dev.shears.ui.graph.GraphView;
import dev.shears.ui.graph.GraphViewModel;
import dev.shears.ui.history.HistoryView;
import dev.shears.ui.layers.LayerTableView;
import dev.shears.ui.layers.LayerTableViewModel;
import dev.shears.ui.pruning.PruningPanel;
import dev.shears.ui.pruning.PruningViewModel;
import dev.shears.ui.sensitivity.SensitivityView;
import dev.shears.ui.sensitivity.SensitivityViewModel;
import dev.shears.ui.task.TaskListView;
import dev.shears.ui.task.TaskRunner;
import dev.shears.ui.tune.FineTuneViewModel;
import dev.shears.ui.tune.FineTuneWindow;
import dev.shears.ui.weights.ChannelCut;
import dev.shears.ui.weights.WeightsPane;
import dev.shears.ui.weights.WeightsViewModel;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.beans.binding.Bindings;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;

/**
 * The main window's content: menu, layer tree, details panel and status bar. The work area (tree,
 * weights, details, pruning panel: thousands of nodes, seconds of CPU for their skins and CSS) is built
 * right after the first frame, while the model loads on another thread (a model read sooner waits for
 * that frame); its tabs hidden at start are made on their first selection ({@link LazyTab}).
 */
public final class MainView extends BorderPane {
    private final MainViewModel viewModel;
    private final LayerTableViewModel layers = new LayerTableViewModel();
    private LayerTableView layerView;
    private final WeightsViewModel weights;
    private final PruningViewModel pruning;
    private final ExportViewModel exporter;
    private final FineTuneViewModel tuner;
    private final SensitivityViewModel sensitivity;
    private final dev.shears.ui.compare.CompareViewModel compare;
    private dev.shears.ui.compare.CompareWindow compareWindow;
    private final dev.shears.ui.sensitivity.BudgetFitViewModel budgetFit;
    private final GraphViewModel graph;
    private final javafx.scene.control.TabPane layerTabs = new javafx.scene.control.TabPane();
    private final Menu recentMenu = new Menu("Open _Recent");
    private final StackPane centre = new StackPane();
    private final ReadOnlyBooleanWrapper workAreaBuilt = new ReadOnlyBooleanWrapper(this, "workAreaBuilt");
    /** Set at the first pulse that laid the window out; the work area is built from then on. */
    private boolean firstFrameLaidOut;
    private File lastFolder;
    private Path exportFolder;
    private FineTuneWindow tuneWindow;
    /** The work area's parts, kept for {@link #showParts} (presentation mode shows only a lesson step's). */
    private SplitPane split;
    /** The split's places for the weights and the side tabs until the tree has shown the model. */
    private final Region weightsSlot = new Region();
    private final Region sideSlot = new Region();
    /**
     * Holds the pruning panel's place (about its height, shears.css) until it joins: the tree's first layout then
     * has the rows it will keep, not a taller pane's trailing empty rows, whose cells cost as much as the layers'.
     */
    private final Region pruningSlot = new Region();
    private BorderPane work;
    private boolean restAttached;
    private WeightsPane weightsPane;
    private javafx.scene.control.TabPane sideTabs;
    private PruningPanel pruningPanel;
    private final javafx.beans.property.ObjectProperty<java.util.Set<String>> shownViews =
            new javafx.beans.property.SimpleObjectProperty<>(this, "shownViews", java.util.Set.of());
    private dev.shears.ui.lessons.LessonController lessons;
    private final Notifier notifier;
    /** Held here: the theme's property outlives the window and holds it only weakly. */
    private javafx.beans.value.ChangeListener<Theme> themeListener;

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        this.weights = new WeightsViewModel(viewModel.runner());
        this.pruning = new PruningViewModel(viewModel.runner(), viewModel);
        this.sensitivity = new SensitivityViewModel(viewModel.runner(), viewModel);
        this.compare = new dev.shears.ui.compare.CompareViewModel(viewModel.runner());
        this.budgetFit = new dev.shears.ui.sensitivity.BudgetFitViewModel(viewModel.runner(), viewModel, sensitivity,
                pruning);
        this.exporter = new ExportViewModel(viewModel.runner(), viewModel, sensitivity::table);
        this.tuner = new FineTuneViewModel(viewModel.runner(), viewModel, () -> pruning.specProperty().get());
        exporter.lastResultProperty().addListener((obs, old, result) -> {
            if (result != null && result.exported()) {
                ExportResultDialog.show(getScene().getWindow(), result);
            }
        });
        // the open model's graph, or while the first model loads its outline (decision 0030)
        layers.graphProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> {
            var m = viewModel.modelProperty().get();
            return m != null ? m.graph() : viewModel.outlineProperty().get();
        }, viewModel.modelProperty(), viewModel.outlineProperty()));
        pruning.selectedLayerProperty().bind(layers.selectedProperty());
        layers.keptSharesProperty().bind(pruning.keptSharesProperty());
        layers.coupledProperty().bind(pruning.coupledProperty());
        pruning.overrides().addListener((javafx.collections.MapChangeListener<String, Double>) c ->
                layers.overriddenProperty().set(java.util.Set.copyOf(pruning.overrides().keySet())));
        layers.keepEditorProperty().set(pruning::setKeep);
        this.graph = new GraphViewModel(viewModel.runner());
        graph.graphProperty().bind(layers.graphProperty());
        graph.keptSharesProperty().bind(pruning.keptSharesProperty());
        graph.coupledProperty().bind(pruning.coupledProperty());
        graph.selectedProperty().bind(layers.selectedProperty());
        graph.selectorProperty().set(layers::select);
        graph.errorsProperty().set(viewModel::reportError);
        graph.baseNameProperty().bind(viewModel.modelProperty().map(m -> m.file().getFileName().toString()
                .replaceFirst("\\.[^.]+$", "")));

        setTop(menuBar());
        setCenter(centre);
        // beside the lesson panel the work area gives way (and clips) rather than push the panel out of the window
        centre.setMinWidth(0);
        javafx.scene.shape.Rectangle centreClip = new javafx.scene.shape.Rectangle();
        centreClip.widthProperty().bind(centre.widthProperty());
        centreClip.heightProperty().bind(centre.heightProperty());
        centre.setClip(centreClip);
        centre.getChildren().add(emptyState());
        setBottom(bottom(viewModel.runner()));
        notifier = new Notifier(this, viewModel.notices());
        installDragAndDrop();
        buildWorkAreaAfterFirstFrame();
        viewModel.modelProperty().addListener((obs, old, m) -> {
            // a model read before the first frame (its load starts with the window) waits for that frame
            if (firstFrameLaidOut) {
                buildWorkArea();
                Platform.runLater(layerView::focusTable);
            }
        });
        viewModel.inputShapeRequestProperty().addListener((obs, old, request) -> {
            if (request != null) {
                Platform.runLater(() -> InputShapeDialog.ask(getScene() == null ? null : getScene().getWindow(),
                        request).ifPresentOrElse(viewModel::answerInputShape, viewModel::keepGuessedInputShape));
            }
        });
        viewModel.lastErrorProperty().addListener((obs, old, message) -> {
            if (message != null) {
                Dialogs.showError(getScene() == null ? null : getScene().getWindow(), message,
                        viewModel::clearError);
            }
        });
        // reported before the window was built (the start-up's model opens first): shown once it is up
        UserMessage early = viewModel.lastErrorProperty().get();
        if (early != null) {
            Platform.runLater(() -> Dialogs.showError(getScene() == null ? null : getScene().getWindow(), early,
                    viewModel::clearError));
        }
    }

    public LayerTableViewModel layers() {
        return layers;
    }

    public GraphViewModel graph() {
        return graph;
    }

    public WeightsViewModel weights() {
        return weights;
    }

    public PruningViewModel pruning() {
        return pruning;
    }

    /** Notifications of background work that ended (scans, fine-tunes, exports). */
    public Notifier notifier() {
        return notifier;
    }

    public FineTuneViewModel tuner() {
        return tuner;
    }

    public ExportViewModel exporter() {
        return exporter;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("_Open…");
        open.setId("menuOpen");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseAndOpen());

        Menu samples = new Menu("Open _Sample");
        samples.setId("menuSamples");
        for (String name : SampleArchitectures.NAMES) {
            MenuItem item = new MenuItem(name);
            item.setOnAction(e -> viewModel.openSample(name));
            samples.getItems().add(item);
        }
        recentMenu.setId("menuRecent");
        viewModel.recentFiles().addListener((javafx.collections.ListChangeListener<Path>) c -> fillRecent());
        fillRecent();

        MenuItem data = new MenuItem("_Data…");
        data.setId("menuData");
        data.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        data.setOnAction(e -> editData());
        data.disableProperty().bind(viewModel.modelProperty().isNull());

        MenuItem compareWith = new MenuItem("_Compare with…");
        compareWith.setId("menuCompare");
        compareWith.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+C"));
        compareWith.setOnAction(e -> chooseAndCompare());
        compareWith.disableProperty().bind(viewModel.modelProperty().isNull());

        MenuItem find = new MenuItem("_Find Layer");
        find.setAccelerator(KeyCombination.keyCombination("Shortcut+F"));
        find.setOnAction(e -> {
            layerTabs.getSelectionModel().selectFirst();
            if (layerView != null) {
                layerView.focusSearch();
            }
        });

        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> Platform.exit());

        Menu file = new Menu("_File", null, open, samples, recentMenu, new SeparatorMenuItem(), data, compareWith, find,
                new SeparatorMenuItem(), quit);
        MenuItem about = new MenuItem("_About Shears");
        about.setAccelerator(KeyCombination.keyCombination("F1"));
        about.setOnAction(e -> Dialogs.showAbout(getScene().getWindow()));
        MenuItem showLog = new MenuItem("Show _Log");
        showLog.setId("menuShowLog");
        showLog.setOnAction(e -> LogWindow.show(getScene().getWindow(), viewModel.settingsFolder()));
        MenuItem lessonsItem = new MenuItem("_Lessons");
        lessonsItem.setId("menuLessons");
        lessonsItem.setAccelerator(KeyCombination.keyCombination("Shortcut+L"));
        lessonsItem.setOnAction(e -> lessons().show());
        Menu help = new Menu("_Help", null, lessonsItem, showLog, new SeparatorMenuItem(), about);

        javafx.scene.control.CheckMenuItem presentationItem = new javafx.scene.control.CheckMenuItem("_Presentation");
        presentationItem.setId("menuPresentation");
        presentationItem.setAccelerator(KeyCombination.keyCombination("F11"));
        presentationItem.selectedProperty().bindBidirectional(presentation().activeProperty());
        Menu view = new Menu("_View", null, presentationItem, themeMenu());

        MenuItem undo = new MenuItem("_Undo");
        undo.setId("menuUndo");
        undo.setAccelerator(KeyCombination.keyCombination("Shortcut+Z"));
        undo.setOnAction(e -> viewModel.undo());
        undo.disableProperty().bind(viewModel.currentStepProperty().lessThanOrEqualTo(0));
        MenuItem redo = new MenuItem("_Redo");
        redo.setId("menuRedo");
        redo.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+Z"));
        redo.setOnAction(e -> viewModel.redo());
        Menu edit = new Menu("_Edit", null, undo, redo);

        MenuItem apply = new MenuItem("_Apply Pruning");
        apply.setId("menuApply");
        apply.setAccelerator(KeyCombination.keyCombination("Shortcut+Enter"));
        apply.setOnAction(e -> pruning.apply());
        apply.disableProperty().bind(pruning.specProperty().isNull().or(pruning.applyingProperty())
                .or(pruning.problemProperty().isNotEmpty()));
        MenuItem tune = new MenuItem("_Fine-tune…");
        tune.setId("menuFineTune");
        tune.setAccelerator(KeyCombination.keyCombination("Shortcut+T"));
        tune.setOnAction(e -> fineTune());
        MenuItem export = new MenuItem("_Export…");
        export.setId("menuExport");
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.setOnAction(e -> export());
        Menu prune = new Menu("_Prune", null, apply, tune, new SeparatorMenuItem(), export);
        prune.disableProperty().bind(viewModel.modelProperty().isNull());
        return new MenuBar(file, edit, view, prune, help);
    }

    /**
     * View ▸ Theme ▸ Light / Dark (F12 switches): applied at once to every window and remembered in the
     * settings folder for the next start.
     */
    private static final KeyCombination SWITCH_THEME = KeyCombination.keyCombination("F12");

    private Menu themeMenu() {
        javafx.scene.control.ToggleGroup themes = new javafx.scene.control.ToggleGroup();
        Menu menu = new Menu("_Theme");
        menu.setId("menuTheme");
        for (Theme theme : Theme.values()) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(theme.label());
            item.setId("menuTheme" + theme.label());
            item.setToggleGroup(themes);
            item.setUserData(theme);
            item.setSelected(Themes.current() == theme);
            item.setOnAction(e -> chooseTheme(theme));
            menu.getItems().add(item);
        }
        // the theme can change elsewhere (another main window in tests): the radio items and the root follow;
        // F12 is the other theme's item's shortcut, so it switches back and forth
        javafx.beans.value.ChangeListener<Theme> follow = (obs, old, theme) -> {
            for (javafx.scene.control.MenuItem item : menu.getItems()) {
                javafx.scene.control.RadioMenuItem radio = (javafx.scene.control.RadioMenuItem) item;
                radio.setSelected(radio.getUserData() == theme);
                radio.setAccelerator(radio.getUserData() == theme ? null : SWITCH_THEME);
            }
            getStyleClass().remove(Theme.DARK_STYLE_CLASS);
            if (theme.dark()) {
                getStyleClass().add(Theme.DARK_STYLE_CLASS);
            }
        };
        themeListener = follow;
        Themes.currentProperty().addListener(new javafx.beans.value.WeakChangeListener<>(follow));
        follow.changed(null, null, Themes.current());
        return menu;
    }

    /** Shows {@code theme} now and remembers it for the next start. */
    public void chooseTheme(Theme theme) {
        Themes.apply(theme);
        Themes.remember(viewModel.settingsFolder(), theme);
    }

    private void fillRecent() {
        List<Path> recent = viewModel.recentFiles();
        recentMenu.getItems().clear();
        for (Path p : recent) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> viewModel.open(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recent.isEmpty());
    }

    // ---- hooks for lessons and presentation mode (ui.lessons) ----

    /** The lesson panel beside the work area, made on first use. */
    public dev.shears.ui.lessons.LessonController lessons() {
        if (lessons == null) {
            lessons = new dev.shears.ui.lessons.LessonController(this, viewModel);
        }
        return lessons;
    }

    /** Presentation mode (View ▸ Presentation, F11), made on first use. */
    public dev.shears.ui.lessons.PresentationMode presentation() {
        return lessons().presentation();
    }

    public FineTuneViewModel fineTuning() {
        return tuner;
    }

    /** The names of the tabs shown now, lower case ("layers", "graph", "heatmap", "histogram", "3d", "sensitivity"). */
    public javafx.beans.property.ReadOnlyObjectProperty<java.util.Set<String>> shownViewsProperty() {
        return shownViews;
    }

    /** Selects the tab with this name (as {@link #shownViewsProperty()} names it); false if there is none. */
    public boolean showView(String name) {
        buildWorkArea();
        attachRest();
        for (javafx.scene.control.TabPane pane : tabPanes()) {
            for (javafx.scene.control.Tab tab : pane.getTabs()) {
                if (tab.getText().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                    pane.getSelectionModel().select(tab);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Shows only these parts of the work area ("tree", "weights", "details", "pruning", and "sizes": the
     * pruning panel with its table of sizes), in their usual order; all of them when {@code parts} is empty.
     */
    public void showParts(java.util.Set<String> parts) {
        buildWorkArea();
        attachRest();
        boolean all = parts.isEmpty();
        List<javafx.scene.Node> items = new java.util.ArrayList<>();
        if (all || parts.contains("tree")) {
            items.add(layerTabs);
        }
        if (all || parts.contains("weights")) {
            items.add(weightsPane);
        }
        if (all || parts.contains("details")) {
            items.add(sideTabs);
        }
        if (!items.equals(split.getItems())) {
            split.getItems().setAll(items);
            double[] positions = items.size() == 3 ? new double[] {0.40, 0.79}
                    : items.size() == 2 ? new double[] {items.contains(layerTabs) ? 0.38 : 0.6} : new double[0];
            split.setDividerPositions(positions);
            // the split makes its new dividers at its next layout, which resets positions set before it
            Platform.runLater(() -> split.setDividerPositions(positions));
        }
        boolean pruningShown = all || parts.contains("pruning") || parts.contains("sizes");
        pruningPanel.setVisible(pruningShown);
        pruningPanel.setManaged(pruningShown);
        pruningPanel.showSizesTable(all || parts.contains("sizes"));
        // a step that needs only the pruning panel gets the whole height for it
        if (items.isEmpty() && pruningShown) {
            work.setBottom(null);
            work.setCenter(pruningPanel);
        } else if (work.getCenter() != split) {
            work.setCenter(split);
            work.setBottom(pruningPanel);
        }
    }

    private List<javafx.scene.control.TabPane> tabPanes() {
        List<javafx.scene.control.TabPane> panes = new java.util.ArrayList<>();
        panes.add(layerTabs);
        if (weightsPane != null && weightsPane.getCenter() instanceof javafx.scene.control.TabPane weightTabs) {
            panes.add(weightTabs);
        }
        return panes;
    }

    private final javafx.beans.InvalidationListener updateShownViews = o -> shownViews.set(tabPanes().stream()
            .map(p -> p.getSelectionModel().getSelectedItem()).filter(java.util.Objects::nonNull)
            .map(t -> t.getText().toLowerCase(java.util.Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet()));

    private void trackShownViews(javafx.scene.control.TabPane pane) {
        pane.getSelectionModel().selectedItemProperty().addListener(updateShownViews);
        updateShownViews.invalidated(null);
    }

    /** Whether the work area is in the window (it follows the first frame). */
    public ReadOnlyBooleanProperty workAreaBuiltProperty() {
        return workAreaBuilt.getReadOnlyProperty();
    }

    /**
     * Queues {@link #buildWorkArea} behind the first pulse that lays out the window, so the first frame
     * has only the menu, the status bar (with the model's "Opening…") and the empty state to style.
     */
    private void buildWorkAreaAfterFirstFrame() {
        sceneProperty().addListener(new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable observable) {
                javafx.scene.Scene scene = getScene();
                if (scene == null) {
                    return;
                }
                sceneProperty().removeListener(this);
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    firstFrameLaidOut = true;
                    Platform.runLater(() -> {
                        buildWorkArea();
                        if (viewModel.modelProperty().get() != null) {
                            Platform.runLater(layerView::focusTable);
                        }
                    });
                };
                scene.addPostLayoutPulseListener(once[0]);
            }
        });
    }

    /** Puts the work area under the empty state, once. */
    private void buildWorkArea() {
        if (workAreaBuilt.get()) {
            return;
        }
        layerView = new LayerTableView(layers);
        centre.getChildren().add(0, workArea());
        workAreaBuilt.set(true);
        StartupReport.mark("work area built");
    }

    /**
     * The weights, the side tabs and the pruning panel join the window in the event after the pulse that laid
     * the layer tree out with the model's layers (its outline at start): that first layout is then the tree's
     * alone, not the skins and CSS of every pane as well (decision 0031).
     */
    private void attachRestWhenTreeShown() {
        javafx.beans.InvalidationListener check = new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable o) {
                if (restAttached || layers.graphProperty().get() == null || getScene() == null) {
                    return;
                }
                layers.graphProperty().removeListener(this);
                javafx.scene.Scene scene = getScene();
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    Platform.runLater(MainView.this::attachRest);
                };
                scene.addPostLayoutPulseListener(once[0]);
                Platform.requestNextPulse();
            }
        };
        layers.graphProperty().addListener(check);
        check.invalidated(null);
    }

    /** Puts the weights, side tabs and pruning panel into the work area, once. */
    private void attachRest() {
        if (restAttached) {
            return;
        }
        restAttached = true;
        buildRest();
        double[] positions = split.getDividerPositions();
        split.getItems().setAll(layerTabs, weightsPane, sideTabs);
        split.setDividerPositions(positions);
        // the split makes its new dividers at its next layout, which resets positions set before it
        Platform.runLater(() -> split.setDividerPositions(positions));
        work.setBottom(pruningPanel);
        if (weightsPane.getCenter() instanceof javafx.scene.control.TabPane weightTabs) {
            trackShownViews(weightTabs);
        }
    }

    private Label emptyState() {
        Label empty = new Label();
        empty.textProperty().bind(viewModel.openingProperty().map(file -> "Opening " + file.getFileName() + "…")
                .orElse("Open a model: File ▸ Open (Ctrl+O), File ▸ Open Sample, or drop a model file (.zip, .h5, "
                        + ".onnx) here."));
        empty.getStyleClass().add(Styles.EMPTY_STATE);
        empty.setId("emptyState");
        empty.visibleProperty().bind(layers.graphProperty().isNull());
        StackPane.setAlignment(empty, Pos.CENTER);
        return empty;
    }

    /**
     * The layer tabs in a split whose other places (weights, side tabs) and the pruning panel below are filled
     * by {@link #attachRest} once the tree has shown the model.
     */
    private BorderPane workArea() {
        weights.originalProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> viewModel.history().isEmpty() ? null : viewModel.history().get(0).model(), viewModel.history()));
        weights.modelProperty().bind(viewModel.modelProperty());
        weights.channelCutProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> {
            var plan = pruning.previewPlanProperty().get();
            var w = weights.weightsProperty().get();
            return plan instanceof dev.shears.pruning.plan.PruningPlan structured && w != null
                    ? ChannelCut.of(structured, w.node().name(), w.tensor().key()) : null;
        }, pruning.previewPlanProperty(), weights.weightsProperty()));
        weights.layerProperty().bind(layers.selectedProperty());
        // hidden at start, so made on first selection: History, Sensitivity, Graph (and in WeightsPane the
        // histograms and 3D); their view models are wired from the start, the views bind when made
        javafx.scene.control.Tab layersTab = new javafx.scene.control.Tab("Layers", layerView);
        layersTab.setId("layersTab");
        javafx.scene.control.Tab graphTab = new LazyTab("Graph", () -> new GraphView(graph));
        graphTab.setId("graphTab");
        graphTab.setTooltip(new Tooltip("The model as a layered graph: click a node to select it"));
        graph.activeProperty().bind(graphTab.selectedProperty());
        layerTabs.getTabs().setAll(layersTab, graphTab);
        layerTabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        split = new SplitPane(layerTabs, weightsSlot, sideSlot);
        split.setDividerPositions(0.40, 0.79);
        work = new BorderPane(split);
        pruningSlot.getStyleClass().add("pruning-panel-place");
        work.setBottom(pruningSlot);
        attachRestWhenTreeShown();
        trackShownViews(layerTabs);
        layerView.setPadding(new Insets(8, 4, 8, 8));
        work.visibleProperty().bind(layers.graphProperty().isNotNull());
        return work;
    }

    /** The weights, the side tabs (details, history) and the pruning panel. */
    private void buildRest() {
        LayerDetailsView details = new LayerDetailsView(layers.selectedProperty(), weights.selectedChannelTextProperty());
        javafx.scene.control.Tab detailsTab = new javafx.scene.control.Tab("Details", details);
        javafx.scene.control.Tab historyTab = new LazyTab("History", () -> new HistoryView(viewModel, this::compareSteps));
        historyTab.setId("historyTab");
        javafx.scene.control.TabPane side = new javafx.scene.control.TabPane(detailsTab, historyTab);
        sideTabs = side;
        side.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        // show the history as soon as there is something to go back to
        viewModel.currentStepProperty().addListener((obs, old, step) -> {
            if (step.intValue() > 0) {
                side.getSelectionModel().select(historyTab);
            }
        });
        if (viewModel.currentStepProperty().get() > 0) {
            side.getSelectionModel().select(historyTab);
        }
        weightsPane = new WeightsPane(weights, viewModel.runner());
        javafx.scene.control.Tab sensitivityTab = new LazyTab("Sensitivity",
                () -> new SensitivityView(sensitivity, this::pickFromSensitivity, budgetFit));
        sensitivityTab.setId("sensitivityTab");
        sensitivityTab.setTooltip(new javafx.scene.control.Tooltip(
                "How much accuracy each channel group loses when pruned alone"));
        weightsPane.addTab(sensitivityTab);
        pruningPanel = new PruningPanel(pruning, this::fineTune, this::export);
    }

    /** The task list (hidden until asked for) above the status bar. */
    private VBox bottom(TaskRunner runner) {
        TaskListView tasks = new TaskListView(runner);
        tasks.setVisible(false);
        tasks.managedProperty().bind(tasks.visibleProperty());
        return new VBox(tasks, statusBar(runner, tasks));
    }

    private HBox statusBar(TaskRunner runner, TaskListView tasks) {
        Label summary = new Label();
        summary.setId("statusModel");
        summary.textProperty().bind(viewModel.modelSummaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label message = new Label();
        message.setId("taskMessage");
        message.textProperty().bind(runner.messageProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("taskProgress");
        progress.setPrefWidth(140);
        progress.progressProperty().bind(runner.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelTask");
        cancel.setTooltip(new Tooltip("Stop the running task (Esc)"));
        cancel.setOnAction(e -> runner.cancelCurrent());
        for (var node : List.of(message, progress, cancel)) {
            node.visibleProperty().bind(runner.runningProperty());
            node.managedProperty().bind(runner.runningProperty());
        }
        Button showTasks = new Button();
        showTasks.setId("showTasks");
        showTasks.textProperty().bind(Bindings.createStringBinding(() -> runner.activeCountProperty().get() == 0
                ? "Tasks" : "Tasks (" + runner.activeCountProperty().get() + ")", runner.activeCountProperty()));
        showTasks.setTooltip(new Tooltip("Running and recent tasks, each with its progress and its own Cancel"
                + " (Ctrl+Shift+T)"));
        showTasks.setOnAction(e -> tasks.setVisible(!tasks.isVisible()));
        HBox bar = new HBox(summary, spacer, message, progress, cancel, showTasks);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add(Styles.STATUS_BAR);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+Shift+T"),
                        () -> tasks.setVisible(!tasks.isVisible()));
                scene.setOnKeyPressed(e -> {
                    if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && runner.runningProperty().get()) {
                        runner.cancelCurrent();
                    }
                });
            }
        });
        return bar;
    }

    /** A sensitivity cell was clicked: that group's layer gets the ratio, in channel mode. */
    private void pickFromSensitivity(String layer, double ratio) {
        pruning.modeProperty().set(dev.shears.pruning.PruningMode.STRUCTURED);
        pruning.setKeep(layer, 1 - ratio).ifPresent(problem ->
                viewModel.reportError(new UserMessage("Cannot use this ratio", problem)));
    }

    public SensitivityViewModel sensitivity() {
        return sensitivity;
    }

    public dev.shears.ui.sensitivity.BudgetFitViewModel budgetFit() {
        return budgetFit;
    }

    private void fineTune() {
        if (tuneWindow == null) {
            tuneWindow = new FineTuneWindow(getScene().getWindow(), tuner,
                    getClass().getResource(Styles.STYLESHEET).toExternalForm());
        }
        tuneWindow.show();
    }

    /** A fresh dialog each time, so it starts from the data the model has now. */
    private void editData() {
        new DataDialog(getScene().getWindow(), new DataViewModel(viewModel),
                getClass().getResource(Styles.STYLESHEET).toExternalForm()).show();
    }

    private void export() {
        java.util.Optional<String> problem = exporter.whyNot();
        if (problem.isPresent()) {
            viewModel.reportError(new UserMessage("Nothing to export", problem.get()));
            return;
        }
        Path folder = exportFolder != null ? exportFolder
                : viewModel.history().get(0).model().file().toAbsolutePath().getParent();
        ExportDialog.ask(getScene().getWindow(), folder, exporter.defaultBaseName(), exporter.formats())
                .ifPresent(target -> {
            exportFolder = target.folder();
            exporter.export(target.folder(), target.baseName(), target.format());
        });
    }

    /** File ▸ Compare with…: the shown model (the current step) beside a model file, in a window of its own. */
    private void chooseAndCompare() {
        chooseModel("Compare with a model").ifPresent(this::compareWith);
    }

    /** Compares the model shown now with {@code file}; the comparison window shows the result. */
    public void compareWith(Path file) {
        var shown = viewModel.modelProperty().get();
        if (shown == null) {
            return;
        }
        int step = viewModel.currentStepProperty().get();
        String name = shown.displayName() + (step == 0 ? "" : " (step " + step + ")");
        compare.compare(shown, name, file, java.util.Optional.ofNullable(viewModel.dataProperty().get()));
        if (compareWindow == null) {
            compareWindow = new dev.shears.ui.compare.CompareWindow(getScene().getWindow(), compare);
        }
        compareWindow.show();
    }

    /**
     * History ▸ Compare these steps: steps {@code one} and {@code other} side by side, the earlier as A. A step
     * written to disk is read back in the comparison's task, never here.
     */
    public void compareSteps(int one, int other) {
        int a = Math.min(one, other);
        int b = Math.max(one, other);
        if (a < 0 || b >= viewModel.history().size() || a == b) {
            return;
        }
        compare.compareSteps(side(a), side(b), java.util.Optional.ofNullable(viewModel.dataProperty().get()));
        if (compareWindow == null) {
            compareWindow = new dev.shears.ui.compare.CompareWindow(getScene().getWindow(), compare);
        }
        compareWindow.show();
    }

    private dev.shears.ui.compare.CompareViewModel.Side side(int index) {
        HistoryStep step = viewModel.history().get(index);
        return new dev.shears.ui.compare.CompareViewModel.Side(viewModel.stepName(index), step.graph(),
                () -> viewModel.modelOf(step), !step.stored().inMemory());
    }

    /** The comparison window, once opened (null before). */
    public dev.shears.ui.compare.CompareWindow compareWindow() {
        return compareWindow;
    }

    public dev.shears.ui.compare.CompareViewModel compare() {
        return compare;
    }

    private void chooseAndOpen() {
        chooseModel("Open a model").ifPresent(viewModel::open);
    }

    /** A model file chosen in the file dialog, starting in the folder of the last one (or the samples). */
    private java.util.Optional<Path> chooseModel(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Models (*.zip, *.h5, *.onnx)", "*.zip", "*.h5", "*.onnx"),
                new FileChooser.ExtensionFilter("ONNX models (*.onnx)", "*.onnx"),
                new FileChooser.ExtensionFilter("DL4J and Keras 2 models (*.zip, *.h5)", "*.zip", "*.h5"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File initial = lastFolder != null ? lastFolder
                : SampleLocations.samplesFolder().map(Path::toFile).orElse(null);
        if (initial != null && initial.isDirectory()) {
            chooser.setInitialDirectory(initial);
        }
        File chosen = chooser.showOpenDialog(getScene().getWindow());
        if (chosen == null) {
            return java.util.Optional.empty();
        }
        lastFolder = chosen.getParentFile();
        return java.util.Optional.of(chosen.toPath());
    }

    private void installDragAndDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
                if (!getStyleClass().contains(Styles.DROP_TARGET)) {
                    getStyleClass().add(Styles.DROP_TARGET);
                }
            }
            e.consume();
        });
        setOnDragExited(e -> getStyleClass().remove(Styles.DROP_TARGET));
        setOnDragDropped(e -> {
            boolean accepted = e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1;
            if (accepted) {
                viewModel.open(e.getDragboard().getFiles().get(0).toPath());
            }
            getStyleClass().remove(Styles.DROP_TARGET);
            e.setDropCompleted(accepted);
            e.consume();
        });
    }
}
