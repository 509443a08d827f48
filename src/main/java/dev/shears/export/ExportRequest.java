package dev.shears.export;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelBackend;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.service.PruningResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to export: the pruned model with everything its report needs. Build it with
 * {@link #of(LoadedModel, ModelBackend, List, Path, String)} and add the optional parts with the
 * {@code with…} methods.
 *
 * @param source      the model that was loaded and pruned (never written)
 * @param pruned      the model to export (after the last step)
 * @param steps       the applied steps, first to last (the UI's undo history), at least one
 * @param metrics     test-split metrics of source and pruned; empty: the service measures them
 * @param sensitivity drawn as a chart in the report when present
 * @param testImages  how many test-split images the service measures on when {@code metrics} is empty
 * @param folder      where the three files go (created if missing)
 * @param baseName    file name without extension: {@code <baseName>.zip} (or {@code .onnx}),
 *                    {@code .recipe.json}, {@code .report.html}; a trailing ".zip" or ".onnx" is dropped
 * @param format      the model file's format: the model's own, or ONNX
 */
public record ExportRequest(LoadedModel source, ModelBackend pruned, List<AppliedStep> steps,
                            Optional<TestMetrics> metrics, Optional<SensitivityTable> sensitivity, int testImages,
                            Path folder, String baseName, ExportFormat format) {
    /** Every example of the test data, however many it holds. */
    public static final int ALL_TEST_IMAGES = Integer.MAX_VALUE;

    public ExportRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pruned, "pruned");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(sensitivity, "sensitivity");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(format, "format");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an export needs at least one applied pruning step");
        }
        if (testImages < 1) {
            throw new IllegalArgumentException("testImages must be at least 1, got " + testImages);
        }
        baseName = checkedBaseName(baseName);
    }

    public static ExportRequest of(LoadedModel source, ModelBackend pruned, List<AppliedStep> steps, Path folder,
                                   String baseName) {
        return new ExportRequest(source, pruned, steps, Optional.empty(), Optional.empty(), ALL_TEST_IMAGES, folder,
                baseName, ExportFormat.MODEL_FORMAT);
    }

    /** A single pruning run. */
    public static ExportRequest of(LoadedModel source, PruningResult result, Path folder, String baseName) {
        return of(source, result.model(), List.of(AppliedStep.of(result)), folder, baseName);
    }

    public ExportRequest withMetrics(TestMetrics given) {
        return new ExportRequest(source, pruned, steps, Optional.of(given), sensitivity, testImages, folder, baseName,
                format);
    }

    public ExportRequest withSensitivity(SensitivityTable table) {
        return new ExportRequest(source, pruned, steps, metrics, Optional.of(table), testImages, folder, baseName,
                format);
    }

    public ExportRequest withTestImages(int images) {
        return new ExportRequest(source, pruned, steps, metrics, sensitivity, images, folder, baseName, format);
    }

    public ExportRequest withFormat(ExportFormat chosen) {
        return new ExportRequest(source, pruned, steps, metrics, sensitivity, testImages, folder, baseName, chosen);
    }

    /** The model file's extension: the pruned model's own, or "onnx". */
    public String modelExtension() {
        return format == ExportFormat.ONNX ? "onnx" : pruned.fileExtension();
    }

    public Path modelFile() {
        return folder.resolve(baseName + "." + modelExtension());
    }

    public Path recipeFile() {
        return folder.resolve(baseName + ".recipe.json");
    }

    public Path reportFile() {
        return folder.resolve(baseName + ".report.html");
    }

    /** The recipes of all steps, in order. */
    public List<PruningSpec> recipes() {
        return steps.stream().map(AppliedStep::spec).toList();
    }

    static String checkedBaseName(String name) {
        Objects.requireNonNull(name, "baseName");
        String base = name;
        for (String extension : new String[] {".zip", ".onnx"}) {
            if (base.endsWith(extension)) {
                base = base.substring(0, base.length() - extension.length());
            }
        }
        if (base.isBlank() || base.equals(".") || base.equals("..") || base.contains("/") || base.contains("\\")
                || base.chars().anyMatch(c -> c < 0x20)) {
            throw new ExportException("'" + name + "' is not a file name (a name without folder, e.g. lenet-5-pruned)");
        }
        return base;
    }
}
