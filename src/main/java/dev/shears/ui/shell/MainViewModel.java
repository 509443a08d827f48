package dev.shears.ui.shell;

import dev.shears.StartupReport;
import dev.shears.analysis.Formats;
import dev.shears.errors.UserMessages;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoadException;
import dev.shears.data.DataProfile;
import dev.shears.data.DataProfileStore;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.data.DataSpec;
import dev.shears.io.ModelData;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelHistoryStore;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the main window: the open model, the recent files, the window title and status line,
 * and the last error to show. Opening runs on the {@link TaskRunner}; a failed open leaves the
 * current model untouched.
 */
public final class MainViewModel {
    public static final String DEFAULT_SAMPLE = "lenet-5";
    /**
     * Models of the history kept in memory: the opened one and the two most recent; the others wait
     * on disk until the user goes back to them (a VGG-sized network is hundreds of MB per step).
     */
    public static final int HISTORY_IN_MEMORY = 3;
    private static final String LOAD_TASK = "load-model";
    private static final String STEP_TASK = "history-step";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MainViewModel.class);

    private final TaskRunner runner;
    private final RecentFiles recentFiles;
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Path> opening = new ReadOnlyObjectWrapper<>(this, "opening");
    private final ReadOnlyObjectWrapper<NetworkGraph> outline = new ReadOnlyObjectWrapper<>(this, "outline");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Shears");
    private static final String NO_MODEL = "No model open — File ▸ Open (Ctrl+O) or drop a model file (.zip, .h5,"
            + " .onnx) here";
    private final ReadOnlyStringWrapper modelSummary = new ReadOnlyStringWrapper(this, "modelSummary", NO_MODEL);
    private final ReadOnlyObjectWrapper<UserMessage> lastError = new ReadOnlyObjectWrapper<>(this, "lastError");
    private static final int NOTICES_KEPT = 8;
    private final javafx.collections.ObservableList<Notice> notices = javafx.collections.FXCollections.observableArrayList();
    private final javafx.collections.ObservableList<Notice> readOnlyNotices =
            javafx.collections.FXCollections.unmodifiableObservableList(notices);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<HistoryStep> history = FXCollections.observableArrayList();
    /** Per step, the index of the step it was computed from (-1 for the opened model). */
    private final List<Integer> parents = new java.util.ArrayList<>();
    private final ReadOnlyIntegerWrapper currentStep = new ReadOnlyIntegerWrapper(this, "currentStep", -1);
    private final ReadOnlyObjectWrapper<DataSets> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final DataProfileStore profiles;
    private final ReadOnlyObjectWrapper<InputShapeRequest> inputShapeRequest = new ReadOnlyObjectWrapper<>(this,
            "inputShapeRequest");
    private Opened pendingOpen;
    /** Set by {@link #readWeightsAfterOutlineShown}: the next open waits for its outline to be drawn. */
    private java.util.concurrent.CountDownLatch nextOpenWaitsForOutline;
    /**
     * Counted down when the window has laid the outline out; the load waits for it before reading the
     * weights (and starting ND4J), so on two cores the outline is drawn first. Null: nothing waits.
     */
    private volatile java.util.concurrent.CountDownLatch outlineDrawn;
    /** The longest the next open's weights wait for its outline to be drawn (a window that never draws it). */
    private java.time.Duration outlineWait = java.time.Duration.ZERO;
    /** Spills older steps' models to the settings folder's cache; null until the first model opens, or if it cannot. */
    private ModelHistoryStore store;
    /** The step being read back from disk, or -1. */
    private int pendingStep = -1;

    public MainViewModel(TaskRunner runner, RecentFiles recentFiles) {
        this.runner = runner;
        this.recentFiles = recentFiles;
        this.profiles = new DataProfileStore(recentFiles.folder());
        recent.setAll(recentFiles.list());
        model.addListener((obs, old, loaded) -> describe(loaded));
        // while the first model loads the status bar's task says "Opening …": no "No model open" beside it
        opening.addListener((obs, old, file) -> {
            if (model.get() == null) {
                modelSummary.set(file == null ? NO_MODEL : "");
            }
            if (file == null) {
                outline.set(null);
            }
        });
        model.addListener((obs, old, loaded) -> outline.set(null));
    }

    /** Opens a model in the background; the current one stays until the new one has loaded. */
    public void open(Path file) {
        open(file, Optional.empty());
    }

    /**
     * Opens a model and, when {@code data} is given, makes that folder or file its validation data
     * (remembered for the model, as File ▸ Data… would).
     */
    public void open(Path file, Optional<Path> data) {
        Path target = file.toAbsolutePath().normalize();
        java.util.concurrent.CountDownLatch drawn = nextOpenWaitsForOutline;
        long waitMillis = outlineWait.toMillis();
        nextOpenWaitsForOutline = null;
        outlineDrawn = drawn;
        // before the task, which may hand over the outline (or, on a runner for tests, finish) inside submit
        opening.set(target);
        runner.submit(LOAD_TASK, "Opening " + target.getFileName() + "…",
                (progress, cancellation) -> {
                    // the layer tree from the configuration, while the weights are read and ND4J starts (0030)
                    LoadedModel loaded = ModelLoader.load(target, graph -> {
                        StartupReport.mark("outline read");
                        runner.onUiThread(() -> {
                            if (model.get() == null && opening.get() == target) {
                                outline.set(graph);
                            } else if (drawn != null) {
                                drawn.countDown();
                            }
                        });
                        if (drawn != null) {
                            awaitQuietly(drawn, waitMillis);
                        }
                    });
                    StartupReport.mark("model read");
                    // which data the model uses may read the settings folder and hash the samples: not on the FX thread
                    DataProfile profile = ModelData.profileFor(target, Optional.empty(), profiles);
                    // which sizes the layers take walks the configuration a few hundred times: not on the FX thread
                    Optional<String> accepted = loaded.graph().inputShapeAssumed()
                            ? loaded.backend().acceptedInputs() : Optional.empty();
                    return new Opened(loaded, profile, data.isEmpty() ? Optional.empty()
                            : Optional.of(ModelData.specFor(data.get().toAbsolutePath())), accepted);
                },
                opened -> {
                    if (opened.model().graph().inputShapeAssumed()) {
                        pendingOpen = opened;
                        inputShapeRequest.set(new InputShapeRequest(opened.model(), opened.accepted()));
                    } else {
                        finishOpen(opened);
                    }
                },
                error -> lastError.set(describeFailure(target, error, model.get() != null)));
        // however it ends; a later open replaced this one when opening holds another (new) path object
        runner.whenDone(LOAD_TASK, () -> {
            if (opening.get() == target) {
                opening.set(null);
            }
        });
    }

    /**
     * The file being read (until it is shown, fails or is cancelled), else null: the empty window says
     * it is opening it rather than asking for a model.
     */
    public ReadOnlyObjectProperty<Path> openingProperty() {
        return opening.getReadOnlyProperty();
    }

    /**
     * While the first model opens: its outline — layers, shapes, parameters and MACs from the file's
     * configuration, the weights' statistics not read ({@link NetworkGraph#weightsRead()} false) — shown
     * before the model is; null once the model is shown, when its open ends otherwise, or when the format
     * gives none. Never set while another model is open: that one stays until the new one has loaded.
     */
    public ReadOnlyObjectProperty<NetworkGraph> outlineProperty() {
        return outline.getReadOnlyProperty();
    }

    /**
     * Makes the next model's load wait, once its outline is handed over, until {@link #outlineShown} (at
     * most {@code atMost}) before it reads the weights: at start-up, on two cores, ND4J's start beside the
     * JavaFX thread delays the outline's first drawing by as much as it runs (decision 0030).
     */
    public void readWeightsAfterOutlineShown(java.time.Duration atMost) {
        nextOpenWaitsForOutline = new java.util.concurrent.CountDownLatch(1);
        outlineWait = atMost;
    }

    /** The window has drawn the outline: the load waiting for it reads the weights now. */
    public void outlineShown() {
        java.util.concurrent.CountDownLatch drawn = outlineDrawn;
        if (drawn != null) {
            drawn.countDown();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch drawn, long millis) {
        try {
            drawn.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A model read, its data chosen; shown once its input size is known or the guess is kept. */
    private record Opened(LoadedModel model, DataProfile profile, Optional<DataSpec> data,
                          Optional<String> accepted) {
        Opened with(LoadedModel answered) {
            return new Opened(answered, profile, data, accepted);
        }
    }

    private void finishOpen(Opened opened) {
        startHistory(opened.model(), opened.profile());
        recent.setAll(recentFiles.add(opened.model().file()));
        if (opened.data().isPresent()) {
            try {
                useProfile(dataProperty().get().profile().with(DataRole.VALIDATION, opened.data()));
            } catch (java.io.IOException e) {
                lastError.set(new UserMessage("Cannot remember the data",
                        UserMessages.describe(e, "remembering the data for this model")));
            }
        }
    }

    /**
     * Set when a model just read does not record its input size: the window asks for it
     * ({@link InputShapeDialog}) and answers with {@link #answerInputShape} or {@link #keepGuessedInputShape}.
     */
    public ReadOnlyObjectProperty<InputShapeRequest> inputShapeRequestProperty() {
        return inputShapeRequest.getReadOnlyProperty();
    }

    /** Opens the pending model read with the user's input size ({@link InputShapeRequest#answer}). */
    public void answerInputShape(LoadedModel answered) {
        Opened opened = takePending();
        if (opened == null) {
            return;
        }
        runner.submit(LOAD_TASK, "Reading " + answered.displayName() + " with its input size…",
                (progress, cancellation) -> {
                    answered.graph().totalParams(); // reads the graph (statistics of every weight) off the FX thread
                    return opened.with(answered);
                }, this::finishOpen,
                error -> lastError.set(describeFailure(answered.file(), error, model.get() != null)));
    }

    /** Opens the pending model with the guessed input size; the window marks its shapes and MACs as guesses. */
    public void keepGuessedInputShape() {
        Opened opened = takePending();
        if (opened != null) {
            finishOpen(opened);
        }
    }

    private Opened takePending() {
        Opened opened = pendingOpen;
        pendingOpen = null;
        inputShapeRequest.set(null);
        return opened;
    }

    public void openSample(String name) {
        Optional<Path> folder = SampleLocations.samplesFolder();
        if (folder.isEmpty()) {
            lastError.set(new UserMessage("Sample models not found",
                    "The '" + SampleLocations.SAMPLES_FOLDER + "' folder was not found next to the working "
                            + "directory. Start Shears from its checkout or pass -Dshears.home=<checkout>."));
            return;
        }
        open(folder.get().resolve(name + ".zip"));
    }

    /** What to open at start-up: the most recent file that still exists, else the default sample. */
    public void openInitial() {
        List<Path> existing = recent.stream().filter(p -> p.toFile().isFile()).toList();
        if (!existing.isEmpty()) {
            open(existing.get(0));
        } else {
            openSample(DEFAULT_SAMPLE);
        }
    }

    /** A freshly opened model: the history restarts with it as step 0. */
    void startHistory(LoadedModel loaded, DataProfile profile) {
        HistoryStep opened = HistoryStep.opened(loaded);
        forget(history);
        history.setAll(opened);
        track(opened, true);
        parents.clear();
        parents.add(-1);
        currentStep.set(0);
        data.set(ModelData.open(loaded.graph(), profile));
        model.set(loaded);
        describe(loaded);
    }

    /**
     * The opened model's data (its profile, opened for it). Pruned steps take the same inputs and give
     * the same outputs, so one set serves the whole history. Sources open lazily: ask off the FX thread.
     */
    public ReadOnlyObjectProperty<DataSets> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** Makes {@code profile} the opened model's data and remembers it for the model's file. */
    public void useProfile(DataProfile profile) throws java.io.IOException {
        LoadedModel opened = history.isEmpty() ? null : history.get(0).model();
        if (opened == null) {
            return;
        }
        profiles.save(opened.file(), profile);
        data.set(ModelData.open(opened.graph(), profile));
    }

    /**
     * Adds a step computed from {@code parent} and makes it current. When the parent is the current
     * step, the steps after it (the redo tail) are dropped, as in any editor; when the user has moved to
     * another step meanwhile, the result is appended at the end instead, so nothing is lost. A result
     * whose parent is no longer in the history (another file was opened) is discarded with a message.
     */
    public boolean pushStep(HistoryStep parent, HistoryStep step) {
        int at = indexOf(parent);
        if (at < 0) {
            lastError.set(new UserMessage("Result discarded", "The model it was computed from is no longer open."));
            return false;
        }
        if (at == currentStep.get() && at < history.size() - 1) {
            forget(history.subList(at + 1, history.size()));
            history.remove(at + 1, history.size());
            parents.subList(at + 1, parents.size()).clear();
        }
        history.add(step);
        parents.add(at);
        track(step, false);
        goTo(history.size() - 1);
        return true;
    }

    private void track(HistoryStep step, boolean pinned) {
        if (store == null) {
            try {
                store = new ModelHistoryStore(recentFiles.folder().resolve("cache"), HISTORY_IN_MEMORY);
            } catch (java.io.IOException | RuntimeException e) {
                // without a folder to spill to, every step simply stays in memory
                LOG.warn("No folder for the undo history's models; all steps stay in memory", e);
                return;
            }
        }
        store.track(step.stored(), pinned);
    }

    private void forget(List<HistoryStep> steps) {
        if (store != null) {
            store.forget(steps.stream().map(HistoryStep::stored).toList());
        }
    }

    /** The undo history's store (the folder older steps are written to), once a model is open. */
    public Optional<ModelHistoryStore> historyStore() {
        return Optional.ofNullable(store);
    }

    /**
     * A step's model for work beside the shown one (a comparison): read back from disk if it was written there,
     * so call it off the FX thread unless {@code step.stored().inMemory()}. It becomes the most recently used.
     */
    public LoadedModel modelOf(HistoryStep step) {
        ModelHistoryStore from = store;
        return from == null ? step.model() : from.model(step.stored());
    }

    /** How a comparison names a step: "lenet-5" for the opened model, "lenet-5 (step 2)" after it. */
    public String stepName(int index) {
        // the opened model (step 0) never leaves memory: its name is at hand
        return history.get(0).model().displayName() + (index == 0 ? "" : " (step " + index + ")");
    }

    /** Adds a step computed from the current one (see {@link #pushStep(HistoryStep, HistoryStep)}). */
    public void pushStep(HistoryStep step) {
        pushStep(current(), step);
    }

    /** The steps that led to step {@code index}, from the opened model (index 0) to it, in order. */
    public List<HistoryStep> lineage(int index) {
        java.util.LinkedList<HistoryStep> chain = new java.util.LinkedList<>();
        for (int i = index; i >= 0; i = parents.get(i)) {
            chain.addFirst(history.get(i));
        }
        return chain;
    }

    private int indexOf(HistoryStep step) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i) == step) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns to a step of the history; nothing is recomputed and nothing is lost. A step whose model
     * was written to disk is read back first, in a task with its progress in the status bar.
     */
    public void goTo(int step) {
        if (step < 0 || step >= history.size()) {
            return;
        }
        HistoryStep target = history.get(step);
        if (target.stored().inMemory() || store == null) {
            runner.cancel(STEP_TASK);
            pendingStep = -1;
            show(step, store == null ? target.model() : store.model(target.stored()));
            return;
        }
        ModelHistoryStore from = store;
        pendingStep = step;
        runner.submit(STEP_TASK, "Reading step " + step + " back from disk…",
                (progress, cancellation) -> from.model(target.stored()),
                loaded -> {
                    if (step < history.size() && history.get(step) == target) {
                        show(step, loaded);
                    }
                },
                error -> lastError.set(new UserMessage("Cannot go back to step " + step,
                        UserMessages.describe(error, "reading step " + step + " of the history back from disk"))));
        runner.whenDone(STEP_TASK, () -> {
            if (pendingStep == step) {
                pendingStep = -1;
            }
        });
    }

    private void show(int step, LoadedModel loaded) {
        currentStep.set(step);
        model.set(loaded);
        describe(loaded);
    }

    public void undo() {
        goTo(shownOrPending() - 1);
    }

    public void redo() {
        goTo(shownOrPending() + 1);
    }

    /** The step shown, or the one being read back: pressing undo twice while a step loads goes back two. */
    private int shownOrPending() {
        return pendingStep >= 0 ? pendingStep : currentStep.get();
    }

    public HistoryStep current() {
        int at = currentStep.get();
        return at < 0 ? null : history.get(at);
    }

    /** Shows a problem to the user (an error dialog); the current model stays. */
    public void reportError(UserMessage message) {
        lastError.set(message);
    }

    public void clearError() {
        lastError.set(null);
    }

    /**
     * Tells the user that background work ended — a scan, a fine-tune, an export — in a notification
     * (the window shows {@link #notices()} as they come), for when they were looking elsewhere.
     */
    public void announce(Notice notice) {
        notices.add(notice);
        if (notices.size() > NOTICES_KEPT) {
            notices.remove(0);
        }
    }

    /** The latest notices, oldest first; a new one is added at the end. */
    public javafx.collections.ObservableList<Notice> notices() {
        return readOnlyNotices;
    }

    static UserMessage describeFailure(Path file, Throwable error, boolean modelStaysOpen) {
        String title = "Cannot open " + file.getFileName();
        if (error instanceof dev.shears.data.DataException data) {
            return new UserMessage(title + " with this data", UserMessages.clean(data.getMessage())
                    + (modelStaysOpen ? "\nThe model that was open stays open." : ""));
        }
        if (error instanceof ModelLoadException mle) {
            return new UserMessage(title, capitalize(UserMessages.clean(mle.reason())) + ".\n\nFile: " + file
                    + (modelStaysOpen ? "\nThe model that was open stays open." : ""));
        }
        return new UserMessage(title, UserMessages.describe(error, "opening " + file.getFileName())
                + "\n\nFile: " + file + (modelStaysOpen ? "\nThe model that was open stays open." : ""));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void describe(LoadedModel loaded) {
        if (loaded == null) {
            title.set("Shears");
            return;
        }
        NetworkGraph g = loaded.graph();
        int step = currentStep.get();
        String state = step <= 0 ? Formats.bytes(loaded.fileBytes()) + " on disk"
                : "step " + step + " of " + (history.size() - 1) + ", not saved (File ▸ Export)";
        title.set(loaded.displayName() + (step > 0 ? " (pruned, step " + step + ")" : "") + " — Shears");
        String format = loaded.backend().formatName();
        String kind = g.modelType().equals(format) ? format : format + " " + g.modelType();
        modelSummary.set(String.format("%s  ·  %s  ·  %s params  ·  %s%s MACs  ·  %s%s", loaded.displayName(), kind,
                Formats.exact(g.totalParams()), g.inputShapeAssumed() ? "≈ " : "", Formats.exact(g.totalMacs()), state,
                g.inputShapeAssumed() ? "  ·  input size guessed (" + g.input().shape()
                        + "): shapes and MACs marked ≈ assume it" : ""));
    }

    public ReadOnlyObjectProperty<LoadedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelSummaryProperty() {
        return modelSummary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserMessage> lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }

    public ObservableList<HistoryStep> history() {
        return FXCollections.unmodifiableObservableList(history);
    }

    public ReadOnlyIntegerProperty currentStepProperty() {
        return currentStep.getReadOnlyProperty();
    }

    public ObservableList<Path> recentFiles() {
        return FXCollections.unmodifiableObservableList(recent);
    }

    /** The user's settings folder (recent files, cached sensitivity scans). */
    public Path settingsFolder() {
        return recentFiles.folder();
    }

    public TaskRunner runner() {
        return runner;
    }
}
