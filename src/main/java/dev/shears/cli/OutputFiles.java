package dev.shears.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Guards shared by the commands that write files. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Same file by any path (relative, "..", a symbolic link): refused. */
    static void refuseToOverwrite(Path input, Path target, String option) throws IOException {
        if (Files.exists(input) && Files.exists(target) && Files.isSameFile(input, target)) {
            throw new UserError(option + " " + target + " is the input model; Shears never overwrites the model it"
                    + " reads: choose another file");
        }
    }
}
