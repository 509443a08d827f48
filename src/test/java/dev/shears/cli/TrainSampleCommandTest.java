package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ReadOnlyFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code train-sample} writes when no {@code --out} is given. */
class TrainSampleCommandTest {

    /** An installed Shears (shears.home = /opt/shears/lib/app) has its samples in a folder only root may write. */
    @Test
    void withoutOutAReadOnlySamplesFolderIsRefusedInOneSentenceNamingOut(@TempDir Path temp) throws Exception {
        Path readOnly = ReadOnlyFolder.in(temp);
        Path home = Files.createDirectory(temp.resolve("installed"));
        Path samples = Files.createSymbolicLink(home.resolve("sample-models"), readOnly);

        CliRun run = withShearsHome(home, () -> CliRun.of("train-sample", "lenet-5"));

        CliRun.assertOneLineError(run, "Shears may not write in " + samples
                + " (the installed samples are read-only); give the retrained model a place with --out, e.g. --out lenet-5.zip");
        // refused before training: the folder has no Fashion-MNIST, so training would have failed on that instead
        assertThat(run.err).doesNotContain("fashion");
    }

    private static CliRun withShearsHome(Path home, java.util.function.Supplier<CliRun> run) {
        String before = System.getProperty("shears.home");
        System.setProperty("shears.home", home.toString());
        try {
            return run.get();
        } finally {
            if (before == null) {
                System.clearProperty("shears.home");
            } else {
                System.setProperty("shears.home", before);
            }
        }
    }
}
