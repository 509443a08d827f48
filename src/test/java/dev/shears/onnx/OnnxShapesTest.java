package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.shears.model.TensorShape;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every node output's inferred shape equals the shape ONNX Runtime produces when running the model. */
class OnnxShapesTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"fashion_cnn.onnx", "resnet_se.onnx", "mobilenet_block.onnx", "inception_block.onnx",
        "erf_branch.onnx", "gemm_se.onnx", "nhwc_input.onnx", "opset9_constants.onnx", "external_data.onnx",
        "channel_constants.onnx", "nhwc_flatten.onnx", "blocked_ops.onnx",
        "shared_biases.onnx"})
    void inferredShapesAreTheShapesOnnxRuntimeComputes(String fixture) throws Exception {
        OnnxModel model = OnnxModel.read(OnnxModelTest.FIXTURES.resolve(fixture));
        OnnxNetwork network = OnnxGraphReader.read(model);

        Map<String, TensorShape> actual = runtimeShapes(model, network);

        long computingNodes = model.proto().getGraph().getNodeList().stream()
                .filter(n -> !n.getOpType().equals("Constant")).count();
        assertThat(actual).hasSize((int) computingNodes);
        Map<String, TensorShape> inferred = new LinkedHashMap<>();
        actual.keySet().forEach(t -> inferred.put(t, network.tensorShapes().getOrDefault(t, TensorShape.UNKNOWN)));
        assertThat(inferred).containsExactlyEntriesOf(actual);
    }

    /** Runs the model on zeros with every node output exposed as a graph output, and records their shapes. */
    private Map<String, TensorShape> runtimeShapes(OnnxModel model, OnnxNetwork network) throws Exception {
        ModelProto proto = model.proto();
        Set<String> outputs = new HashSet<>();
        proto.getGraph().getOutputList().forEach(o -> outputs.add(o.getName()));
        ModelProto.Builder exposed = proto.toBuilder();
        Set<String> nodeOutputs = new HashSet<>();
        for (NodeProto node : proto.getGraph().getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                continue;
            }
            String output = node.getOutput(0);
            nodeOutputs.add(output);
            if (outputs.add(output)) {
                exposed.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(output)
                        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // written next to copies of the external data files, which ONNX Runtime resolves from the model's folder
        Path exposedFile = temp.resolve(model.file().getFileName());
        Files.write(exposedFile, exposed.build().toByteArray());
        for (TensorProto tensor : proto.getGraph().getInitializerList()) {
            if (ExternalData.isExternal(tensor)) {
                Path target = temp.resolve(ExternalData.location(tensor));
                if (!Files.exists(target)) {
                    Files.copy(model.file().resolveSibling(ExternalData.location(tensor)), target);
                }
            }
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(exposedFile.toString(), options)) {
                String input = session.getInputNames().iterator().next();
                long[] shape = network.tensorShapes().get(input).dims();
                long count = TensorShape.of(shape).elements();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.allocate((int) count), shape);
                     OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    Map<String, TensorShape> shapes = new LinkedHashMap<>();
                    result.forEach(e -> {
                        if (nodeOutputs.contains(e.getKey())) {
                            shapes.put(e.getKey(), TensorShape.of(((OnnxTensor) e.getValue()).getInfo().getShape()));
                        }
                    });
                    return shapes;
                }
            }
        }
    }
}
