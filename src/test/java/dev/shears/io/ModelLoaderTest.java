package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.shears.samples.SampleArchitectures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model file can be wrong ends in a ModelLoadException a user can read; a good file loads untouched. */
class ModelLoaderTest {
    @TempDir
    Path dir;

    @Test
    void rejectsMissingFileAsNotFound() throws IOException {
        ModelLoadException e = failure(dir.resolve("missing-model.zip"));

        assertThat(e.reason()).contains("file not found");
    }

    @Test
    void rejectsFolder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("a-folder.zip"));

        assertThat(failure(folder).reason()).contains("folder");
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path file = Files.write(dir.resolve("empty.zip"), new byte[0]);

        assertThat(failure(file).reason()).contains("empty");
    }

    @Test
    void rejectsTextFileNamedZipAsNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("x.zip"), "this is a text file, not a model\n");

        assertThat(failure(file).reason()).contains("not a zip");
    }

    @Test
    void rejectsZipWithoutModelEntriesAsNotADl4jModel() throws IOException {
        Path file = dir.resolve("hello.zip");
        writeZip(file, "hello.txt", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(failure(file).reason()).contains("not a DL4J model");
    }

    @Test
    void rejectsTruncatedModelAsDamaged() throws IOException {
        Path good = saveLenet300100("good.zip");
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut-in-half.zip"), Arrays.copyOf(bytes, bytes.length / 2));

        ModelLoadException e = failure(cut);

        assertThat(e.reason()).containsAnyOf("damaged or truncated", "could not read");
    }

    @Test
    void rejectsCoefficientsThatAreNotAnNd4jArray() throws IOException {
        Path good = saveLenet300100("good.zip");
        String config;
        try (ZipFile zip = new ZipFile(good.toFile())) {
            config = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        // the real configuration, but coefficients that are not an ND4J array
        Path file = dir.resolve("bad-coefficients.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write(config.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("coefficients.bin"));
            zip.write("definitely not an ndarray".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        ModelLoadException e = failure(file);

        assertThat(e.reason()).isEqualTo("its weights (coefficients.bin) cannot be read: its header is not an ND4J"
                + " array header");
    }

    @Test
    void loadsASavedModelWithoutChangingOrAddingFiles() throws Exception {
        MultiLayerNetwork original = (MultiLayerNetwork) SampleArchitectures.build("lenet-300-100", 42, 1e-3);
        Path file = dir.resolve("lenet-300-100.zip");
        ModelFiles.save(original, file);
        String hashBefore = sha256(file);
        long modifiedBefore = Files.getLastModifiedTime(file).toMillis();
        List<Path> filesBefore = listing();

        LoadedModel loaded = ModelLoader.load(file);

        assertThat(loaded.network()).isInstanceOf(MultiLayerNetwork.class);
        assertThat(loaded.network().numParams()).isEqualTo(original.numParams());
        assertThat(loaded.network().params()).isEqualTo(original.params());
        assertThat(loaded.graph().totalParams()).isEqualTo(loaded.network().numParams());
        assertThat(loaded.graph().totalParams()).isEqualTo(784L * 300 + 300 + 300L * 100 + 100 + 100L * 10 + 10);
        assertThat(loaded.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(loaded.fileBytes()).isEqualTo(Files.size(file));
        assertThat(loaded.displayName()).isEqualTo("lenet-300-100");

        assertThat(sha256(file)).isEqualTo(hashBefore);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modifiedBefore);
        assertThat(listing()).isEqualTo(filesBefore);
    }

    @Test
    void loadsASavedComputationGraph() throws Exception {
        Model original = SampleArchitectures.build("mini-resnet", 42, 1e-3);
        Path file = dir.resolve("mini-resnet.zip");
        ModelFiles.save(original, file);

        LoadedModel loaded = ModelLoader.load(file);

        assertThat(loaded.graph().modelType()).isEqualTo("ComputationGraph");
        assertThat(loaded.graph().totalParams()).isEqualTo(original.numParams());
        assertThat(loaded.network().params()).isEqualTo(original.params());
    }

    /**
     * Loads a bad file and checks what every failure must offer: the file name in the message, a
     * reason, and no new files next to it.
     */
    private ModelLoadException failure(Path file) throws IOException {
        List<Path> before = listing();
        ModelLoadException e = catchThrowableOfType(ModelLoadException.class, () -> ModelLoader.load(file));
        assertThat(e).as("loading %s must fail with ModelLoadException", file.getFileName()).isNotNull();
        assertThat(e.getMessage()).contains(file.getFileName().toString());
        assertThat(e.file().getFileName()).isEqualTo(file.getFileName());
        assertThat(e.reason()).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
        assertThat(listing()).as("loading must not create files").isEqualTo(before);
        return e;
    }

    private Path saveLenet300100(String name) throws IOException {
        Path file = dir.resolve(name);
        ModelFiles.save(SampleArchitectures.build("lenet-300-100", 42, 1e-3), file);
        return file;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }

    private static void writeZip(Path file, String entry, byte[] content) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
