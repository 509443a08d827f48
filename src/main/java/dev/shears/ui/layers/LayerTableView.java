package dev.shears.ui.layers;

import dev.shears.analysis.Formats;
import dev.shears.model.LayerNode;
import dev.shears.ui.Styles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The layer tree-table with its search field. Binds to a {@link LayerTableViewModel}. */
public final class LayerTableView extends VBox {
    /** A sparsity not known yet: the model's outline is shown while its weights are read (decision 0030). */
    public static final String NOT_READ = "…";

    static final String COUPLED_ROW = "coupled-row";
    private final LayerTableViewModel viewModel;
    private final TreeTableView<LayerRow> table = new TreeTableView<>();
    private final TextField search = new TextField();
    private boolean updatingFromModel;

    public LayerTableView(LayerTableViewModel viewModel) {
        this.viewModel = viewModel;
        search.setId("layerSearch");
        search.setPromptText("Search layers by name or type (Ctrl+F)");
        search.setTooltip(new Tooltip("Filter the tree; Esc clears"));
        search.textProperty().bindBidirectional(viewModel.filterProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
                table.requestFocus();
                e.consume(); // Esc here clears the search; it must not also cancel running work
            }
        });

        table.setId("layerTree");
        table.setShowRoot(false);
        // columns keep widths that fit their numbers; a narrow pane scrolls instead of cutting "1,600,…"
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No layers to show"));
        table.getColumns().setAll(List.<TreeTableColumn<LayerRow, ?>>of(
                textColumn("Layer", "Node name; groups collect layers sharing a name prefix", LayerRow::name, 130),
                textColumn("Type", "What the node does (DL4J class in the details panel)", LayerRow::type, 88),
                textColumn("Output shape", "Activation shape for one example: [C, H, W] or [features]",
                        LayerRow::outputShape, 106),
                numberColumn("Params", "Trainable and statistic parameters (DL4J numParams)",
                        LayerRow::params, v -> Formats.exact(v.longValue()), 92),
                numberColumn("MACs", "Multiply-accumulates per example", LayerRow::macs,
                        v -> Formats.exact(v.longValue()), 100),
                keepColumn(),
                numberColumn("% params", "Share of the model's parameters", LayerRow::share,
                        v -> Formats.percent(v.doubleValue()), 66),
                numberColumn("Sparsity", "Fraction of parameters exactly zero (… while the weights are read)",
                        LayerRow::sparsity, v -> Double.isNaN(v.doubleValue()) ? NOT_READ
                                : Formats.percent(v.doubleValue()), 66)));
        table.setEditable(true);
        table.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(LayerRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(Styles.GROUP_ROW, COUPLED_ROW);
                if (!empty && item != null && item.isGroup()) {
                    getStyleClass().add(Styles.GROUP_ROW);
                }
                if (!empty && item != null && item.node() != null
                        && viewModel.coupledProperty().get().contains(item.node().name())) {
                    getStyleClass().add(COUPLED_ROW);
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!updatingFromModel) {
                viewModel.select(item == null || item.getValue() == null ? null : item.getValue().node());
            }
        });
        viewModel.rowsProperty().addListener((obs, old, rows) -> showRows(rows));
        viewModel.selectedProperty().addListener((obs, old, node) -> followSelection(node));
        viewModel.keptSharesProperty().addListener((obs, old, v) -> table.refresh());
        viewModel.coupledProperty().addListener((obs, old, v) -> table.refresh());
        viewModel.overriddenProperty().addListener((obs, old, v) -> table.refresh());
        showRows(viewModel.rowsProperty().get());

        setSpacing(6);
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(search, table);
    }

    public void focusTable() {
        table.requestFocus();
    }

    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** A layer selected elsewhere (the graph): its row is selected, its group opened and scrolled to. */
    private void followSelection(LayerNode node) {
        TreeItem<LayerRow> current = table.getSelectionModel().getSelectedItem();
        if (current != null && current.getValue() != null && current.getValue().node() != null && node != null
                && current.getValue().node().name().equals(node.name())) {
            return;
        }
        TreeItem<LayerRow> found = table.getRoot() == null ? null : find(table.getRoot(), node);
        updatingFromModel = true;
        try {
            if (found == null) {
                table.getSelectionModel().clearSelection(); // filtered out, or a new model's rows still to come
                return;
            }
            for (TreeItem<LayerRow> parent = found.getParent(); parent != null; parent = parent.getParent()) {
                parent.setExpanded(true);
            }
            table.getSelectionModel().select(found);
            int row = table.getRow(found);
            if (row >= 0) {
                table.scrollTo(Math.max(0, row - 3));
            }
        } finally {
            updatingFromModel = false;
        }
    }

    private void showRows(List<LayerRow> rows) {
        LayerNode keep = viewModel.selectedProperty().get();
        TreeItem<LayerRow> root = new TreeItem<>();
        TreeItem<LayerRow> toSelect = null;
        for (LayerRow row : rows) {
            TreeItem<LayerRow> item = toItem(row);
            root.getChildren().add(item);
            TreeItem<LayerRow> found = find(item, keep);
            if (found != null) {
                toSelect = found;
            }
        }
        updatingFromModel = true;
        try {
            table.setRoot(root);
            if (toSelect != null) {
                table.getSelectionModel().select(toSelect);
            }
        } finally {
            updatingFromModel = false;
        }
    }

    private static TreeItem<LayerRow> toItem(LayerRow row) {
        TreeItem<LayerRow> item = new TreeItem<>(row);
        for (LayerRow child : row.children()) {
            item.getChildren().add(toItem(child));
        }
        // Groups start open so that every layer is visible; preprocessors stay folded.
        item.setExpanded(row.isGroup());
        return item;
    }

    private static TreeItem<LayerRow> find(TreeItem<LayerRow> item, LayerNode node) {
        if (node == null) {
            return null;
        }
        if (item.getValue() != null && item.getValue().node() != null
                && item.getValue().node().name().equals(node.name())) {
            return item;
        }
        for (TreeItem<LayerRow> child : item.getChildren()) {
            TreeItem<LayerRow> found = find(child, node);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static TreeTableColumn<LayerRow, String> textColumn(String title, String tip,
                                                                Function<LayerRow, String> value, double width) {
        TreeTableColumn<LayerRow, String> column = new TreeTableColumn<>();
        column.setGraphic(header(title, tip));
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(
                cell.getValue().getValue() == null ? "" : value.apply(cell.getValue().getValue())));
        return column;
    }

    /** Sorts by the number, shows it formatted. */
    private static TreeTableColumn<LayerRow, Number> numberColumn(String title, String tip,
                                                                  Function<LayerRow, Number> value,
                                                                  Function<Number, String> format, double width) {
        TreeTableColumn<LayerRow, Number> column = new TreeTableColumn<>();
        column.setGraphic(header(title, tip));
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(
                cell.getValue().getValue() == null ? 0 : value.apply(cell.getValue().getValue())));
        column.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        column.setCellFactory(c -> new TreeTableCell<>() {
            {
                getStyleClass().add(Styles.NUMBER);
            }

            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        });
        return column;
    }

    /**
     * The share each layer keeps under the current pruning choice; double-click to type a layer's own
     * Keep % (empty clears it). Refused values show why in a tooltip-like message in the cell.
     */
    private TreeTableColumn<LayerRow, String> keepColumn() {
        TreeTableColumn<LayerRow, String> column = new TreeTableColumn<>();
        column.setId("keepColumn");
        column.setGraphic(header("Keep %", "Share of output channels (structured) or weights (unstructured) the "
                + "layer keeps under the pruning choice. Double-click to give a layer its own value; empty clears."));
        column.setPrefWidth(62);
        column.setEditable(true);
        column.setComparator(java.util.Comparator.comparingDouble(s -> s.isEmpty() ? -1 : Double.parseDouble(s)));
        column.setCellValueFactory(cell -> {
            LayerRow row = cell.getValue().getValue();
            Double share = row == null || row.node() == null ? null
                    : viewModel.keptSharesProperty().get().get(row.node().name());
            return new ReadOnlyObjectWrapper<>(share == null ? "" : String.format("%.0f", 100 * share));
        });
        column.setCellFactory(c -> new javafx.scene.control.cell.TextFieldTreeTableCell<>(
                new javafx.util.converter.DefaultStringConverter()) {
            {
                getStyleClass().add(Styles.NUMBER);
            }

            @Override
            public void startEdit() {
                LayerRow row = getTableRow() == null ? null : getTableRow().getItem();
                if (row == null || row.node() == null || viewModel.keepEditorProperty().get() == null
                        || !viewModel.keptSharesProperty().get().containsKey(row.node().name())) {
                    return;
                }
                super.startEdit();
            }

            @Override
            public void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("overridden");
                LayerRow row = getTableRow() == null ? null : getTableRow().getItem();
                if (!empty && row != null && row.node() != null
                        && viewModel.overriddenProperty().get().contains(row.node().name())) {
                    getStyleClass().add("overridden");
                }
            }
        });
        column.setOnEditCommit(e -> {
            LayerRow row = e.getRowValue().getValue();
            var editor = viewModel.keepEditorProperty().get();
            if (row == null || row.node() == null || editor == null) {
                return;
            }
            String text = e.getNewValue() == null ? "" : e.getNewValue().replace("%", "").trim();
            double keep;
            try {
                keep = text.isEmpty() ? Double.NaN : Double.parseDouble(text) / 100;
            } catch (NumberFormatException ex) {
                table.refresh();
                return;
            }
            editor.apply(row.node().name(), keep).ifPresent(problem -> {
                javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(problem);
                tip.setAutoHide(true);
                if (getScene() != null) {
                    var bounds = table.localToScreen(table.getBoundsInLocal());
                    tip.show(table, bounds.getMinX() + 20, bounds.getMaxY() - 40);
                }
            });
            table.refresh();
        });
        return column;
    }

    private static Label header(String title, String tip) {
        Label label = new Label(title);
        label.setTooltip(new Tooltip(tip));
        return label;
    }

    TreeTableView<LayerRow> table() {
        return table;
    }
}
