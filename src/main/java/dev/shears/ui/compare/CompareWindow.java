package dev.shears.ui.compare;

import dev.shears.analysis.Formats;
import dev.shears.analysis.ModelComparison;
import dev.shears.model.LayerNode;
import dev.shears.ui.Styles;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The comparison window: one row per layer with both models' output shape, parameters, MACs and sparsity, the
 * changed rows in bold; the accuracy of both under the table; below, B − A of the selected layer's weights
 * ({@link DifferenceView}). Non-modal, so the main window stays usable.
 */
public final class CompareWindow {
    static final String CHANGED_STYLE = "compare-changed";

    private final Stage stage = new Stage();
    private final TableView<ModelComparison.Row> table = new TableView<>();
    private final CompareViewModel viewModel;
    private final CheckBox onlyChanged = new CheckBox("Only what changed");
    private final DifferenceView difference;

    public CompareWindow(Window owner, CompareViewModel viewModel) {
        this.viewModel = viewModel;
        stage.initOwner(owner);
        stage.setTitle("Compare models");
        table.setId("compareTable");
        table.setPlaceholder(new Label("Opening the other model…"));
        table.getColumns().add(column("Layer", r -> r.name(), 130));
        table.getColumns().add(column("Type", r -> r.typeName(), 95));
        table.getColumns().add(column("Change", r -> r.change().label(), 80));
        table.getColumns().add(column("Output shape", r -> both(r, n -> n.outputShape().toString()), 230));
        table.getColumns().add(column("Params", r -> both(r, n -> Formats.exact(n.paramCount())), 160));
        table.getColumns().add(column("MACs", r -> both(r, n -> Formats.exact(n.macs())), 190));
        table.getColumns().add(column("Sparsity", r -> both(r, n -> String.format(Locale.ROOT, "%.1f %%",
                100 * n.sparsity())), 120));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ModelComparison.Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove(CHANGED_STYLE);
                setStyle("");
                if (!empty && row != null && row.change() != ModelComparison.Change.SAME) {
                    getStyleClass().add(CHANGED_STYLE);
                    setStyle("-fx-font-weight: bold;");
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Label title = new Label();
        title.setId("compareTitle");
        title.textProperty().bind(viewModel.firstNameProperty().concat("  →  ").concat(viewModel.secondNameProperty()));
        title.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold;");
        Label totals = new Label();
        totals.setId("compareTotals");
        Label accuracy = new Label();
        accuracy.setId("compareAccuracy");
        accuracy.setWrapText(true);
        accuracy.textProperty().bind(viewModel.accuracyProperty());
        Label status = new Label();
        status.setId("compareStatus");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.MUTED);
        status.textProperty().bind(viewModel.statusProperty());
        onlyChanged.setId("compareOnlyChanged");
        onlyChanged.setTooltip(new Tooltip("Hide the layers that are the same in both models (Alt+O)"));
        onlyChanged.setMnemonicParsing(true);
        onlyChanged.setText("_Only what changed");
        onlyChanged.selectedProperty().addListener((obs, old, on) -> fill(viewModel.comparisonProperty().get()));
        // a comparison of history steps is there before the window is made: show it at once, then follow
        totals.setText(viewModel.comparisonProperty().get() == null ? "" : totals(viewModel.comparisonProperty().get()));
        viewModel.comparisonProperty().addListener((obs, old, c) -> {
            fill(c);
            totals.setText(c == null ? "" : totals(c));
        });
        table.setTooltip(new Tooltip("Select a layer to see B − A of its weights below"));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> viewModel.select(row));
        difference = new DifferenceView(viewModel, viewModel.runner());
        HBox top = new HBox(12, title, onlyChanged);
        VBox upper = new VBox(8, top, status, table, totals, accuracy);
        VBox.setVgrow(upper, Priority.ALWAYS);
        SplitPane split = new SplitPane(upper, difference);
        split.setOrientation(Orientation.VERTICAL);
        upper.setMinHeight(200);
        difference.setMinHeight(160);
        // positions set before the first layout are lost: set once the window is up
        stage.setOnShown(e -> split.setDividerPositions(0.5));
        VBox root = new VBox(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.setPadding(new Insets(10));
        Scene scene = new Scene(root, 1150, 820);
        scene.getStylesheets().add(CompareWindow.class.getResource(Styles.STYLESHEET).toExternalForm());
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.ESCAPE),
                stage::close);
        stage.setScene(scene);
        stage.setOnHidden(e -> viewModel.cancel());
        fill(viewModel.comparisonProperty().get());
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    /** The difference heatmap of the selected layer (tests read its pixels). */
    DifferenceView difference() {
        return difference;
    }

    TableView<ModelComparison.Row> table() {
        return table;
    }

    private void fill(ModelComparison c) {
        if (c == null) {
            table.getItems().clear();
            return;
        }
        table.setItems(FXCollections.observableArrayList(onlyChanged.isSelected() ? c.changed() : c.rows()));
        table.setPlaceholder(new Label(onlyChanged.isSelected() ? "Nothing changed: the two models have the same"
                + " layers, shapes, parameters and sparsity." : "No layers."));
    }

    static String totals(ModelComparison c) {
        long changed = c.changed().size();
        return String.format(Locale.ROOT, "%d of %d layers differ · params %s → %s (%s kept) · MACs %s → %s (%s kept)",
                changed, c.rows().size(), Formats.exact(c.first().totalParams()), Formats.exact(c.second().totalParams()),
                Formats.percent(ratio(c.second().totalParams(), c.first().totalParams())),
                Formats.exact(c.first().totalMacs()), Formats.exact(c.second().totalMacs()),
                Formats.percent(ratio(c.second().totalMacs(), c.first().totalMacs())));
    }

    private static double ratio(long after, long before) {
        return before == 0 ? 1 : (double) after / before;
    }

    /** "a → b" when the values differ, "a" when equal, "— → b" / "a → —" when one side lacks the layer. */
    static String both(ModelComparison.Row row, Function<LayerNode, String> value) {
        Optional<String> a = row.first().map(value);
        Optional<String> b = row.second().map(value);
        if (a.isPresent() && b.isPresent() && a.get().equals(b.get())) {
            return a.get();
        }
        return a.orElse("—") + " → " + b.orElse("—");
    }

    private static TableColumn<ModelComparison.Row, String> column(String name, Function<ModelComparison.Row, String> value,
                                                                   double width) {
        TableColumn<ModelComparison.Row, String> column = new TableColumn<>(name);
        column.setId("compare-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.length() < 14 ? null : new Tooltip(text));
            }
        });
        return column;
    }
}
