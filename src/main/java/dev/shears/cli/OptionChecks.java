package dev.shears.cli;

import dev.shears.io.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of options that commands make before any long work — loading, pruning, training, scanning —
 * so that a mistyped path or an unwritable folder is refused at once, not after minutes, and nothing
 * is written.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** The model file is there and is a file (the loader's own sentences). */
    static void modelFile(Path model) throws ModelLoadException {
        Path file = model.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new ModelLoadException(file, "file not found");
        }
        if (Files.isDirectory(file)) {
            throw new ModelLoadException(file, "is a folder, not a model file");
        }
    }

    /**
     * A file the command will write: not a folder, in a folder that exists or can be made, where a
     * file can be created now (a probe file is made and removed; missing folders are not made yet).
     */
    static void writable(Path target, String option) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + target + " is a folder: give a file name");
        }
        Path existing = file.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new UserError(option + " " + target + ": " + existing + " is a file, so no folder can be made"
                    + " there");
        }
        // the operating system's answer, not a guess from permission bits (root, ACLs, read-only mounts)
        Files.delete(Files.createTempFile(existing, ".shears-probe-", ".tmp"));
    }
}
