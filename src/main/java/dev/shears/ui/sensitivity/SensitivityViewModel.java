package dev.shears.ui.sensitivity;

import dev.shears.errors.UserMessages;
import dev.shears.eval.SensitivityCache;
import dev.shears.eval.SensitivityResult;
import dev.shears.eval.SensitivityRow;
import dev.shears.eval.SensitivityScan;
import dev.shears.eval.SensitivitySettings;
import dev.shears.export.SensitivityTable;
import dev.shears.data.DataProfileJson;
import dev.shears.data.DataRole;
import dev.shears.data.DataSets;
import dev.shears.io.LoadedModel;
import dev.shears.pruning.CriterionName;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.Notice;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The sensitivity scan of the current model: every prunable channel group alone at ratios
 * 0.1…0.9, in the background with progress and cancel. Results are cached per model — on disk for
 * opened files (by SHA-256, in the settings folder), in memory for pruned steps — so a scan is never
 * run twice for the same model and settings.
 */
public final class SensitivityViewModel {
    static final String SCAN_TASK = "sensitivity-scan";
    public static final int DEFAULT_IMAGES = 1000;

    private final TaskRunner runner;
    private final MainViewModel main;
    private final ObjectProperty<CriterionName> criterion = new SimpleObjectProperty<>(this, "criterion",
            CriterionName.L1);
    private final IntegerProperty images = new SimpleIntegerProperty(this, "images", DEFAULT_IMAGES);
    private final ReadOnlyObjectWrapper<SensitivityResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final Map<LoadedModel, Map<SensitivitySettings, SensitivityResult>> inMemory = new IdentityHashMap<>();

    /** Scans measure on the opened model's validation data ({@link MainViewModel#dataProperty()}). */
    public SensitivityViewModel(TaskRunner runner, MainViewModel main) {
        this.runner = runner;
        this.main = main;
        main.modelProperty().addListener((obs, old, m) -> showCached());
        main.dataProperty().addListener((obs, old, d) -> showCached());
        criterion.addListener((obs, old, c) -> showCached());
        images.addListener((obs, old, n) -> showCached());
    }

    private SensitivitySettings settings() {
        return SensitivitySettings.defaults().withCriterion(criterion.get()).withImages(images.get());
    }

    private boolean isOpenedFile() {
        return main.currentStepProperty().get() == 0;
    }

    /** Shows a cached scan of the current model with these settings, if there is one. */
    private void showCached() {
        LoadedModel m = main.modelProperty().get();
        result.set(null);
        description.set("");
        if (m == null) {
            return;
        }
        SensitivitySettings s = settings();
        SensitivityResult cached = inMemory.getOrDefault(m, Map.of()).get(s);
        if (cached == null && isOpenedFile()) {
            cached = SensitivityCache.load(cacheFolder(), SensitivityCache.key(m, dataKey(), s)).orElse(null);
        }
        if (cached != null) {
            show(m, s, cached, "cached");
        }
    }

    public void scan() {
        LoadedModel m = main.modelProperty().get();
        if (m == null || running.get()) {
            return;
        }
        DataSets data = main.dataProperty().get();
        if (data == null || !data.has(DataRole.VALIDATION)) {
            main.reportError(new UserMessage("Cannot scan this model", "The scan measures accuracy on validation"
                    + " data, and none is chosen for this model. Choose it with File ▸ Data…."));
            return;
        }
        SensitivitySettings s = settings();
        boolean opened = isOpenedFile();
        String dataKey = dataKey();
        running.set(true);
        runner.submit(Lane.TRAINING, SCAN_TASK, "Sensitivity scan…", true, (progress, cancellation) -> {
            SensitivityResult r = SensitivityScan.run(m, data.require(DataRole.VALIDATION, "The sensitivity scan"), s,
                    progress, cancellation);
            if (opened) {
                try {
                    SensitivityCache.store(cacheFolder(), SensitivityCache.key(m, dataKey, s), r);
                } catch (java.io.IOException e) {
                    // the cache is a convenience: a read-only settings folder must not fail the scan
                }
            }
            return r;
        }, r -> {
            running.set(false);
            inMemory.computeIfAbsent(m, k -> new java.util.HashMap<>()).put(s, r);
            if (main.modelProperty().get() == m) {
                show(m, s, r, "measured now");
            }
            main.announce(Notice.finished("Sensitivity scan finished", String.format(java.util.Locale.ROOT,
                    "%s: %d channel groups measured on %,d validation examples, baseline %.1f %%. See the"
                            + " Sensitivity tab.", m.displayName(), r.groups().size(), r.images(),
                    100 * r.baseline().accuracy())));
        }, error -> {
            running.set(false);
            String sentence = UserMessages.describe(error, "scanning the layers' sensitivity");
            main.announce(Notice.failed("Sensitivity scan failed", sentence));
            main.reportError(new UserMessage("Sensitivity scan failed", sentence));
        });
        runner.whenDone(SCAN_TASK, () -> running.set(false));
    }

    public void cancel() {
        runner.cancel(SCAN_TASK);
    }

    private void show(LoadedModel m, SensitivitySettings s, SensitivityResult r, String how) {
        result.set(r);
        description.set(String.format("%s of %s · %s · %,d validation examples · baseline %.2f %% · %s",
                isOpenedFile() ? "Scan" : "Scan of the pruned step", m.displayName(), s.criterion().jsonName(),
                r.images(), 100 * r.baseline().accuracy(), how));
    }

    /** The scan as the export report draws it, when one is shown. */
    public Optional<SensitivityTable> table() {
        SensitivityResult r = result.get();
        if (r == null) {
            return Optional.empty();
        }
        java.util.List<SensitivityTable.Row> rows = new java.util.ArrayList<>();
        for (SensitivityRow row : r.rows()) {
            rows.add(new SensitivityTable.Row(row.group(), row.ratio(), row.accuracy()));
        }
        return Optional.of(new SensitivityTable(description.get(), r.baseline().accuracy(), rows));
    }

    private Path cacheFolder() {
        return main.settingsFolder().resolve("sensitivity");
    }

    /** The scan's data, as the cache knows it: the model's data profile. */
    private String dataKey() {
        DataSets data = main.dataProperty().get();
        return data == null ? "none" : DataProfileJson.write(data.profile());
    }

    public ObjectProperty<CriterionName> criterionProperty() {
        return criterion;
    }

    public IntegerProperty imagesProperty() {
        return images;
    }

    public ReadOnlyObjectProperty<SensitivityResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
