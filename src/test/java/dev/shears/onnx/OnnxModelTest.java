package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.shears.model.TensorShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxModelTest {
    static final Path FIXTURES = Path.of("src/test/resources/onnx");

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"fashion_cnn.onnx", "resnet_se.onnx", "mobilenet_block.onnx", "inception_block.onnx",
        "erf_branch.onnx", "gemm_se.onnx", "nhwc_input.onnx", "opset9_constants.onnx", "external_data.onnx"})
    void readingAndWritingBackGivesTheSameBytes(String fixture) throws Exception {
        Path source = FIXTURES.resolve(fixture);
        OnnxModel model = OnnxModel.read(source);
        Path copy = temp.resolve(fixture);

        model.write(copy);

        assertThat(model.toByteArray()).isEqualTo(Files.readAllBytes(source));
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(source));
        assertThat(model.reserializesExactly()).isTrue();
    }

    @Test
    void anEnumValueNewerThanTheProtoIsKeptButMovesSoTheModelSaysItDoesNotReserializeExactly() throws Exception {
        // AttributeProto type (field 20) = 99, an AttributeType this proto lacks, then ref_attr_name (field 21)
        byte[] attribute = message(c -> {
            c.writeString(1, "future");
            c.writeInt32(20, 99);
            c.writeString(21, "ref");
        });
        byte[] node = message(c -> {
            c.writeString(4, "Relu");
            c.writeByteArray(5, attribute);
        });
        byte[] graph = message(c -> c.writeByteArray(1, node));
        Path file = Files.write(temp.resolve("future.onnx"), message(c -> {
            c.writeInt64(1, 10);
            c.writeByteArray(7, graph);
        }));

        OnnxModel model = OnnxModel.read(file);

        assertThat(model.reserializesExactly()).isFalse();
        assertThat(model.toByteArray()).hasSameSizeAs(Files.readAllBytes(file)).isNotEqualTo(Files.readAllBytes(file));
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void fieldsFromNewerOnnxVersionsSurviveTheRoundTrip() throws Exception {
        byte[] original = Files.readAllBytes(FIXTURES.resolve("fashion_cnn.onnx"));
        ModelProto proto = ModelProto.parseFrom(original);
        // NodeProto field 10 and ModelProto field 26 are not in the proto Shears compiles against
        NodeProto first = proto.getGraph().getNode(0).toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(10, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("cpu"))
                        .build()).build()).build();
        byte[] withNodeField = proto.toBuilder().setGraph(proto.getGraph().toBuilder().setNode(0, first)).build()
                .toByteArray();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(withNodeField);
        bytes.write(new byte[] {(byte) 0xD2, 0x01, 3, 'n', 'e', 'w'}); // field 26, length-delimited "new"
        Path newer = temp.resolve("newer.onnx");
        Files.write(newer, bytes.toByteArray());

        OnnxModel model = OnnxModel.read(newer);

        assertThat(model.toByteArray()).isEqualTo(bytes.toByteArray());
        assertThat(model.proto().getGraph().getNode(0).getUnknownFields().hasField(10)).isTrue();
    }

    @Test
    void explicitlySetDefaultValuesAreKept() throws Exception {
        ModelProto proto = OnnxModel.read(FIXTURES.resolve("opset9_constants.onnx")).proto();
        NodeProto gemm = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gemm"))
                .findFirst().orElseThrow();
        ModelProto withDefault = proto.toBuilder().setDomain("").setGraph(proto.getGraph().toBuilder()
                .setNode(proto.getGraph().getNodeList().indexOf(gemm), gemm.toBuilder().setDomain(""))).build();
        Path file = temp.resolve("defaults.onnx");
        Files.write(file, withDefault.toByteArray());

        OnnxModel model = OnnxModel.read(file);

        assertThat(model.proto().hasDomain()).isTrue();
        assertThat(model.toByteArray()).isEqualTo(Files.readAllBytes(file))
                .hasSize(Files.readAllBytes(FIXTURES.resolve("opset9_constants.onnx")).length + 4);
    }

    @Test
    void externalDataIsReadFromTheModelsFolder() throws Exception {
        OnnxModel external = OnnxModel.read(FIXTURES.resolve("external_data.onnx"));
        OnnxModel inline = OnnxModel.read(FIXTURES.resolve("nhwc_input.onnx"));

        assertThat(external.proto().getGraph().getInitializer(0).getDataLocation())
                .isEqualTo(TensorProto.DataLocation.EXTERNAL);
        for (String name : List.of("conv.weight", "conv.bias", "fc.weight", "fc.bias")) {
            assertThat(external.floats(name)).as(name).containsExactly(inline.floats(name));
        }
        assertThat(external.shape("conv.weight")).isEqualTo(TensorShape.of(6, 3, 3, 3));
    }

    @Test
    void aLocationClimbingOutOfTheFolderIsRefused() {
        assertThatThrownBy(() -> OnnxModel.read(FIXTURES.resolve("climbing_location.onnx")))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage("climbing_location.onnx refers to external data ../../outside/external_data.bin for"
                        + " tensor conv.weight, which lies outside the model's folder; Shears reads external data"
                        + " only from inside that folder.");
    }

    @Test
    void anAbsoluteLocationIsRefused() throws Exception {
        Path file = withLocation("absolute.onnx", "/etc/hostname");

        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("absolute.onnx refers to external data /etc/hostname for tensor conv.weight, which lies"
                        + " outside the model's folder; Shears reads external data only from inside that folder.");
    }

    @Test
    void aLocationThatIsNoFileNameIsRefused() throws Exception {
        Path file = withLocation("nul.onnx", "data\u0000.bin");

        assertThatThrownBy(() -> OnnxModel.read(file)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("nul.onnx gives tensor conv.weight the external data location \"data\u0000.bin\", which is"
                        + " not a file name.");
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheFolderIsRefused() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.copy(FIXTURES.resolve("external_data.bin"), outside.resolve("external_data.bin"));
        Path folder = Files.createDirectories(temp.resolve("model"));
        Files.copy(FIXTURES.resolve("external_data.onnx"), folder.resolve("linked.onnx"));
        Files.createSymbolicLink(folder.resolve("external_data.bin"), outside.resolve("external_data.bin"));

        assertThatThrownBy(() -> OnnxModel.read(folder.resolve("linked.onnx"))).isInstanceOf(OnnxFormatException.class)
                .hasMessage("linked.onnx refers to external data external_data.bin for tensor conv.weight, which"
                        + " lies outside the model's folder; Shears reads external data only from inside that folder.");
    }

    @Test
    void aMissingExternalFileIsNamed() throws Exception {
        Path alone = Files.copy(FIXTURES.resolve("external_data.onnx"), temp.resolve("alone.onnx"));

        assertThatThrownBy(() -> OnnxModel.read(alone)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("alone.onnx: the external data file external_data.bin of tensor conv.weight is missing;"
                        + " it must sit next to the model.");
    }

    @Test
    void aFileThatIsNoOnnxModelIsNamed() throws Exception {
        Path notes = Files.writeString(temp.resolve("notes.onnx"), "this is not a model\n");

        assertThatThrownBy(() -> OnnxModel.read(notes)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("notes.onnx is not an ONNX file.");
    }

    @Test
    void aTruncatedFileIsNamed() throws Exception {
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("fashion_cnn.onnx"));
        Path cut = Files.write(temp.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> OnnxModel.read(cut)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("cut.onnx is truncated: the ONNX model ends in the middle of its data.");
    }

    @Test
    void weightsInConstantNodesAreConstants() throws Exception {
        OnnxModel model = OnnxModel.read(FIXTURES.resolve("opset9_constants.onnx"));

        assertThat(model.constantNames()).containsExactly("conv_w", "conv_b", "fc_w", "fc_b");
        assertThat(model.isConstantNodeOutput("conv_w")).isTrue();
        assertThat(model.shape("fc_w")).isEqualTo(TensorShape.of(3, 144));
        assertThat(model.floats("conv_b")).hasSize(4);
    }

    @Test
    void anUnsupportedDataTypeIsNamed() throws Exception {
        ModelProto proto = OnnxModel.read(FIXTURES.resolve("nhwc_input.onnx")).proto();
        TensorProto bias = proto.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("conv.bias")).findFirst().orElseThrow();
        int index = proto.getGraph().getInitializerList().indexOf(bias);
        TensorProto bfloat = bias.toBuilder().setDataType(TensorProto.DataType.BFLOAT16_VALUE)
                .setRawData(ByteString.copyFrom(new byte[12])).build();
        Path file = Files.write(temp.resolve("bfloat.onnx"), proto.toBuilder()
                .setGraph(proto.getGraph().toBuilder().setInitializer(index, bfloat)).build().toByteArray());

        OnnxModel model = OnnxModel.read(file);

        assertThatThrownBy(() -> model.floats("conv.bias")).isInstanceOf(OnnxFormatException.class)
                .hasMessage("bfloat.onnx: tensor conv.bias has the data type BFLOAT16, which is not supported where"
                        + " Shears needs floating-point values.");
    }

    @Test
    void halfPrecisionBitsDecode() {
        assertThat(TensorValues.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(TensorValues.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(TensorValues.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(TensorValues.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
    }

    private Path withLocation(String fileName, String location) throws Exception {
        ModelProto external = ModelProto.parseFrom(Files.readAllBytes(FIXTURES.resolve("external_data.onnx")));
        ModelProto.Builder builder = external.toBuilder();
        for (int i = 0; i < external.getGraph().getInitializerCount(); i++) {
            TensorProto.Builder t = builder.getGraphBuilder().getInitializerBuilder(i);
            for (int k = 0; k < t.getExternalDataCount(); k++) {
                if (t.getExternalData(k).getKey().equals("location")) {
                    t.setExternalData(k, StringStringEntryProto.newBuilder().setKey("location").setValue(location));
                }
            }
        }
        return Files.write(temp.resolve(fileName), builder.build().toByteArray());
    }
}
