package dev.shears.cli;

import static dev.shears.cli.CliRun.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ReadOnlyFolder;
import dev.shears.io.SampleLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command checks its options before it loads, prunes, trains or scans anything. The proof is
 * without clocks: the model given is a file that is not a model, so a command that loaded it first would
 * fail with the loader's sentence; each run must instead name the bad option, and write nothing.
 */
class OptionsBeforeWorkTest {
    @TempDir
    Path folder;

    /** A file named like a model that no loader accepts: reaching the loader would say so. */
    private Path notAModel() throws IOException {
        Path file = folder.resolve("not-a-model.zip");
        if (!Files.exists(file)) {
            Files.writeString(file, "this is not a zip");
        }
        return file;
    }

    @Test
    void pruneRefusesTestImagesWithoutExportBeforePruning() throws IOException {
        CliRun run = CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--out",
                folder.resolve("out.zip").toString(), "--test-images", "100");

        assertOneLineError(run, "--test-images belongs to --export");
        assertNothingWrittenBesides(notAModel());
    }

    @Test
    void pruneRefusesZeroTestImagesBeforePruning() throws IOException {
        CliRun run = CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--export", "--out",
                folder.resolve("out.zip").toString(), "--test-images", "0");

        assertOneLineError(run, "--test-images must be 1 or more, not 0");
    }

    @Test
    void pruneRefusesAnOutputInAFolderNoOneMayWriteInBeforeLoading() throws IOException {
        Path readOnly = ReadOnlyFolder.in(folder);

        CliRun run = CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--finetune", "3", "--out",
                readOnly.resolve("out.zip").toString());

        assertOneLineError(run, "Shears has no permission to write in " + readOnly + ".");
        // ReadOnlyFolder makes folder/read-only (and answers /sys where the tests run as root)
        assertNothingWrittenBesides(notAModel(), folder.resolve("read-only"));
        if (readOnly.startsWith(folder)) {
            try (Stream<Path> files = Files.list(readOnly)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void pruneRefusesAReportUnderAFileBeforeLoading() throws IOException {
        Path file = Files.writeString(folder.resolve("plain.txt"), "a file, not a folder");

        CliRun run = CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--out",
                folder.resolve("out.zip").toString(), "--report", file.resolve("r.json").toString());

        assertOneLineError(run, "--report " + file.resolve("r.json") + ": " + file
                + " is a file, so no folder can be made there");
        assertNothingWrittenBesides(notAModel(), file);
    }

    @Test
    void pruneRefusesAnOutputThatIsAFolderAndMissingDataBeforeLoading() throws IOException {
        Path taken = Files.createDirectory(folder.resolve("taken.zip"));

        assertOneLineError(CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--out", taken.toString()),
                "--out " + taken + " is a folder: give a file name");
        assertOneLineError(CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--out",
                folder.resolve("out.zip").toString(), "--data", folder.resolve("no-such-images").toString()),
                "--data:");
    }

    @Test
    void pruneOfAnOnnxFileToAZipIsRefusedBeforeLoading() throws IOException {
        Path onnx = Files.writeString(folder.resolve("not-really.onnx"), "not ONNX either");

        assertOneLineError(CliRun.of("prune", onnx.toString(), "--ratio", "0.5", "--out",
                folder.resolve("x.zip").toString()), "--out: an ONNX model is written as .onnx, not x.zip");
    }

    @Test
    void aMissingModelIsNamedBeforeAnyOtherWork() {
        Path missing = folder.resolve("missing.zip");

        assertOneLineError(CliRun.of("eval", missing.toString()), "missing.zip: file not found");
        assertOneLineError(CliRun.of("bench", missing.toString()), "missing.zip: file not found");
        assertOneLineError(CliRun.of("sensitivity", missing.toString(), "--out",
                folder.resolve("s.csv").toString()), "missing.zip: file not found");
    }

    @Test
    void evalRefusesMissingDataBeforeLoading() throws IOException {
        assertOneLineError(CliRun.of("eval", notAModel().toString(), "--data",
                folder.resolve("no-such.npz").toString()), "--data:");
    }

    @Test
    void sensitivityRefusesAnUnwritableOutputBeforeScanning() throws IOException {
        Path readOnly = ReadOnlyFolder.in(folder);

        CliRun run = CliRun.of("sensitivity", notAModel().toString(), "--out", readOnly.resolve("s.csv").toString());

        assertOneLineError(run, "Shears has no permission to write in " + readOnly + ".");
    }

    @Test
    void convertRefusesAnOutputThatIsNotOnnxAndAnOnnxInputBeforeLoading() throws IOException {
        assertOneLineError(CliRun.of("convert", notAModel().toString(), "--out", folder.resolve("m.zip").toString()),
                "--out: convert writes an ONNX file; name it .onnx, not m.zip");
        Path onnx = Files.writeString(folder.resolve("m.onnx"), "bytes");
        assertOneLineError(CliRun.of("convert", onnx.toString(), "--out", folder.resolve("n.onnx").toString()),
                "m.onnx is already an ONNX model");
    }

    @Test
    void trainSampleRefusesZeroEpochsAndAnUnwritableOutputBeforeTraining() throws IOException {
        assertOneLineError(CliRun.of("train-sample", "lenet-5", "--epochs", "0", "--out",
                folder.resolve("l.zip").toString()), "--epochs must be 1 or more, not 0");
        Path readOnly = ReadOnlyFolder.in(folder);
        assertOneLineError(CliRun.of("train-sample", "lenet-5", "--epochs", "1", "--out",
                readOnly.resolve("l.zip").toString()), "Shears has no permission to write in " + readOnly + ".");
    }

    @Test
    void validOptionsStillReachTheLoaderWhoseSentenceIsShown() throws IOException {
        // the control: with every option right, the not-a-model file is what the command refuses
        assertOneLineError(CliRun.of("prune", notAModel().toString(), "--ratio", "0.5", "--out",
                folder.resolve("out.zip").toString()), "not-a-model.zip");
        assertThat(SampleLocations.sampleModel("lenet-5")).exists();
        assertNothingWrittenBesides(notAModel());
    }

    private void assertNothingWrittenBesides(Path... present) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactlyInAnyOrderElementsOf(List.of(present).stream()
                    .filter(p -> p.getParent().equals(folder)).toList());
        }
    }
}
