package dev.shears.ui.data;

import dev.shears.data.DataKind;
import dev.shears.data.DataRole;
import dev.shears.data.DataSpec;
import dev.shears.data.ExamplePictures;
import dev.shears.ui.Styles;
import java.io.File;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * File ▸ Data…: a source per role (validation, test, training) chosen as a folder or a file, the
 * images' mean / std, and a preview of the first 16 examples as the model sees them, each with its
 * label. Apply (Enter) saves the choice for the model's file; Cancel (Esc) changes nothing.
 */
public final class DataDialog {
    public static final String ROOT_ID = "dataDialog";
    private static final int COLUMNS = 4;
    private static final double TILE = 84;
    /** A tile's room for its label under the picture. */
    private static final double LABEL_HEIGHT = 20;
    private static final double GAP = 8;

    private final Stage stage = new Stage();
    private final DataViewModel viewModel;
    private final ToggleGroup previewed = new ToggleGroup();
    private final GridPane previewGrid = new GridPane();
    private final Button apply = new Button("Apply");
    private File lastFolder;

    public DataDialog(Window owner, DataViewModel viewModel, String stylesheet) {
        this.viewModel = viewModel;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Data — Shears");

        Label help = new Label("Validation guides choices (previews, scans), test grades the result, training "
                + "feeds fine-tuning. Choose a folder (images in one sub-folder per class, or IDX files) or a "
                + "file (.npz, .npy, .csv, IDX).");
        help.setWrapText(true);
        help.setMinHeight(Region.USE_PREF_SIZE); // wrap instead of cutting the sentence
        help.getStyleClass().add(Styles.MUTED);
        Label builtIn = new Label();
        builtIn.setId("dataBuiltIn");
        builtIn.getStyleClass().add(Styles.DATA_BUILT_IN);
        builtIn.setWrapText(true);
        builtIn.setMinHeight(Region.USE_PREF_SIZE);
        builtIn.setTooltip(new Tooltip("The bundled samples come with this data; choosing other data replaces it"));
        builtIn.textProperty().bind(viewModel.builtInProperty());
        showOnlyWithText(builtIn);

        VBox roles = new VBox(8);
        for (DataRole role : DataRole.values()) {
            roles.getChildren().add(roleRow(role));
        }
        VBox left = new VBox(10, help, builtIn, roles, normalisation(), notes());
        left.setPrefWidth(560);
        HBox.setHgrow(left, Priority.ALWAYS);

        HBox body = new HBox(16, left, preview());
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox root = new VBox(12, body, buttons());
        root.setId(ROOT_ID);
        root.setPadding(new Insets(14));
        // sized for the lines that arrive after opening (source lines, notes), not only for what is there at first
        Scene scene = new Scene(root, 1020, 600);
        scene.getStylesheets().add(stylesheet);
        // Enter applies wherever the focus is: a focused radio button would otherwise take the key
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !apply.isDisabled()) {
                e.consume();
                apply.fire();
            }
        });
        stage.setScene(scene);
        stage.setOnHidden(e -> viewModel.cancel());
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    private VBox roleRow(DataRole role) {
        String name = capitalise(role.displayName());
        RadioButton title = new RadioButton(name);
        title.setId("dataPreview" + key(role));
        title.setToggleGroup(previewed);
        title.getStyleClass().add(Styles.SECTION_TITLE);
        title.setTooltip(new Tooltip("Preview the first examples of the " + role.displayName() + " data"));
        title.setSelected(viewModel.previewRoleProperty().get() == role);
        viewModel.previewRoleProperty().addListener((obs, old, shown) -> title.setSelected(shown == role));
        title.setOnAction(e -> viewModel.showPreviewOf(role));

        Button folder = new Button("Choose folder…");
        folder.setId("dataFolder" + key(role));
        folder.setTooltip(new Tooltip("A folder of images (one sub-folder per class) or of IDX files, as "
                + role.displayName() + " data"));
        folder.setOnAction(e -> chooseFolder(role));
        Button file = new Button("Choose file…");
        file.setId("dataFile" + key(role));
        file.setTooltip(new Tooltip("A .npz, .npy, .csv or IDX file as " + role.displayName() + " data"));
        file.setOnAction(e -> chooseFile(role));
        Button clear = new Button("Clear");
        clear.setId("dataClear" + key(role));
        clear.setTooltip(new Tooltip("Use no " + role.displayName() + " data"));
        clear.disableProperty().bind(viewModel.specProperty(role).isNull());
        clear.setOnAction(e -> viewModel.clear(role));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox heading = new HBox(8, title, spacer, folder, file, clear);
        heading.setAlignment(Pos.CENTER_LEFT);

        Label path = new Label();
        path.setId("dataPath" + key(role));
        path.getStyleClass().add(Styles.DATA_PATH);
        path.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS); // the file name matters most
        path.setMaxWidth(Double.MAX_VALUE);
        path.textProperty().bind(Bindings.createStringBinding(() -> describe(viewModel.specProperty(role).get()),
                viewModel.specProperty(role)));
        Tooltip pathTip = new Tooltip();
        pathTip.textProperty().bind(Bindings.createStringBinding(() -> details(viewModel.specProperty(role).get()),
                viewModel.specProperty(role)));
        path.setTooltip(pathTip);
        Label source = new Label();
        source.setId("dataSource" + key(role));
        source.getStyleClass().add(Styles.MUTED);
        source.setWrapText(true);
        source.setMinHeight(Region.USE_PREF_SIZE);
        source.textProperty().bind(viewModel.sourceLineProperty(role));
        source.setTooltip(new Tooltip("The source as Shears opened it for this model"));
        showOnlyWithText(source);
        Label problem = new Label();
        problem.setId("dataProblem" + key(role));
        problem.getStyleClass().add(Styles.PROBLEM);
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(viewModel.choiceProblemProperty(role));
        problem.setTooltip(new Tooltip("Why the chosen path cannot be used; the previous choice stays"));
        showOnlyWithText(problem);

        VBox row = new VBox(4, heading, path, source, problem);
        row.getStyleClass().add(Styles.DATA_ROLE);
        return row;
    }

    private GridPane normalisation() {
        TextField mean = new TextField();
        mean.setId("dataMean");
        mean.setPromptText("e.g. 0.2860");
        mean.textProperty().bindBidirectional(viewModel.meanProperty());
        mean.setTooltip(new Tooltip("Subtracted from each channel after scaling pixels to [0, 1]: one number, "
                + "or one per channel separated by commas; blank for none"));
        TextField std = new TextField();
        std.setId("dataStd");
        std.setPromptText("e.g. 0.3530");
        std.textProperty().bindBidirectional(viewModel.stdProperty());
        std.setTooltip(new Tooltip("Each channel is divided by it after the mean: one positive number, or one "
                + "per channel separated by commas; blank for none"));
        boolean images = viewModel.takesNormalisation();
        mean.setDisable(!images);
        std.setDisable(!images);
        Label hint = new Label(images ? "Per channel, after scaling pixels to [0, 1], as the model was trained; "
                + "blank for none. Used for every role." : "Mean and std apply only to models that take images.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().add(Styles.MUTED);
        Label problem = new Label();
        problem.setId("dataNormalisationProblem");
        problem.getStyleClass().add(Styles.PROBLEM);
        problem.setWrapText(true);
        problem.textProperty().bind(viewModel.normalisationProblemProperty());
        showOnlyWithText(problem);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Mean"), mean, new Label("Std"), std);
        grid.add(hint, 0, 1, 4, 1);
        grid.add(problem, 0, 2, 4, 1);
        GridPane.setHgrow(mean, Priority.ALWAYS);
        GridPane.setHgrow(std, Priority.ALWAYS);
        return grid;
    }

    private VBox notes() {
        VBox notes = new VBox(4);
        notes.setId("dataNotes");
        viewModel.notes().addListener((ListChangeListener<String>) c -> {
            notes.getChildren().clear();
            for (String note : viewModel.notes()) {
                Label label = new Label(capitalise(note) + ".");
                label.setWrapText(true);
                label.setMinHeight(Region.USE_PREF_SIZE);
                label.getStyleClass().add(Styles.MUTED);
                label.setTooltip(new Tooltip("How Shears reads this choice"));
                notes.getChildren().add(label);
            }
        });
        return notes;
    }

    private VBox preview() {
        Label title = new Label();
        title.getStyleClass().add(Styles.SECTION_TITLE);
        title.textProperty().bind(Bindings.createStringBinding(
                () -> "Preview: " + viewModel.previewRoleProperty().get().displayName(),
                viewModel.previewRoleProperty()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(viewModel.previewingProperty());
        busy.setTooltip(new Tooltip("Reading the examples…"));
        HBox heading = new HBox(8, title, busy);
        heading.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("dataPreviewMessage");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(viewModel.previewMessageProperty());
        message.setTooltip(new Tooltip("What the preview shows, or why the model cannot take this data"));

        previewGrid.setId("dataPreviewGrid");
        previewGrid.setHgap(GAP);
        previewGrid.setVgap(GAP);
        // room for all 16 tiles from the start, so the window does not have to grow when they arrive
        int rows = DataViewModel.PREVIEW_COUNT / COLUMNS;
        previewGrid.setMinSize(COLUMNS * (TILE + GAP) - GAP, rows * (TILE + LABEL_HEIGHT + GAP) - GAP);
        viewModel.preview().addListener((ListChangeListener<DataViewModel.PreviewItem>) c -> fillPreview());
        fillPreview();
        VBox box = new VBox(8, heading, message, previewGrid);
        box.setPrefWidth(COLUMNS * (TILE + GAP) + 2 * GAP);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private void fillPreview() {
        previewGrid.getChildren().clear();
        int i = 0;
        for (DataViewModel.PreviewItem item : viewModel.preview()) {
            ImageView view = new ImageView(image(item.picture()));
            view.setSmooth(false); // nearest neighbour: each pixel the model sees stays a sharp square
            boolean strip = item.picture().height() == 1;
            view.setPreserveRatio(!strip);
            view.setFitWidth(TILE);
            view.setFitHeight(strip ? TILE / 6 : TILE);
            Label label = new Label(item.label());
            label.getStyleClass().add(Styles.DATA_TILE_LABEL);
            label.setMaxWidth(TILE);
            VBox tile = new VBox(2, view, label);
            tile.setPrefSize(TILE, TILE + LABEL_HEIGHT);
            tile.setAlignment(Pos.TOP_CENTER);
            tile.getStyleClass().add(Styles.DATA_TILE);
            Tooltip.install(tile, new Tooltip("Example " + i + ": " + item.label()));
            previewGrid.add(tile, i % COLUMNS, i / COLUMNS);
            i++;
        }
    }

    private HBox buttons() {
        Label problem = new Label();
        problem.setId("dataApplyProblem");
        problem.getStyleClass().add(Styles.PROBLEM);
        problem.setWrapText(true);
        problem.textProperty().bind(viewModel.applyProblemProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        apply.setId("dataApply");
        apply.setDefaultButton(true);
        apply.disableProperty().bind(viewModel.applicableProperty().not());
        apply.setTooltip(new Tooltip("Use this data for the model and remember it for its file (Enter)"));
        apply.setOnAction(e -> {
            if (viewModel.apply()) {
                stage.hide();
            }
        });
        Button cancel = new Button("Cancel");
        cancel.setId("dataCancel");
        cancel.setCancelButton(true);
        cancel.setTooltip(new Tooltip("Close without changing the model's data (Esc)"));
        cancel.setOnAction(e -> stage.hide());
        HBox buttons = new HBox(8, problem, spacer, apply, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return buttons;
    }

    private void chooseFolder(DataRole role) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a folder of " + role.displayName() + " data");
        initialFolder(role).ifPresent(chooser::setInitialDirectory);
        File chosen = chooser.showDialog(stage);
        if (chosen != null) {
            lastFolder = chosen.getParentFile();
            viewModel.choose(role, chosen.toPath());
        }
    }

    private void chooseFile(DataRole role) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a file of " + role.displayName() + " data");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Data files (*.npz, *.npy, *.csv, IDX)", "*.npz", "*.npy", "*.csv",
                        "*-ubyte", "*-ubyte.gz", "*.idx", "*.idx.gz"),
                new FileChooser.ExtensionFilter("NumPy archives (*.npz)", "*.npz"),
                new FileChooser.ExtensionFilter("NumPy arrays (*.npy)", "*.npy"),
                new FileChooser.ExtensionFilter("CSV tables (*.csv)", "*.csv"),
                new FileChooser.ExtensionFilter("IDX files (*-ubyte, *.idx, gzipped or not)", "*-ubyte",
                        "*-ubyte.gz", "*.idx", "*.idx.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        initialFolder(role).ifPresent(chooser::setInitialDirectory);
        File chosen = chooser.showOpenDialog(stage);
        if (chosen != null) {
            lastFolder = chosen.getParentFile();
            viewModel.choose(role, chosen.toPath());
        }
    }

    /** The folder last chosen from, else where the role's current data is. */
    private Optional<File> initialFolder(DataRole role) {
        Optional<File> current = Optional.ofNullable(viewModel.specProperty(role).get())
                .map(spec -> spec.path().toFile().getParentFile());
        return Optional.ofNullable(lastFolder).or(() -> current).filter(File::isDirectory);
    }

    private static WritableImage image(ExamplePictures.Picture picture) {
        WritableImage image = new WritableImage(picture.width(), picture.height());
        image.getPixelWriter().setPixels(0, 0, picture.width(), picture.height(), PixelFormat.getIntArgbInstance(),
                picture.argb(), 0, picture.width());
        return image;
    }

    private static String describe(DataSpec spec) {
        return spec == null ? "No data chosen" : kindName(spec.kind()) + "  ·  " + spec.path();
    }

    private static String details(DataSpec spec) {
        if (spec == null) {
            return "No data chosen";
        }
        String options = spec.options().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return spec.path() + (options.isEmpty() ? "" : "\n" + options);
    }

    private static String kindName(DataKind kind) {
        return switch (kind) {
            case IDX -> "IDX files";
            case IMAGE_FOLDER -> "Image folder";
            case NPZ -> "NumPy archive";
            case NPY -> "NumPy array";
            case CSV -> "CSV table";
        };
    }

    private static void showOnlyWithText(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    private static String key(DataRole role) {
        return capitalise(role.name().toLowerCase(Locale.ROOT));
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
