package dev.shears.ui.tune;

import dev.shears.ui.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The fine-tuning window: settings (with Network Slimming's sparsity penalty and distillation from
 * the opened model), Start / Stop (keeps the best checkpoint), and three live charts — training loss
 * and validation accuracy against epochs, and a histogram of every BatchNorm |γ| that shows them
 * polarise under the penalty. Non-modal: the main window stays usable.
 */
public final class FineTuneWindow {
    public static final String ROOT_ID = "fineTuneWindow";
    private final Stage stage = new Stage();

    public FineTuneWindow(Window owner, FineTuneViewModel viewModel, String stylesheet) {
        stage.initOwner(owner);
        stage.setTitle("Fine-tune — Shears");

        Spinner<Integer> epochs = new Spinner<>(1, 100, viewModel.epochsProperty().get());
        epochs.setId("tuneEpochs");
        epochs.setEditable(false); // arrows and keys only: a typed non-number would throw in JavaFX 21
        epochs.valueProperty().addListener((obs, old, v) -> viewModel.epochsProperty().set(v));
        viewModel.epochsProperty().addListener((obs, old, v) -> epochs.getValueFactory().setValue(v.intValue()));
        epochs.setTooltip(new Tooltip("Passes over the training images (per step in iterative mode)"));
        TextField rate = new TextField(String.valueOf(viewModel.learningRateProperty().get()));
        rate.setId("tuneRate");
        rate.setTooltip(new Tooltip("Recovery learning rate; default 1/10 of the samples' training rate (Adam 1e-3)"));
        viewModel.learningRateProperty().addListener((obs, old, v) -> {
            if (!rate.getText().trim().equals(String.valueOf(v))) {
                rate.setText(String.valueOf(v));
            }
        });
        rate.textProperty().addListener((obs, old, t) -> {
            try {
                double v = Double.parseDouble(t.trim());
                if (v > 0 && v < 1) {
                    viewModel.learningRateProperty().set(v);
                }
            } catch (NumberFormatException ignored) {
                // keep the last valid rate while typing
            }
        });
        Spinner<Integer> images = new Spinner<>(500, 60_000, viewModel.trainImagesProperty().get(), 500);
        images.setId("tuneImages");
        images.setEditable(false);
        images.valueProperty().addListener((obs, old, v) -> viewModel.trainImagesProperty().set(v));
        images.setTooltip(new Tooltip("Training images per epoch (the first N of the 60,000)"));
        CheckBox iterative = new CheckBox("Iterative (AGP): prune towards the panel's choice in steps, fine-tuning "
                + "after each");
        iterative.setId("tuneIterative");
        iterative.selectedProperty().bindBidirectional(viewModel.iterativeProperty());
        Spinner<Integer> steps = new Spinner<>(1, 20, viewModel.stepsProperty().get());
        steps.setId("tuneSteps");
        steps.valueProperty().addListener((obs, old, v) -> viewModel.stepsProperty().set(v));
        steps.disableProperty().bind(iterative.selectedProperty().not());
        steps.setTooltip(new Tooltip("K steps; sparsity follows s_t = s_f(1 − (1 − t/K)³) (Zhu & Gupta 2017)"));

        TextField sparsity = new TextField(String.valueOf(viewModel.sparsityL1Property().get()));
        sparsity.setId("tuneSparsity");
        sparsity.setPrefColumnCount(7);
        sparsity.setTooltip(new Tooltip("Network Slimming (Liu et al. 2017): adds λ·Σ|γ| over every BatchNorm scale to"
                + " the loss, so channels the network can spare drift to γ ≈ 0; then prune by bn-gamma. 0: off."
                + " Typical 1e-4 to 1e-3. With a penalty the last epoch is kept, not the best."));
        positiveOrZero(sparsity, viewModel.sparsityL1Property(), Double.MAX_VALUE);
        CheckBox distill = new CheckBox("Distil from the opened (unpruned) model");
        distill.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        distill.setId("tuneDistill");
        distill.selectedProperty().bindBidirectional(viewModel.distillProperty());
        distill.setTooltip(new Tooltip("Knowledge distillation (Hinton et al. 2015): learn from the unpruned model's"
                + " softened outputs as well as from the labels"));
        TextField temperature = new TextField(String.valueOf(viewModel.temperatureProperty().get()));
        temperature.setId("tuneTemperature");
        temperature.setPrefColumnCount(4);
        temperature.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        temperature.setTooltip(new Tooltip("Temperature T: softmax(z/T) spreads the teacher's outputs so the student"
                + " sees how it ranks the wrong classes; 1 compares plain outputs"));
        positiveOrZero(temperature, viewModel.temperatureProperty(), Double.MAX_VALUE);
        TextField alpha = new TextField(String.valueOf(viewModel.alphaProperty().get()));
        alpha.setId("tuneAlpha");
        alpha.setPrefColumnCount(4);
        alpha.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        alpha.setTooltip(new Tooltip("Weight α of the teacher's term, in [0, 1]; the labels get 1 − α"));
        positiveOrZero(alpha, viewModel.alphaProperty(), 1);
        temperature.disableProperty().bind(distill.selectedProperty().not());
        alpha.disableProperty().bind(distill.selectedProperty().not());
        HBox distillRow = new HBox(8, distill, new Label("temperature T"), temperature, new Label("weight α"), alpha);
        distillRow.setAlignment(Pos.CENTER_LEFT);
        CheckBox reinit = new CheckBox("From a fresh initialisation: train the current architecture from random weights");
        reinit.setId("tuneReinit");
        reinit.selectedProperty().bindBidirectional(viewModel.reinitProperty());
        reinit.setTooltip(new Tooltip("The baseline of Liu et al. 2019 (\"Rethinking the Value of Network Pruning\"):"
                + " is the pruned model's value in its weights or only in its shape? For a bundled sample the epochs and"
                + " rate become those it was trained with."));
        reinit.disableProperty().bind(iterative.selectedProperty());
        iterative.disableProperty().bind(reinit.selectedProperty());

        GridPane settings = new GridPane();
        settings.setHgap(10);
        settings.setVgap(6);
        settings.addRow(0, new Label("Epochs"), epochs, new Label("Learning rate"), rate);
        settings.addRow(1, new Label("Training images"), images, new Label("AGP steps"), steps);
        settings.add(iterative, 0, 2, 4, 1);
        settings.addRow(3, new Label("Sparsity λ (BN γ)"), sparsity);
        settings.add(distillRow, 0, 4, 4, 1);
        settings.add(reinit, 0, 5, 4, 1);

        NumberAxis lossX = new NumberAxis();
        lossX.setLabel("epochs");
        NumberAxis lossY = new NumberAxis();
        lossY.setLabel("training loss");
        lossY.setForceZeroInRange(false);
        LineChart<Number, Number> loss = new LineChart<>(lossX, lossY);
        loss.setId("tuneLossChart");
        loss.setCreateSymbols(false);
        loss.setAnimated(false);
        loss.setLegendVisible(false);
        XYChart.Series<Number, Number> lossSeries = new XYChart.Series<>();
        loss.getData().add(lossSeries);
        NumberAxis accX = new NumberAxis();
        accX.setLabel("epochs");
        NumberAxis accY = new NumberAxis();
        accY.setLabel("validation top-1 %");
        accY.setForceZeroInRange(false);
        LineChart<Number, Number> accuracy = new LineChart<>(accX, accY);
        accuracy.setId("tuneAccuracyChart");
        accuracy.setAnimated(false);
        accuracy.setLegendVisible(false);
        XYChart.Series<Number, Number> accSeries = new XYChart.Series<>();
        accuracy.getData().add(accSeries);
        viewModel.points().addListener((ListChangeListener<FineTuneViewModel.Point>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && viewModel.points().isEmpty()) {
                    lossSeries.getData().clear();
                    accSeries.getData().clear();
                }
                for (FineTuneViewModel.Point p : c.getAddedSubList()) {
                    if (Double.isFinite(p.trainLoss())) {
                        lossSeries.getData().add(new XYChart.Data<>(p.epochs(), p.trainLoss()));
                    }
                    if (Double.isFinite(p.validationAccuracy())) {
                        accSeries.getData().add(new XYChart.Data<>(p.epochs(), 100 * p.validationAccuracy()));
                    }
                }
            }
        });
        GammaHistogram gammas = new GammaHistogram(viewModel.gammasProperty());
        HBox charts = new HBox(8, loss, accuracy, gammas.node());
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(accuracy, Priority.ALWAYS);
        HBox.setHgrow(gammas.node(), Priority.ALWAYS);
        VBox.setVgrow(charts, Priority.ALWAYS);

        Label status = new Label();
        status.setId("tuneStatus");
        status.getStyleClass().add(Styles.MUTED);
        status.textProperty().bind(viewModel.statusProperty());
        Button start = new Button("Start");
        start.setId("tuneStart");
        start.setDefaultButton(true);
        start.disableProperty().bind(viewModel.runningProperty().or(viewModel.possibleProperty().not()));
        start.setOnAction(e -> viewModel.start());
        Button stop = new Button("Stop (keep best)");
        stop.setId("tuneStop");
        stop.setTooltip(new Tooltip("Stops after the current batch; the best checkpoint so far becomes a new step"));
        stop.disableProperty().bind(viewModel.runningProperty().not());
        stop.setOnAction(e -> viewModel.stop());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.hide());
        HBox buttons = new HBox(8, status, new javafx.scene.layout.Region(), start, stop, close);
        HBox.setHgrow(buttons.getChildren().get(1), Priority.ALWAYS);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label help = new Label();
        help.setId("tuneExplanation");
        help.textProperty().bind(viewModel.explanationProperty());
        help.setWrapText(true);
        help.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrap instead of cutting the sentence
        help.getStyleClass().add(Styles.MUTED);
        VBox root = new VBox(10, help, settings, charts, buttons);
        root.setId(ROOT_ID);
        root.setPadding(new Insets(12));
        Scene scene = new Scene(root, 1180, 600);
        scene.getStylesheets().add(stylesheet);
        stage.setScene(scene);
    }

    /** Sets {@code property} from the field when the text is a number in [0, max]; keeps the last valid one while typing. */
    private static void positiveOrZero(TextField field, javafx.beans.property.DoubleProperty property, double max) {
        field.textProperty().addListener((obs, old, t) -> {
            try {
                double v = Double.parseDouble(t.trim());
                boolean valid = v >= 0 && v <= max && Double.isFinite(v);
                field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), !valid);
                if (valid) {
                    property.set(v);
                }
            } catch (NumberFormatException ignored) {
                field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), true);
            }
        });
    }

    public void show() {
        stage.show();
        stage.toFront();
    }
}
