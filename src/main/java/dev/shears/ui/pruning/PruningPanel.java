package dev.shears.ui.pruning;

import dev.shears.analysis.Formats;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.AgreementEstimate;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.impact.Impact;
import dev.shears.pruning.impact.ModelSizes;
import dev.shears.ui.Styles;
import java.util.Arrays;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The pruning controls under the weight views: mode, criterion, target and ratio on one row, the
 * live impact (params, MACs, five size figures, each labelled exact / measured / estimate) and the
 * progressive accuracy preview beside the unpruned baseline, then Apply.
 */
public final class PruningPanel extends VBox {
    static final String REACH_BUDGET = "Reach budget";
    private final PruningViewModel viewModel;
    private final Label params = new Label();
    private final Label macs = new Label();
    private final Label accuracy = new Label();
    private final Label baseline = new Label();
    private final ProgressBar previewProgress = new ProgressBar(0);
    private final GridPane sizes = new GridPane();

    public PruningPanel(PruningViewModel viewModel, Runnable fineTune, Runnable export) {
        this.viewModel = viewModel;
        setId("pruningPanel");
        getStyleClass().add("pruning-panel");
        setSpacing(6);
        setPadding(new Insets(8));

        getChildren().addAll(controls(fineTune, export), impactRow(), accuracyRow(), messages());
        viewModel.impactProperty().addListener((obs, old, i) -> showImpact(i));
        viewModel.sizesProperty().addListener((obs, old, s) -> showSizes(s));
        viewModel.previewProperty().addListener((obs, old, e) -> showPreview());
        viewModel.baselineProperty().addListener((obs, old, e) -> showPreview());
        viewModel.agreementProperty().addListener((obs, old, e) -> showPreview());
        showImpact(viewModel.impactProperty().get());
        showSizes(viewModel.sizesProperty().get());
        showPreview();
    }

