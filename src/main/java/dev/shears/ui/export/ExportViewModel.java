package dev.shears.ui.export;

import dev.shears.data.DataSets;
import dev.shears.errors.UserMessages;
import dev.shears.export.AppliedStep;
import dev.shears.export.ExportFormat;
import dev.shears.export.ExportRequest;
import dev.shears.export.ExportResult;
import dev.shears.export.ExportService;
import dev.shears.export.SensitivityTable;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.ui.shell.HistoryStep;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.Notice;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.Lane;
import dev.shears.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Exports the current step of the history: the compact model (in its own format or as ONNX), the
 * replayable recipe of the applied steps and the HTML report, through {@link ExportService} (which
 * reloads the model file and checks it before anything lands in the folder). Test-split metrics are measured on all 5,000 test images.
 */
public final class ExportViewModel {
    static final String EXPORT_TASK = "export";

    private final TaskRunner runner;
    private final MainViewModel main;
    private final Supplier<Optional<SensitivityTable>> sensitivity;
    private final ReadOnlyObjectWrapper<ExportResult> lastResult = new ReadOnlyObjectWrapper<>(this, "lastResult");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");
    private int testImages = ExportRequest.ALL_TEST_IMAGES;

    /** The report's metrics use the opened model's test data ({@link MainViewModel#dataProperty()}). */
    public ExportViewModel(TaskRunner runner, MainViewModel main, Supplier<Optional<SensitivityTable>> sensitivity) {
        this.runner = runner;
        this.main = main;
        this.sensitivity = sensitivity;
    }

    /** Why the current model cannot be exported yet, or empty. */
    public Optional<String> whyNot() {
        HistoryStep current = main.current();
        if (current == null) {
            return Optional.of("Open a model first.");
        }
        if (main.currentStepProperty().get() == 0) {
            return Optional.of("Nothing to export yet: apply a pruning first (Prune ▸ Apply, Ctrl+Enter). "
                    + "The opened file itself is never rewritten.");
        }
        return Optional.empty();
    }

    /** A sensible file name: the source name plus "-pruned". */
    public String defaultBaseName() {
        HistoryStep current = main.current();
        return current == null ? "pruned" : current.model().displayName() + "-pruned";
    }

    /** Fewer test images for quick runs (tests); the report says how many were used. */
    public void setTestImages(int images) {
        testImages = images;
    }

    /** The formats the current model can be exported in: its own first, then ONNX when that is another. */
    public List<ExportDialog.FormatChoice> formats() {
        HistoryStep current = main.current();
        if (current == null) {
            return List.of();
        }
        ModelBackend model = current.model().backend();
        List<ExportDialog.FormatChoice> choices = new ArrayList<>();
        choices.add(new ExportDialog.FormatChoice(ExportFormat.MODEL_FORMAT, model.fileFormat() + " (."
                + model.fileExtension() + ")"));
        if (!model.fileExtension().equals("onnx")) {
            choices.add(new ExportDialog.FormatChoice(ExportFormat.ONNX, "ONNX file (.onnx)"));
        }
        return choices;
    }

    public void export(Path folder, String baseName) {
        export(folder, baseName, ExportFormat.MODEL_FORMAT);
    }

    public void export(Path folder, String baseName, ExportFormat format) {
        Optional<String> problem = whyNot();
        if (problem.isPresent()) {
            main.reportError(new UserMessage("Cannot export", problem.get()));
            return;
        }
        List<HistoryStep> lineage = main.lineage(main.currentStepProperty().get());
        LoadedModel source = lineage.get(0).model();
        LoadedModel pruned = lineage.get(lineage.size() - 1).model();
        List<AppliedStep> steps = new ArrayList<>();
        for (HistoryStep step : lineage.subList(1, lineage.size())) {
            if (step.spec().isPresent() && step.report().isPresent()) {
                steps.add(new AppliedStep(step.spec().get(), step.report().get()));
            }
        }
        if (steps.isEmpty()) {
            main.reportError(new UserMessage("Cannot export", "The current model has no applied pruning step."));
            return;
        }
        ExportRequest request = ExportRequest.of(source, pruned.backend(), steps, folder, baseName)
                .withTestImages(testImages).withFormat(format);
        Optional<SensitivityTable> table = sensitivity.get();
        if (table.isPresent()) {
            request = request.withSensitivity(table.get());
        }
        ExportRequest finalRequest = request;
        DataSets data = main.dataProperty().get();
        exporting.set(true);
        lastResult.set(null);
        runner.submit(Lane.MODEL, EXPORT_TASK, "Exporting " + baseName + "…", true,
                (progress, cancellation) -> (data == null ? new ExportService(Optional.empty(), Optional.empty())
                        : ExportService.of(data)).export(finalRequest, progress, cancellation),
                result -> {
                    exporting.set(false);
                    lastResult.set(result);
                    if (result.exported()) {
                        main.announce(Notice.finished("Export written", baseName + ": " + result.written().size()
                                + (result.written().size() == 1 ? " file" : " files") + " written in " + folder + "."));
                    } else {
                        String sentence = UserMessages.clean(result.message());
                        main.announce(Notice.failed("Export failed", sentence));
                        main.reportError(new UserMessage("Export failed", sentence));
                    }
                },
                error -> {
                    exporting.set(false);
                    String sentence = UserMessages.describe(error, "exporting");
                    main.announce(Notice.failed("Export failed", sentence));
                    main.reportError(new UserMessage("Export failed", sentence));
                });
        runner.whenDone(EXPORT_TASK, () -> exporting.set(false));
    }

    public ReadOnlyObjectProperty<ExportResult> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }
}
