package dev.shears.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shears.analysis.Formats;
import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.OrtEnvironments;
import dev.shears.io.AtomicFiles;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.ReadOnlyFolder;
import dev.shears.model.TensorShape;
import dev.shears.task.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The translator on failures produced for real: DL4J and ONNX Runtime fed the wrong data, files that do
 * not exist, a folder Shears may not write, memory that runs out, a cancelled task. Each becomes the
 * exact sentence, with no exception class name in it.
 */
class UserMessagesTest {
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.|\\bat [a-z]+\\.[a-z]");
    private static final String DOING = "previewing the accuracy";
    private static MultiLayerNetwork lenet5;

    @BeforeAll
    static void load() throws Exception {
        lenet5 = (MultiLayerNetwork) ModelLoader.load(SampleLocations.sampleModel("lenet-5")).network();
    }

    @Test
    void dl4jOnImagesOfTheWrongSizeSaysTheImagesAreNotTheModelsSize() {
        Throwable error = catchThrowable(() -> lenet5.output(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32)));
        assertThat(error).hasMessageStartingWith("Invalid input, does not match configuration");

        assertSentence(UserMessages.describe(error, DOING), "The data does not fit the model: its examples give"
                + " 50 × 5 × 5 feature maps where the model's dense layers take 50 × 4 × 4: the images are not the"
                + " size the model was built for.");
    }

    @Test
    void dl4jOnImagesWithTheWrongChannelsNamesTheLayer() {
        Throwable error = catchThrowable(() -> lenet5.output(Nd4j.rand(DataType.FLOAT, 2, 3, 28, 28)));

        assertSentence(UserMessages.describe(error, DOING),
                "The data does not fit the model: its examples have 3 channels, but layer conv1 takes 1.");
    }

    @Test
    void dl4jOnTooFewValuesPerExampleCountsThem() {
        Throwable error = catchThrowable(() -> lenet5.output(Nd4j.rand(DataType.FLOAT, 2, 17)));

        assertSentence(UserMessages.describe(error, DOING),
                "The data does not fit the model: it takes 28 × 28 × 1 = 784 values per example, the data has 17.");
    }

    @Test
    void aFailureWrappedByAnotherThreadIsTranslatedAsItsCause() {
        Throwable error = catchThrowable(() -> CompletableFuture.supplyAsync(
                () -> lenet5.output(Nd4j.rand(DataType.FLOAT, 2, 17))).join());

        assertSentence(UserMessages.describe(error, DOING),
                "The data does not fit the model: it takes 28 × 28 × 1 = 784 values per example, the data has 17.");
    }

    @Test
    void onnxRuntimeOnInputsOfTheWrongShapeSaysWhichDimension() throws Exception {
        byte[] model = Files.readAllBytes(Path.of("src/test/resources/onnx/fashion_cnn.onnx"));
        Throwable error;
        try (OrtEngine engine = new OrtEngine(model)) {
            error = catchThrowable(() -> engine.run(Examples.unlabelled(new float[2 * 3 * 28 * 28], 2,
                    TensorShape.of(3, 28, 28))));
        }
        assertThat(error).hasMessageContaining("ORT_INVALID_ARGUMENT");

        assertSentence(UserMessages.describe(error, DOING),
                "The data does not fit the model's input 'input': dimension 1 is 3 in the data, the model takes 1.");
    }

    @Test
    void onnxRuntimeOnAFileThatIsNotOnnxSaysSo() throws Exception {
        byte[] notAModel = Files.readAllBytes(Path.of("sample-models/README.md"));
        Throwable error = catchThrowable(() -> OrtEnvironments.shared().createSession(notAModel).close());

        assertSentence(UserMessages.describe(error, "opening the model"), "ONNX Runtime cannot read the model: it"
                + " is not a valid ONNX model (Failed to load model because protobuf parsing failed).");
    }

    @Test
    void onnxRuntimeOnANodeOfAnUnknownOperatorNamesTheNodeWithoutItsDump() throws Exception {
        byte[] model = Files.readAllBytes(Path.of("src/test/resources/onnx/nhwc_input.onnx"));
        String text = new String(model, java.nio.charset.StandardCharsets.ISO_8859_1);
        int op = text.indexOf("\"\tTranspose") + 2; // NodeProto.op_type: field 4, length 9
        model[op + 4] = '3'; // "Tran3pose": same length, so the protobuf stays well formed
        byte[] unknownOperator = model;
        Throwable error = catchThrowable(() -> OrtEnvironments.shared().createSession(unknownOperator).close());

        assertSentence(UserMessages.describe(error, "opening the model"), "ONNX Runtime cannot read the model: it"
                + " is not a valid ONNX model (node /Transpose: No Op registered for Tran3pose with domain_version of 13).");
    }

    @Test
    void aMissingFileAndAMissingFolderAreNamed(@TempDir Path temp) {
        Path missing = temp.resolve("missing.zip");
        Throwable noFile = catchThrowable(() -> Files.readAllBytes(missing));
        Throwable noFolder = catchThrowable(() -> Files.write(temp.resolve("no/such/out.zip"), new byte[1]));

        assertSentence(UserMessages.describe(noFile, "reading the data"), "The file " + missing + " does not exist.");
        assertSentence(UserMessages.describe(noFolder, "exporting"),
                "The folder " + temp.resolve("no/such") + " does not exist.");
    }

    @Test
    void aFolderShearsMayNotWriteIsNamed(@TempDir Path temp) throws Exception {
        Path folder = ReadOnlyFolder.in(temp);
        Throwable error = catchThrowable(() -> AtomicFiles.writeString(folder.resolve("out.recipe.json"), "{}"));

        assertSentence(UserMessages.describe(error, "exporting"), "Shears has no permission to write in " + folder
                + ".");
    }

    @Test
    void theJavaHeapRunningOutSaysHowToStartWithMore() {
        Throwable error = catchThrowable(() -> {
            long[][] hoard = new long[64][];
            for (int i = 0; i < hoard.length; i++) {
                hoard[i] = new long[Integer.MAX_VALUE / 4];
            }
        });
        assertThat(error).isInstanceOf(OutOfMemoryError.class);

        assertSentence(UserMessages.describe(error, "applying the pruning"), "Not enough memory for applying the"
                + " pruning: the Java heap (" + Formats.bytes(Runtime.getRuntime().maxMemory()) + ", -Xmx) is full."
                + " Start Shears with more, for example java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=4G"
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=8G -jar shears.jar, or use a smaller model or fewer"
                + " examples.");
    }

    @Test
    void nativeArrayMemoryRunningOutSaysWhichLimit() {
        // JavaCPP refuses native allocations beyond -Dorg.bytedeco.javacpp.maxbytes (2G in the tests): the
        // OutOfMemoryError ND4J's arrays end in when the limit is reached
        long floats = Pointer.maxBytes() / Float.BYTES + (1L << 20);
        Throwable error = catchThrowable(() -> new FloatPointer(floats).close());
        assertThat(error).isInstanceOf(OutOfMemoryError.class).hasMessageStartingWith("Cannot allocate new FloatPointer");

        assertSentence(UserMessages.describe(error, "fine-tuning"), "Not enough memory for fine-tuning: the memory"
                + " for the network's arrays (" + Formats.bytes(Pointer.maxBytes()) + ", -Dorg.bytedeco.javacpp.maxbytes)"
                + " is used up. Start Shears with more, for example java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=4G"
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=8G -jar shears.jar, or use a smaller model or fewer"
                + " examples.");
    }

    @Test
    void cancelledWorkSaysWhatWasCancelled() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        Throwable error = catchThrowable(cancellation::throwIfCancelled);

        assertSentence(UserMessages.describe(error, "applying the pruning"), "Applying the pruning was cancelled.");
    }

    @Test
    void aCapabilityTheModelLacksIsItsOwnSentence() throws Exception {
        LoadedModel onnx = ModelLoader.load(Path.of("src/test/resources/onnx/fashion_cnn.onnx"));
        Throwable error = catchThrowable(onnx::network);
        assertThat(error).isInstanceOf(UnsupportedOperationException.class);

        assertSentence(UserMessages.describe(error, "fine-tuning"), "ONNX Runtime cannot train from Java, so ONNX"
                + " models are not fine-tuned here: the sensitivity scan shows which layers tolerate pruning, and"
                + " lower ratios keep more accuracy.");
    }

    @Test
    void anUnknownFailureSaysWhatWasBeingDoneAndWhereTheDetailsAre() {
        Throwable error = catchThrowable(() -> lenet5.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28)));
        assertThat(error).isInstanceOf(IllegalStateException.class);

        assertSentence(UserMessages.describe(error, DOING), "Something went wrong while previewing the accuracy:"
                + " Rank is [3]; columns() call is not valid; details are in the log (Help ▸ Show log).");
        assertSentence(UserMessages.describe(error, "running 'shears eval'", "/home/u/.config/shears/logs/shears.log"),
                "Something went wrong while running 'shears eval': Rank is [3]; columns() call is not valid; details"
                        + " are in the log (/home/u/.config/shears/logs/shears.log).");
    }

    @Test
    void classNamesInsideAnUnknownMessageAreLeftOut() {
        Throwable inner = catchThrowable(() -> lenet5.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28)));
        // what new RuntimeException(cause) does: its message is the cause's class name and message
        Throwable wrapped = new RuntimeException(inner);
        assertThat(wrapped.getMessage()).startsWith("java.lang.IllegalStateException: ");

        assertSentence(UserMessages.describe(wrapped, "exporting"), "Something went wrong while exporting: Rank is"
                + " [3]; columns() call is not valid; details are in the log (Help ▸ Show log).");
    }

    private static void assertSentence(String actual, String expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(CLASS_NAME.matcher(actual).find()).as(actual).isFalse();
        assertThat(actual).doesNotContain("\n");
    }
}