    private javafx.scene.layout.FlowPane controls(Runnable fineTune, Runnable export) {
        ToggleGroup modes = new ToggleGroup();
        ToggleButton channels = new ToggleButton("Channels");
        channels.setId("modeStructured");
        channels.setTooltip(new Tooltip("Structured: remove whole filters and neurons — the model really gets "
                + "smaller and faster"));
        ToggleButton weights = new ToggleButton("Weights");
        weights.setId("modeUnstructured");
        weights.setTooltip(new Tooltip("Unstructured: zero single weights — shapes stay; pays off with sparse "
                + "storage (see the sizes)"));
        channels.setToggleGroup(modes);
        weights.setToggleGroup(modes);
        modes.selectToggle(viewModel.modeProperty().get() == PruningMode.STRUCTURED ? channels : weights);
        modes.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                modes.selectToggle(old); // one mode is always chosen
            } else {
                viewModel.modeProperty().set(t == channels ? PruningMode.STRUCTURED : PruningMode.UNSTRUCTURED);
            }
        });
        // and the other way: a lesson step or a recipe sets the mode
        viewModel.modeProperty().addListener((obs, old, m) -> modes.selectToggle(m == PruningMode.STRUCTURED ? channels
                : weights));
        HBox modeBox = new HBox(channels, weights);
        modeBox.getStyleClass().add("segmented");

        ChoiceBox<CriterionName> criterion = new ChoiceBox<>();
        criterion.setId("criterion");
        criterion.setTooltip(new Tooltip("How importance is scored: l1/l2 norm, bn-gamma (|γ| of the BatchNorm), "
                + "taylor (|activation × gradient| on 256 validation images), fpgm (distance to the geometric "
                + "median), obd (½·Fisher·w², Optimal Brain Damage, on 256 validation images), random (baseline)"));
        Runnable fillCriteria = () -> {
            CriterionName chosen = viewModel.criterionProperty().get();
            criterion.setItems(FXCollections.observableArrayList(Arrays.stream(CriterionName.values())
                    .filter(c -> viewModel.modeProperty().get() == PruningMode.STRUCTURED || c.elementWise()).toList()));
            criterion.setValue(chosen);
        };
        fillCriteria.run();
        viewModel.modeProperty().addListener((obs, old, m) -> fillCriteria.run());
        criterion.setConverter(dev.shears.ui.DisplayNames.of(CriterionName::jsonName));
        criterion.valueProperty().addListener((obs, old, c) -> {
            if (c != null) {
                viewModel.criterionProperty().set(c);
            }
        });
        viewModel.criterionProperty().addListener((obs, old, c) -> criterion.setValue(c));

        ChoiceBox<Importance> importance = new ChoiceBox<>(FXCollections.observableArrayList(Importance.values()));
        importance.setId("importance");
        importance.setConverter(dev.shears.ui.DisplayNames.of(Importance::jsonName));
        importance.setTooltip(new Tooltip("Which tensors score a channel: producer (the criterion as defined), or "
                + "every tensor of its channel group — producers, BatchNorms, readers — by their mean, sum or max"));
        importance.valueProperty().bindBidirectional(viewModel.importanceProperty());
        importance.visibleProperty().bind(viewModel.modeProperty().isEqualTo(PruningMode.STRUCTURED));
        importance.managedProperty().bind(importance.visibleProperty());

        ChoiceBox<PruningViewModel.Target> target = new ChoiceBox<>(
                FXCollections.observableArrayList(PruningViewModel.Target.values()));
        target.setId("target");
        target.setTooltip(new Tooltip("Global: one ranking over all layers (scores normalised per layer); every "
                + "layer: each loses the same share; selected layer: only the layer chosen in the tree"));
        target.valueProperty().bindBidirectional(viewModel.targetProperty());

        Slider slider = new Slider(0, PruningViewModel.MAX_RATIO, viewModel.ratioProperty().get());
        slider.setId("ratioSlider");
        slider.setPrefWidth(220);
        slider.setBlockIncrement(0.05);
        slider.setMajorTickUnit(0.25);
        slider.setShowTickMarks(true);
        slider.valueProperty().bindBidirectional(viewModel.ratioProperty());
        slider.setTooltip(new Tooltip("Share to remove; ← → move by 5 %"));
        TextField ratioField = new TextField();
        ratioField.setId("ratioField");
        ratioField.setPrefColumnCount(4);
        ratioField.setTooltip(new Tooltip("Share to remove, in % (Enter to set)"));
        Runnable showRatio = () -> ratioField.setText(String.format("%.1f", 100 * viewModel.ratioProperty().get()));
        showRatio.run();
        viewModel.ratioProperty().addListener((obs, old, r) -> showRatio.run());
        ratioField.setOnAction(e -> {
            try {
                double percent = Double.parseDouble(ratioField.getText().replace("%", "").trim());
                viewModel.ratioProperty().set(Math.max(0, Math.min(PruningViewModel.MAX_RATIO, percent / 100)));
            } catch (NumberFormatException ex) {
                showRatio.run();
            }
        });
        Label unit = new Label();
        unit.textProperty().bind(Bindings.when(viewModel.modeProperty().isEqualTo(PruningMode.STRUCTURED))
                .then("% of channels").otherwise("% of weights"));
        HBox byShare = new HBox(8, slider, ratioField, unit);
        byShare.setAlignment(Pos.CENTER_LEFT);

        Slider thresholdSlider = new Slider(0, viewModel.thresholdMaxProperty().get(), viewModel.thresholdProperty().get());
        thresholdSlider.setId("thresholdSlider");
        thresholdSlider.setPrefWidth(220);
        thresholdSlider.maxProperty().bind(viewModel.thresholdMaxProperty());
        thresholdSlider.valueProperty().bindBidirectional(viewModel.thresholdProperty());
        TextField thresholdField = new TextField();
        thresholdField.setId("thresholdField");
        thresholdField.setPrefColumnCount(6);
        Runnable showThreshold = () -> thresholdField.setText(String.format(java.util.Locale.ROOT, "%.4g",
                viewModel.thresholdProperty().get()));
        showThreshold.run();
        viewModel.thresholdProperty().addListener((obs, old, t) -> showThreshold.run());
        thresholdField.setOnAction(e -> {
            try {
                viewModel.thresholdProperty().set(Math.max(0, Double.parseDouble(thresholdField.getText().trim())));
            } catch (NumberFormatException ex) {
                showThreshold.run();
            }
        });
        Label thresholdUnit = new Label();
        thresholdUnit.textProperty().bind(Bindings.when(viewModel.modeProperty().isEqualTo(PruningMode.STRUCTURED))
                .then("× the layer's mean channel score").otherwise("|w|"));
        Tooltip thresholdTip = new Tooltip("Remove what scores below this: weights with |w| below it (weights "
                + "mode), or channels scoring below this multiple of their layer's mean score (channels mode, "
                + "global ranking)");
        thresholdSlider.setTooltip(thresholdTip);
        thresholdField.setTooltip(thresholdTip);
        HBox byThreshold = new HBox(8, thresholdSlider, thresholdField, thresholdUnit);
        byThreshold.setAlignment(Pos.CENTER_LEFT);
        byShare.visibleProperty().bind(viewModel.byThresholdProperty().not());
        byShare.managedProperty().bind(byShare.visibleProperty());
        byThreshold.visibleProperty().bind(viewModel.byThresholdProperty());
        byThreshold.managedProperty().bind(byThreshold.visibleProperty());
        ChoiceBox<String> amountKind = new ChoiceBox<>(FXCollections.observableArrayList("Remove share",
                "Remove below", REACH_BUDGET));
        amountKind.setId("amountKind");
        amountKind.setTooltip(new Tooltip("A share of channels/weights, everything scoring below a threshold, or the "
                + "share that keeps at most a budget of MACs or parameters"));
        HBox budget = budgetBox();
        budget.visibleProperty().bind(amountKind.valueProperty().isEqualTo(REACH_BUDGET));
        budget.managedProperty().bind(budget.visibleProperty());
        amountKind.setValue(viewModel.byThresholdProperty().get() ? "Remove below" : "Remove share");
        amountKind.valueProperty().addListener((obs, old, v) -> viewModel.byThresholdProperty()
                .set("Remove below".equals(v)));

        HBox cap = capBox();
        cap.visibleProperty().bind(viewModel.targetProperty().isEqualTo(PruningViewModel.Target.GLOBAL)
                .and(viewModel.modeProperty().isEqualTo(PruningMode.STRUCTURED)));
        cap.managedProperty().bind(cap.visibleProperty());

        Button apply = new Button("Apply");
        apply.setId("applyPruning");
        apply.setDefaultButton(false);
        apply.setTooltip(new Tooltip("Prune for real (Ctrl+Enter): surgery + equivalence check; the result becomes "
                + "the current model, with undo (Ctrl+Z)"));
        apply.disableProperty().bind(viewModel.specProperty().isNull().or(viewModel.applyingProperty())
                .or(viewModel.plannerProperty().isNull()).or(viewModel.problemProperty().isNotEmpty()));
        apply.setOnAction(e -> viewModel.apply());
        Button tune = new Button("Fine-tune…");
        tune.setId("fineTune");
        tune.setTooltip(new Tooltip("Recover accuracy by training the current model on its training data (DL4J"
                + " models; the window says why not for others)"));
        tune.setOnAction(e -> fineTune.run());
        Button exportButton = new Button("Export…");
        exportButton.setId("exportModel");
        exportButton.setTooltip(new Tooltip("Write the compact model, its recipe and an HTML report (Ctrl+E)"));
        exportButton.setOnAction(e -> export.run());

        // a flow, not a row: at a projector's font size (presentation mode) the controls wrap instead of shrinking
        // to "…"; each keeps its own width
        HBox actions = new HBox(8, apply, tune, exportButton);
        actions.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.FlowPane row = new javafx.scene.layout.FlowPane(8, 6, modeBox, criterion, importance, target,
                cap, recoveryBox(), amountKind, budget, byShare, byThreshold, actions);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getChildren().forEach(n -> {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        return row;
    }

    /** A warning in the messages, shown only while it has something to say. */
    private static Label warningLine(String id, javafx.beans.value.ObservableStringValue text) {
        Label line = new Label();
        line.setId(id);
        line.getStyleClass().add("layer-limits");
        line.setWrapText(true);
        line.textProperty().bind(text);
        line.visibleProperty().bind(Bindings.isNotEmpty(text));
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    /**
     * What follows removing channels — "Refit layers" (default), "Re-estimate BN" (models with BatchNorm), "Keep
     * as pruned" — disabled, with the reason, without training data or when weights are zeroed instead.
     */
    private ChoiceBox<Recovery> recoveryBox() {
        ChoiceBox<Recovery> box = new ChoiceBox<>(viewModel.recoveries());
        box.setId("recovery");
        box.valueProperty().bindBidirectional(viewModel.recoveryProperty());
        // new items clear the box's value (the view model keeps its choice): show the choice again
        box.getItems().addListener((javafx.collections.ListChangeListener<Recovery>) c ->
                box.setValue(viewModel.recoveryProperty().get()));
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        Runnable explain = () -> {
            String why = viewModel.whyNoRecoveryProperty().get();
            box.setDisable(!why.isEmpty());
            Recovery chosen = viewModel.recoveryProperty().get();
            tip.setText(!why.isEmpty() ? why : chosen == null ? "" : chosen.explanation());
        };
        explain.run();
        viewModel.whyNoRecoveryProperty().addListener((obs, old, why) -> explain.run());
        viewModel.recoveryProperty().addListener((obs, old, chosen) -> explain.run());
        box.setTooltip(tip);
        return box;
    }

    /** "≤ [80] % a layer": the most of one layer's channels the global ranking removes (Enter sets it). */
    private HBox capBox() {
        TextField cap = new TextField();
        cap.setId("maxLayerRatio");
        cap.setPrefColumnCount(3);
        Runnable show = () -> cap.setText(String.format("%.0f", 100 * viewModel.maxLayerRatioProperty().get()));
        show.run();
        viewModel.maxLayerRatioProperty().addListener((obs, old, c) -> show.run());
        cap.setOnAction(e -> {
            try {
                double percent = Double.parseDouble(cap.getText().replace("%", "").trim());
                if (percent > 0 && percent <= 100) {
                    viewModel.maxLayerRatioProperty().set(percent / 100);
                }
            } catch (NumberFormatException ex) {
                // keeps the cap it had
            }
            show.run();
        });
        cap.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                cap.getOnAction().handle(null);
            }
        });
        Tooltip tip = new Tooltip("The most of any one layer's channels the global ranking may remove (100: no cap, "
                + "the ranking may leave a layer one channel). Enter sets it.");
        cap.setTooltip(tip);
        Label before = new Label("≤");
        Label after = new Label("% a layer");
        before.setTooltip(tip);
        after.setTooltip(tip);
        HBox box = new HBox(4, before, cap, after);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** "Keep [50] % of [MACs]": Enter sets the share to remove to the smallest one that meets it. */
    private HBox budgetBox() {
        TextField keep = new TextField("50");
        keep.setId("budgetField");
        keep.setPrefColumnCount(3);
        keep.setTooltip(new Tooltip("Share to keep at most, in % (Enter to solve for it)"));
        ChoiceBox<Budget.Metric> metric = new ChoiceBox<>(FXCollections.observableArrayList(Budget.Metric.countedMetrics()));
        metric.setId("budgetMetric");
        metric.setConverter(dev.shears.ui.DisplayNames.of(Budget.Metric::label));
        metric.setValue(Budget.Metric.MACS);
        keep.setOnAction(e -> {
            try {
                double percent = Double.parseDouble(keep.getText().replace("%", "").trim());
                if (percent > 0 && percent <= 100) {
                    viewModel.reachBudget(new Budget(metric.getValue(), percent / 100));
                }
            } catch (NumberFormatException ex) {
                keep.setText("50");
            }
        });
        HBox box = new HBox(6, new Label("keep"), keep, new Label("% of"), metric);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private StackingRow impactRow() {
        params.setId("impactParams");
        macs.setId("impactMacs");
        for (Label l : List.of(params, macs)) {
            l.getStyleClass().add("impact-figure");
        }
        params.setTooltip(new Tooltip("Parameters before → after (kept share); exact"));
        macs.setTooltip(new Tooltip("Multiply-accumulates per example before → after (kept share); exact"));
        sizes.setId("impactSizes");
        sizes.setHgap(12);
        sizes.setVgap(1);
        VBox figures = new VBox(4, params, macs);
        // the figures beside the sizes, or above them when the panel is too narrow (presentation mode)
        return new StackingRow(24, false, figures, sizes);
    }

    /**
     * Shows or hides the table of sizes: presentation mode shows it only for lesson steps that need it
     * (part {@code sizes}), since at a projector's font size it leaves no room for the rest.
     */
    public void showSizesTable(boolean shown) {
        sizes.setVisible(shown);
        sizes.setManaged(shown);
    }

    private StackingRow accuracyRow() {
        accuracy.setId("previewAccuracy");
        accuracy.getStyleClass().add("impact-figure");
        accuracy.setTooltip(new Tooltip("The pruned model on the model's validation data (File ▸ Data…), refined"
                + " batch by batch; ± is a 95 % Wilson interval. Without labels: agreement with the unpruned model"));
        baseline.setId("baselineAccuracy");
        baseline.getStyleClass().add(Styles.MUTED);
        previewProgress.setId("previewProgress");
        previewProgress.setPrefWidth(120);
        // side by side, or one under another with the figures wrapped when the panel is too narrow for them
        for (Label l : List.of(params, macs, accuracy, baseline)) {
            l.setWrapText(true);
        }
        return new StackingRow(12, true, accuracy, previewProgress, baseline);
    }

    private ScrollPane messages() {
        Label problem = new Label();
        problem.setId("pruningProblem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.setWrapText(true);
        Label status = new Label();
        status.setId("previewStatus");
        status.getStyleClass().add(Styles.MUTED);
        status.textProperty().bind(viewModel.previewStatusProperty());
        // an empty message takes no line: at a projector's size every line counts
        for (Label l : List.of(problem, status)) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }
        Label limits = warningLine("layerLimits", viewModel.layerLimitsProperty());
        Label advice = warningLine("accuracyAdvice", viewModel.accuracyAdviceProperty());
        Label coupling = new Label();
        coupling.setId("coupling");
        coupling.getStyleClass().add(Styles.MUTED);
        coupling.setWrapText(true);
        coupling.textProperty().bind(Bindings.createStringBinding(() -> {
            String text = viewModel.couplingProperty().get();
            return text.isEmpty() ? "" : "Coupled: " + text.replace("\n", "   ·   ");
        }, viewModel.couplingProperty()));
        Tooltip couplingTip = new Tooltip();
        couplingTip.textProperty().bind(viewModel.couplingProperty());
        couplingTip.setWrapText(true);
        couplingTip.setMaxWidth(700);
        coupling.setTooltip(couplingTip);
        // a fixed height (in shears.css, in em so that presentation mode scales it): the views above must not
        // jump while messages come and go
        VBox box = new VBox(2, problem, limits, advice, status, coupling);
        // scrolls rather than pushing the window's bottom off a projector's 720 lines when many messages come
        ScrollPane messages = new ScrollPane(box);
        messages.setFitToWidth(true);
        messages.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        messages.getStyleClass().add("pruning-messages");
        return messages;
    }

    private void showImpact(Impact i) {
        if (i == null) {
            params.setText("Params —");
            macs.setText("MACs —");
            return;
        }
        params.setText(String.format("Params %s → %s  (%s kept)", Formats.exact(i.paramsBefore()),
                Formats.exact(i.paramsAfter()), Formats.percent(i.paramRatio())));
        macs.setText(String.format("MACs %s → %s  (%s kept)", Formats.exact(i.macsBefore()),
                Formats.exact(i.macsAfter()), Formats.percent(i.macRatio())));
    }

    private void showSizes(ModelSizes s) {
        sizes.getChildren().clear();
        if (s == null) {
            // same rows as with figures, so the panel keeps its height
            sizes.addRow(0, new Label("Size"));
            for (int r = 1; r <= 5; r++) {
                sizes.addRow(r, new Label("—"));
            }
            return;
        }
        String[] headers = {"Size", "before", "after", "kept", ""};
        for (int c = 0; c < headers.length; c++) {
            Label h = new Label(headers[c]);
            h.getStyleClass().add(Styles.MUTED);
            sizes.add(h, c, 0);
        }
        int row = 1;
        for (ModelSizes.Figure f : s.figures()) {
            Label name = new Label(f.format());
            name.setTooltip(new Tooltip(f.explanation()));
            Label before = number(Formats.bytes(f.bytesBefore()) + " " + f.basisBefore().label());
            Label after = number(Formats.bytes(f.bytesAfter()));
            after.setId("size-" + f.format().replace(' ', '-'));
            Label ratio = number(Formats.percent(f.ratio()));
            Label basis = new Label(f.basisAfter().label());
            basis.getStyleClass().addAll(Styles.MUTED, "basis-" + f.basisAfter().name().toLowerCase());
            basis.setTooltip(new Tooltip(f.explanation()));
            sizes.addRow(row++, name, before, after, ratio, basis);
        }
    }

    private static Label number(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.NUMBER);
        return l;
    }

    private void showPreview() {
        AccuracyEstimate e = viewModel.previewProperty().get();
        AccuracyEstimate b = viewModel.baselineProperty().get();
        AgreementEstimate a = viewModel.agreementProperty().get();
        if (e == null && a != null) {
            accuracy.setText(format(a, viewModel.agreementDataProperty().get()));
            previewProgress.setProgress((double) a.seen() / a.total());
            baseline.setText("");
            return;
        }
        accuracy.setText(e == null ? "Accuracy —" : format("Pruned", e));
        previewProgress.setProgress(e == null ? 0 : (double) e.seen() / e.total());
        baseline.setText(b == null ? "" : format("unpruned", withoutEngine(b)));
    }

    /** "Agreement with unpruned: top-1 97.2 % · mean |Δ| 0.0031 · PSNR 38.1 dB (250 / 500 random inputs: …)" */
    static String format(AgreementEstimate a, String inputs) {
        String top1 = a.classScores() ? String.format("top-1 %.1f %% · ", 100 * a.top1Agreement()) : "";
        return String.format("Agreement with unpruned: %smean |Δ| %.4g · MSE %.4g · PSNR %.1f dB  (%s / %s, %s)", top1,
                a.meanAbsDifference(), a.meanSquaredDifference(), a.psnr(), Formats.exact(a.seen()),
                Formats.exact(a.total()), inputs);
    }

    /** The baseline runs on the same engine as the preview beside it: said once is enough. */
    private static AccuracyEstimate withoutEngine(AccuracyEstimate e) {
        return new AccuracyEstimate(e.seen(), e.total(), e.correct(), e.correctTop5(), e.lossSum(), e.seconds());
    }

    static String format(String what, AccuracyEstimate e) {
        return String.format("%s: top-1 %.1f %% ± %.1f · top-5 %.1f %% · loss %.3f  (%s / %s examples%s%s)", what,
                100 * e.accuracy(), 100 * e.halfWidth95(), 100 * e.top5Accuracy(), e.meanLoss(),
                Formats.exact(e.seen()), Formats.exact(e.total()), e.complete() ? "" : ", refining",
                e.engine().isEmpty() ? "" : "; engine: " + e.engine());
    }
}
