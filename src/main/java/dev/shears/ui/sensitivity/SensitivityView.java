package dev.shears.ui.sensitivity;

import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.impact.Budget;
import dev.shears.ui.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The sensitivity scan: a chart with one line per channel group (validation accuracy against the
 * share of its channels removed) and a group × ratio heat table; clicking a cell gives that group's
 * layer that ratio in the pruning panel.
 */
public final class SensitivityView extends VBox {
    private final SensitivityViewModel viewModel;
    private final BiConsumer<String, Double> pick;
    private final LineChart<Number, Number> chart;
    private final GridPane table = new GridPane();

    /**
     * @param pick called with (layer, ratio to remove) when a table cell is clicked
     * @param fit  fits a MACs or parameter budget to the shown scan
     */
    public SensitivityView(SensitivityViewModel viewModel, BiConsumer<String, Double> pick, BudgetFitViewModel fit) {
        this.viewModel = viewModel;
        this.pick = pick;
        setId("sensitivityView");
        setSpacing(8);
        setPadding(new Insets(8));

        ChoiceBox<CriterionName> criterion = new ChoiceBox<>(FXCollections.observableArrayList(CriterionName.values()));
        criterion.valueProperty().bindBidirectional(viewModel.criterionProperty());
        criterion.setConverter(dev.shears.ui.DisplayNames.of(CriterionName::jsonName));
        criterion.setTooltip(new Tooltip("Which channels each point removes (the lowest-scoring by this criterion)"));
        ChoiceBox<Integer> images = new ChoiceBox<>(FXCollections.observableArrayList(500, 1000, 2500, 5000));
        images.setValue(viewModel.imagesProperty().get());
        images.valueProperty().addListener((obs, old, n) -> viewModel.imagesProperty().set(n));
        images.setTooltip(new Tooltip("Validation images per point: fewer is faster, 5,000 is the whole split"));
        Button scan = new Button("Scan");
        scan.setId("sensitivityScan");
        scan.setTooltip(new Tooltip("Prune each channel group alone at 10 … 90 % and measure accuracy (background)"));
        scan.disableProperty().bind(viewModel.runningProperty());
        scan.setOnAction(e -> viewModel.scan());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(viewModel.runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        HBox bar = new HBox(8, new Label("Criterion"), criterion, new Label("Images"), images, scan, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label description = new Label();
        description.setId("sensitivityDescription");
        description.getStyleClass().add(Styles.MUTED);
        description.setWrapText(true);
        description.textProperty().bind(viewModel.descriptionProperty().map(d -> d.isEmpty()
                ? "No scan for this model yet: press Scan. Each channel group is pruned alone (coupled layers "
                + "together); results are cached per model." : d));

        NumberAxis x = new NumberAxis(0, 1, 0.1);
        x.setLabel("share of the group's channels removed");
        NumberAxis y = new NumberAxis();
        y.setLabel("validation top-1 %");
        y.setForceZeroInRange(false);
        chart = new LineChart<>(x, y);
        chart.setId("sensitivityChart");
        chart.setAnimated(false);
        chart.setPrefHeight(260);
        table.setId("sensitivityTable");
        table.setHgap(2);
        table.setVgap(2);
        ScrollPane tableScroll = new ScrollPane(table);
        tableScroll.setFitToWidth(true);
        VBox.setVgrow(tableScroll, Priority.ALWAYS);
        Label hint = new Label("Click a cell to give that layer this ratio in the pruning panel.");
        hint.getStyleClass().add(Styles.MUTED);
        getChildren().addAll(bar, description, chart, hint, tableScroll, fitBar(fit), fitNote(fit));
        viewModel.resultProperty().addListener((obs, old, r) -> show(r));
        show(viewModel.resultProperty().get());
    }

    /** "Keep at most [50 %] of the [MACs] [Fit to scan]": per-layer shares into the tree's Keep % column. */
    private static HBox fitBar(BudgetFitViewModel fit) {
        Spinner<Integer> keep = new Spinner<>(1, 100, (int) Math.round(100 * fit.keepProperty().get()), 5);
        keep.setId("budgetKeep");
        keep.setEditable(true);
        keep.setPrefWidth(80);
        keep.valueProperty().addListener((obs, old, v) -> fit.keepProperty().set(v / 100.0));
        keep.setTooltip(new Tooltip("The share of the model's MACs (or parameters, or measured time per example) to"
                + " keep at most, in %"));
        ChoiceBox<Budget.Metric> metric = new ChoiceBox<>(FXCollections.observableArrayList(Budget.Metric.values()));
        metric.setId("budgetMetric");
        metric.valueProperty().bindBidirectional(fit.metricProperty());
        metric.setConverter(dev.shears.ui.DisplayNames.of(Budget.Metric::label));
        Button run = new Button("Fit to scan");
        run.setId("budgetFit");
        run.disableProperty().bind(fit.readyProperty().not());
        run.setOnAction(e -> fit.fit());
        run.setTooltip(new Tooltip("Choose per-layer shares that meet this budget at the least accuracy loss the scan"
                + " predicts (its losses added up), and put them in the tree's Keep % column (Ctrl+B). For latency"
                + " the model is first timed with each layer pruned alone at each scanned share (NetAdapt's look-up"
                + " table), then the chosen network itself"));
        run.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.B,
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> {
                            if (!run.isDisabled() && shown(run) && run.getScene() == scene) {
                                run.fire();
                            }
                        });
            }
        });
        HBox bar = new HBox(8, new Label("Fit a budget: keep at most"), keep, new Label("% of the"), metric, run);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** Whether the node and all its parents are visible: a tab that is not selected hides its content. */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static Label fitNote(BudgetFitViewModel fit) {
        Label note = new Label();
        note.setId("budgetNote");
        note.setWrapText(true);
        note.getStyleClass().add(Styles.MUTED);
        note.textProperty().bind(fit.noteProperty());
        note.setMinHeight(javafx.scene.control.Label.USE_PREF_SIZE);
        note.setTooltip(new Tooltip("The prediction adds up each layer's loss from the scan, where it was pruned"
                + " alone; the pruning panel below measures the real accuracy of all of them together"));
        return note;
    }

    private void show(SensitivityResult r) {
        chart.getData().clear();
        table.getChildren().clear();
        if (r == null) {
            return;
        }
        List<Double> ratios = new ArrayList<>(r.rows().stream().map(SensitivityRow::ratio).distinct().sorted().toList());
        table.add(header("group"), 0, 0);
        for (int c = 0; c < ratios.size(); c++) {
            table.add(header(String.format(Locale.ROOT, "−%.0f%%", 100 * ratios.get(c))), c + 1, 0);
        }
        int row = 1;
        double baseline = r.baseline().accuracy();
        for (String group : r.groups()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(group);
            series.getData().add(new XYChart.Data<>(0, 100 * baseline));
            Label name = new Label(group);
            List<SensitivityRow> rows = r.rows(group);
            name.setTooltip(new Tooltip("Layers: " + String.join(", ", rows.get(0).layers()) + " · "
                    + rows.get(0).channels() + " channels"));
            table.add(name, 0, row);
            for (SensitivityRow point : rows) {
                series.getData().add(new XYChart.Data<>(point.ratio(), 100 * point.accuracy()));
                Label cell = new Label(String.format(Locale.ROOT, "%.1f", 100 * point.accuracy()));
                cell.setId("sens-" + group + "-" + Math.round(100 * point.ratio()));
                cell.setMinWidth(44);
                cell.setAlignment(Pos.CENTER);
                // a pastel heat scale in both themes, so its text stays dark
                cell.setStyle("-fx-background-color: " + colour(baseline - point.accuracy())
                        + "; -fx-text-fill: #1f2328; -fx-padding: 2 4;");
                cell.setTooltip(new Tooltip(String.format(Locale.ROOT,
                        "%s: remove %.0f %% (%d of %d channels kept) → %.2f %% top-1, loss %.3f; click to use",
                        group, 100 * point.ratio(), point.keptChannels(), point.channels(), 100 * point.accuracy(),
                        point.loss())));
                cell.setOnMouseClicked(e -> pick.accept(group, point.ratio()));
                table.add(cell, ratios.indexOf(point.ratio()) + 1, row);
            }
            chart.getData().add(series);
            row++;
        }
    }

    /** Green for no loss, through yellow, to red at 30 points lost or more. */
    static String colour(double drop) {
        double t = Math.max(0, Math.min(1, drop / 0.30));
        Color c = Color.web("#d8f0d2").interpolate(Color.web("#f6e7a6"), Math.min(1, 2 * t));
        if (t > 0.5) {
            c = Color.web("#f6e7a6").interpolate(Color.web("#f1a3a3"), 2 * t - 1);
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) (255 * c.getRed()), (int) (255 * c.getGreen()),
                (int) (255 * c.getBlue()));
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.MUTED);
        l.setMinWidth(44);
        l.setAlignment(Pos.CENTER);
        return l;
    }
}
