package dev.shears.fuzz;

import dev.shears.model.ModelInput;
import java.nio.file.Path;

/**
 * One bad input of the corpus: a file (or folder) in a folder of its own, what reads it, and whether
 * it belongs to the fast subset that {@code mvn verify} runs. {@code forked}: an input that once
 * killed the JVM, read in a child JVM so that a regression fails a test instead of the whole run.
 */
record FuzzCase(String id, String category, Kind kind, Path file, ModelInput dataInput, boolean fast,
                boolean forked) {
    enum Kind { MODEL, DATA, RECIPE }

    static FuzzCase model(String category, String name, Path file) {
        return new FuzzCase(category + "/" + name, category, Kind.MODEL, file, ModelInput.UNKNOWN, false, false);
    }

    static FuzzCase data(String category, String name, Path file, ModelInput input) {
        return new FuzzCase(category + "/" + name, category, Kind.DATA, file, input, false, false);
    }

    static FuzzCase recipe(String category, String name, Path file) {
        return new FuzzCase(category + "/" + name, category, Kind.RECIPE, file, ModelInput.UNKNOWN, false, false);
    }

    FuzzCase inFastSubset() {
        return new FuzzCase(id, category, kind, file, dataInput, true, forked);
    }

    FuzzCase inChildJvm() {
        return new FuzzCase(id, category, kind, file, dataInput, fast, true);
    }

    /** The folder the case owns: nothing may appear in it or change while the case is read. */
    Path folder() {
        return file.getParent();
    }

    @Override
    public String toString() {
        return id;
    }
}
