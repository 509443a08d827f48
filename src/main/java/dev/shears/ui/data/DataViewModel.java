package dev.shears.ui.data;

import dev.shears.data.DataException;
import dev.shears.data.DataFit;
import dev.shears.data.DataProfile;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSource;
import dev.shears.data.DataSpec;
import dev.shears.data.ExamplePictures;
import dev.shears.data.Examples;
import dev.shears.errors.UserMessages;
import dev.shears.io.ModelData;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.task.TaskRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * File ▸ Data…: the opened model's data profile being edited — a source per role, chosen by path
 * and recognised by {@link ModelData#specFor}, an optional per-channel mean / std for image models —
 * with a live preview of the first examples as the model sees them, checked against the model
 * ({@link DataFit}). Nothing changes until {@link #apply}. All work that reads files runs on the
 * {@link TaskRunner}; every method is called on the JavaFX thread.
 */
public final class DataViewModel {
    public static final int PREVIEW_COUNT = 16;
    public static final String BUILT_IN_NOTE = "Built-in: Fashion-MNIST (validation = test images 0–4999, "
            + "test = 5000–9999, training = 60,000)";
    private static final String PREVIEW_TASK = "data-preview";
    private static final String SOURCES_TASK = "data-sources";
    private static final String MEAN = "mean";
    private static final String STD = "std";

    /** One previewed example: its picture and its label (class name, index, or "no label"). */
    public record PreviewItem(ExamplePictures.Picture picture, String label) {
    }

    private record Preview(List<PreviewItem> items, String message) {
    }

    private record Sources(Map<DataRole, String> lines, List<String> notes) {
    }

    private final MainViewModel main;
    private final TaskRunner runner;
    private final NetworkGraph graph;
    private final Path modelFile;
    private final DataProfile original;
    private final Map<DataRole, ReadOnlyObjectWrapper<DataSpec>> specs = new EnumMap<>(DataRole.class);
    private final Map<DataRole, ReadOnlyStringWrapper> choiceProblems = new EnumMap<>(DataRole.class);
    private final Map<DataRole, ReadOnlyStringWrapper> sourceLines = new EnumMap<>(DataRole.class);
    private final StringProperty mean = new SimpleStringProperty(this, "mean", "");
    private final StringProperty std = new SimpleStringProperty(this, "std", "");
    private final ReadOnlyStringWrapper normalisationProblem = new ReadOnlyStringWrapper(this,
            "normalisationProblem", "");
    private final ReadOnlyObjectWrapper<DataRole> previewRole = new ReadOnlyObjectWrapper<>(this, "previewRole",
            DataRole.VALIDATION);
    private final ObservableList<PreviewItem> preview = FXCollections.observableArrayList();
    // one read-only view each: a fresh wrapper per call listens weakly and, unreferenced, loses its listeners
    private final ObservableList<PreviewItem> previewView = FXCollections.unmodifiableObservableList(preview);
    private final ReadOnlyStringWrapper previewMessage = new ReadOnlyStringWrapper(this, "previewMessage", "");
    private final ReadOnlyBooleanWrapper previewing = new ReadOnlyBooleanWrapper(this, "previewing");
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObservableList<String> notesView = FXCollections.unmodifiableObservableList(notes);
    private final ReadOnlyStringWrapper builtIn = new ReadOnlyStringWrapper(this, "builtIn", "");
    private final ReadOnlyStringWrapper applyProblem = new ReadOnlyStringWrapper(this, "applyProblem", "");
    private final ReadOnlyIntegerWrapper choosing = new ReadOnlyIntegerWrapper(this, "choosing");
    private final ReadOnlyBooleanWrapper applicable = new ReadOnlyBooleanWrapper(this, "applicable");
    /** Sources opened for the preview and the role lines, by spec: the two share them, so a file is read once. */
    private final Map<DataSpec, DataSource> opened = new ConcurrentHashMap<>();
    /** Counts preview requests, so that a superseded one ending does not say the newest has finished. */
    private int previewRequest;

    /** Edits the data of the model open in {@code main} (one must be open). */
    public DataViewModel(MainViewModel main) {
        this.main = main;
        this.runner = main.runner();
        DataSets data = main.dataProperty().get();
        this.graph = data.graph();
        this.modelFile = main.history().get(0).model().file();
        this.original = data.profile();
        for (DataRole role : DataRole.values()) {
            specs.put(role, new ReadOnlyObjectWrapper<>(this, role.name().toLowerCase(Locale.ROOT) + "Spec",
                    original.source(role).map(DataViewModel::withoutNormalisation).orElse(null)));
            choiceProblems.put(role, new ReadOnlyStringWrapper(this, "choiceProblem", ""));
            sourceLines.put(role, new ReadOnlyStringWrapper(this, "sourceLine", ""));
        }
        // the fields start from what the profile holds; one normalisation serves every role, as the model
        // was trained with one
        for (DataRole role : DataRole.values()) {
            Optional<DataSpec> spec = original.source(role);
            if (spec.isPresent() && (spec.get().options().containsKey(MEAN) || spec.get().options().containsKey(STD))) {
                mean.set(spec.get().option(MEAN, ""));
                std.set(spec.get().option(STD, ""));
                break;
            }
        }
        previewRole.set(firstChosenRole().orElse(DataRole.VALIDATION));
        mean.addListener((obs, old, text) -> refresh());
        std.addListener((obs, old, text) -> refresh());
        choosing.addListener((obs, old, count) -> updateApplicable());
        refresh();
    }

    /** Recognises the data at {@code path} (a file or folder) off the FX thread and makes it the role's source. */
    public void choose(DataRole role, Path path) {
        String task = "data-choose-" + role.name();
        choiceProblems.get(role).set("");
        choosing.set(choosing.get() + 1);
        runner.submit(task, "Reading " + path.getFileName() + "…", (progress, cancellation) -> ModelData.specFor(path),
                spec -> {
                    specs.get(role).set(withoutNormalisation(spec));
                    previewRole.set(role);
                    refresh();
                },
                error -> choiceProblems.get(role).set(sentence(path, error)));
        runner.whenDone(task, () -> choosing.set(choosing.get() - 1));
    }

    /** The role gets no source. */
    public void clear(DataRole role) {
        runner.cancel("data-choose-" + role.name());
        choiceProblems.get(role).set("");
        specs.get(role).set(null);
        if (previewRole.get() == role) {
            previewRole.set(firstChosenRole().orElse(DataRole.VALIDATION));
        }
        refresh();
    }

    /** Shows the first examples of this role's source. */
    public void showPreviewOf(DataRole role) {
        if (previewRole.get() != role) {
            previewRole.set(role);
            refresh();
        }
    }

    /** The profile {@link #apply} would use: the chosen sources with the mean / std fields. */
    public DataProfile profile() {
        Map<DataRole, DataSpec> sources = new EnumMap<>(DataRole.class);
        for (DataRole role : DataRole.values()) {
            DataSpec spec = specs.get(role).get();
            if (spec != null) {
                sources.put(role, withNormalisation(spec));
            }
        }
        return new DataProfile(sources);
    }

    /**
     * Makes the edited profile the model's data (saved for its file, data re-opened). Returns false, with
     * {@link #applyProblemProperty} saying why, when it cannot; an unchanged profile is left as it is.
     */
    public boolean apply() {
        if (!applicable.get()) {
            applyProblem.set(normalisationProblem.get().isEmpty() ? "Wait until the chosen data is read"
                    : normalisationProblem.get());
            return false;
        }
        DataProfile edited = profile();
        // re-opening an unchanged profile would only drop the data sets already read
        if (!edited.equals(original)) {
            try {
                main.useProfile(edited);
            } catch (IOException e) {
                applyProblem.set(UserMessages.describe(e, "saving the data choice"));
                return false;
            }
        }
        cancel();
        return true;
    }

    /** Stops reading; nothing is changed. */
    public void cancel() {
        for (DataRole role : DataRole.values()) {
            runner.cancel("data-choose-" + role.name());
        }
        runner.cancel(PREVIEW_TASK);
        runner.cancel(SOURCES_TASK);
    }

    private void refresh() {
        applyProblem.set("");
        normalisationProblem.set(normalisationProblem().orElse(""));
        updateApplicable();
        builtIn.set(ModelData.sampleProfile(modelFile).filter(profile()::equals).map(p -> BUILT_IN_NOTE).orElse(""));
        if (!normalisationProblem.get().isEmpty()) {
            return;
        }
        DataProfile profile = profile();
        refreshPreview(profile);
        runner.submitQuietly(SOURCES_TASK, (progress, cancellation) -> sources(profile), result -> {
            for (DataRole role : DataRole.values()) {
                sourceLines.get(role).set(result.lines().get(role));
            }
            notes.setAll(result.notes());
        }, error -> notes.setAll(sentence(null, error)));
    }

    private void refreshPreview(DataProfile profile) {
        DataRole role = previewRole.get();
        Optional<DataSpec> spec = profile.source(role);
        if (spec.isEmpty()) {
            preview.clear();
            runner.cancel(PREVIEW_TASK);
            previewing.set(false);
            previewMessage.set("No " + role.displayName() + " data is chosen");
            return;
        }
        previewing.set(true);
        previewMessage.set("Reading the first examples of the " + role.displayName() + " data…");
        runner.submit(PREVIEW_TASK, "Previewing " + role.displayName() + " data…",
                (progress, cancellation) -> preview(profile, spec.get()),
                result -> {
                    // the old pictures stay while the new ones are read, so typing a mean does not flicker
                    preview.setAll(result.items());
                    previewMessage.set(result.message());
                },
                error -> {
                    preview.clear();
                    previewMessage.set(sentence(spec.get().path(), error));
                });
        int request = ++previewRequest;
        runner.whenDone(PREVIEW_TASK, () -> previewing.set(previewing.get() && request != previewRequest));
    }

    /** Off the FX thread: the first examples of {@code spec}, or why the model cannot take them. */
    private Preview preview(DataProfile profile, DataSpec spec) throws DataException {
        keepOnlySourcesOf(profile);
        DataSource source = open(spec, graph.input());
        Optional<String> problem = DataFit.problem(graph, source);
        if (problem.isPresent()) {
            return new Preview(List.of(), problem.get());
        }
        int count = Math.min(PREVIEW_COUNT, source.size());
        Examples batch = source.read(0, count);
        List<PreviewItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new PreviewItem(ExamplePictures.of(batch, i, graph.input().image()),
                    label(batch, i, source.classNames())));
        }
        return new Preview(items, "The first " + count + " of " + source.name() + ", as the model sees them");
    }

    /** Off the FX thread: each role's source as {@link DataSets} opens it (splits included), and its notes. */
    private Sources sources(DataProfile profile) {
        keepOnlySourcesOf(profile);
        DataSets sets = DataSets.open(profile, graph, this::open);
        Map<DataRole, String> lines = new HashMap<>();
        for (DataRole role : DataRole.values()) {
            String name = capitalise(role.displayName()) + ": ";
            if (!sets.has(role)) {
                lines.put(role, name + "none");
                continue;
            }
            try {
                DataSource source = sets.get(role).orElseThrow();
                lines.put(role, name + source.name() + " · "
                        + NumberFormat.getIntegerInstance(Locale.ROOT).format(source.size()) + " examples");
            } catch (DataException e) {
                lines.put(role, name + UserMessages.describe(e, "opening the " + role.displayName() + " data"));
            }
        }
        return new Sources(lines, sets.notes());
    }

    /**
     * Off the FX thread. Every mean typed is another spec, and a training set can take hundreds of MB:
     * only the sources of the profile now edited are kept.
     */
    private void keepOnlySourcesOf(DataProfile profile) {
        opened.keySet().retainAll(profile.sources().values());
    }

    private DataSource open(DataSpec spec, ModelInput input) throws DataException {
        DataSource source = opened.get(spec);
        if (source == null) {
            source = ModelData.openSpec(spec, input);
            opened.put(spec, source);
        }
        return source;
    }

    private static String label(Examples batch, int example, List<String> classNames) {
        if (batch.labels().isEmpty()) {
            return "no label";
        }
        int label = batch.label(example);
        return label >= 0 && label < classNames.size() ? classNames.get(label) : String.valueOf(label);
    }

    private Optional<DataRole> firstChosenRole() {
        for (DataRole role : DataRole.values()) {
            if (specs.get(role).get() != null) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private void updateApplicable() {
        applicable.set(choosing.get() == 0 && normalisationProblem.get().isEmpty());
    }

    /** Mean and std only mean something for images; for other inputs the fields are ignored. */
    public boolean takesNormalisation() {
        return graph.input().image().isPresent();
    }

    private Optional<String> normalisationProblem() {
        if (!takesNormalisation()) {
            return Optional.empty();
        }
        return numbersProblem("Mean", mean.get(), false).or(() -> numbersProblem("Std", std.get(), true));
    }

    /** Blank, or comma-separated numbers: one for every channel, or one per channel. */
    private Optional<String> numbersProblem(String field, String text, boolean positive) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        String[] parts = text.split(",", -1);
        for (String part : parts) {
            String number = part.trim();
            double value;
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                return Optional.of(field + ": '" + number + "' is not a number");
            }
            if (!Double.isFinite(value)) {
                return Optional.of(field + ": '" + number + "' is not a finite number");
            }
            if (positive && value <= 0) {
                return Optional.of(field + ": " + number + " is not above 0 (each value divides a channel)");
            }
        }
        int channels = graph.input().image().orElseThrow().channels();
        if (parts.length != 1 && parts.length != channels) {
            return Optional.of(field + ": give one number for all channels or " + channels
                    + " (one per channel), not " + parts.length);
        }
        return Optional.empty();
    }

    private DataSpec withNormalisation(DataSpec spec) {
        if (!takesNormalisation()) {
            return spec;
        }
        DataSpec out = spec;
        if (!mean.get().isBlank()) {
            out = out.with(MEAN, canonical(mean.get()));
        }
        if (!std.get().isBlank()) {
            out = out.with(STD, canonical(std.get()));
        }
        return out;
    }

    private static DataSpec withoutNormalisation(DataSpec spec) {
        Map<String, String> options = new HashMap<>(spec.options());
        options.remove(MEAN);
        options.remove(STD);
        return new DataSpec(spec.kind(), spec.path(), options);
    }

    /** "0.5, 0.25 " → "0.5,0.25": the numbers as typed, without spaces. */
    private static String canonical(String numbers) {
        return String.join(",", java.util.Arrays.stream(numbers.split(",")).map(String::trim).toList());
    }

    private static String sentence(Path path, Throwable error) {
        return UserMessages.describe(error, path == null ? "reading the data" : "reading " + path);
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The role's chosen source, or null when it has none. */
    public ReadOnlyObjectProperty<DataSpec> specProperty(DataRole role) {
        return specs.get(role).getReadOnlyProperty();
    }

    /** Why the last path chosen for the role could not be used; empty when it could. */
    public ReadOnlyStringProperty choiceProblemProperty(DataRole role) {
        return choiceProblems.get(role).getReadOnlyProperty();
    }

    /** "Validation: NAME · N examples" once the role's source is opened, or why it cannot be. */
    public ReadOnlyStringProperty sourceLineProperty(DataRole role) {
        return sourceLines.get(role).getReadOnlyProperty();
    }

    /** Comma-separated per-channel means to subtract after scaling images to [0, 1]; blank for none. */
    public StringProperty meanProperty() {
        return mean;
    }

    /** Comma-separated per-channel standard deviations to divide by; blank for none. */
    public StringProperty stdProperty() {
        return std;
    }

    public ReadOnlyStringProperty normalisationProblemProperty() {
        return normalisationProblem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DataRole> previewRoleProperty() {
        return previewRole.getReadOnlyProperty();
    }

    public ObservableList<PreviewItem> preview() {
        return previewView;
    }

    /** What the preview shows, or why it shows nothing (the fit problem or the reading error). */
    public ReadOnlyStringProperty previewMessageProperty() {
        return previewMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty previewingProperty() {
        return previewing.getReadOnlyProperty();
    }

    /** How the profile is interpreted ({@link DataSets#notes()}), e.g. a split of one source. */
    public ObservableList<String> notes() {
        return notesView;
    }

    /** {@link #BUILT_IN_NOTE} while the profile is a bundled sample's built-in one, else empty. */
    public ReadOnlyStringProperty builtInProperty() {
        return builtIn.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty applyProblemProperty() {
        return applyProblem.getReadOnlyProperty();
    }

    /** No path is being read and the mean / std are valid. */
    public ReadOnlyBooleanProperty applicableProperty() {
        return applicable.getReadOnlyProperty();
    }
}
