package dev.shears.export;

import dev.shears.io.LoadedModel;
import dev.shears.pruning.PruningResult;
import dev.shears.pruning.PruningSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;

/**
 * What to export: the pruned network with everything its report needs. Build it with
 * {@link #of(LoadedModel, Model, List, Path, String)} and add the optional parts with the
 * {@code with…} methods.
 *
 * @param source      the model that was loaded and pruned (never written)
 * @param pruned      the network to export (after the last step)
 * @param steps       the applied steps, first to last (the UI's undo history), at least one
 * @param metrics     test-split metrics of source and pruned; empty: the service measures them
 * @param sensitivity drawn as a chart in the report when present
 * @param testImages  how many test-split images the service measures on when {@code metrics} is empty
 * @param folder      where the three files go (created if missing)
 * @param baseName    file name without extension: {@code <baseName>.zip}, {@code .recipe.json},
 *                    {@code .report.html}; a trailing ".zip" is dropped
 */
public record ExportRequest(LoadedModel source, Model pruned, List<AppliedStep> steps, Optional<TestMetrics> metrics,
                            Optional<SensitivityTable> sensitivity, int testImages, Path folder, String baseName) {
    /** Every example of the test data, however many it holds. */
    public static final int ALL_TEST_IMAGES = Integer.MAX_VALUE;

    public ExportRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pruned, "pruned");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(sensitivity, "sensitivity");
        Objects.requireNonNull(folder, "folder");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an export needs at least one applied pruning step");
        }
        if (testImages < 1) {
            throw new IllegalArgumentException("testImages must be at least 1, got " + testImages);
        }
        baseName = checkedBaseName(baseName);
    }

    public static ExportRequest of(LoadedModel source, Model pruned, List<AppliedStep> steps, Path folder,
                                   String baseName) {
        return new ExportRequest(source, pruned, steps, Optional.empty(), Optional.empty(), ALL_TEST_IMAGES, folder,
                baseName);
    }

    /** A single pruning run. */
    public static ExportRequest of(LoadedModel source, PruningResult result, Path folder, String baseName) {
        return of(source, result.network(), List.of(AppliedStep.of(result)), folder, baseName);
    }

    public ExportRequest withMetrics(TestMetrics given) {
        return new ExportRequest(source, pruned, steps, Optional.of(given), sensitivity, testImages, folder, baseName);
    }

    public ExportRequest withSensitivity(SensitivityTable table) {
        return new ExportRequest(source, pruned, steps, metrics, Optional.of(table), testImages, folder, baseName);
    }

    public ExportRequest withTestImages(int images) {
        return new ExportRequest(source, pruned, steps, metrics, sensitivity, images, folder, baseName);
    }

    public Path modelFile() {
        return folder.resolve(baseName + ".zip");
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
        String base = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        if (base.isBlank() || base.equals(".") || base.equals("..") || base.contains("/") || base.contains("\\")
                || base.chars().anyMatch(c -> c < 0x20)) {
            throw new ExportException("'" + name + "' is not a file name (a name without folder, e.g. lenet-5-pruned)");
        }
        return base;
    }
}
