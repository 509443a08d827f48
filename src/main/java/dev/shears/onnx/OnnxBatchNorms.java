package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtException;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.OrtEngine;
import dev.shears.engine.Outputs;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.pruning.BatchNormStatistics;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BatchNormalization nodes' running statistics: measured in ONNX Runtime on examples, and written
 * into the mean and var initializers. Measuring reads a node's input by making it the graph's only
 * output; the nodes are measured in graph order, each on the network whose earlier BatchNorms already
 * hold their new statistics — what the node will see once they all do.
 */
public final class OnnxBatchNorms {
    private OnnxBatchNorms() {
    }

    /** The network's BatchNorm layers, in graph (topological) order. */
    public static List<String> layers(OnnxNetwork network) {
        return network.graph().nodesOfKind(LayerKind.BATCH_NORMALIZATION).stream().map(LayerNode::name).toList();
    }

    /**
     * Every BatchNorm's statistics re-measured on the examples at {@code indices} of {@code source}.
     *
     * @param batch examples per forward pass
     */
    public static Map<String, BatchNormStatistics> measure(OnnxNetwork network, DataSource source, int[] indices,
            int batch, ProgressListener progress, Cancellation cancellation) throws IOException {
        List<String> layers = layers(network);
        Map<String, BatchNormStatistics> measured = new LinkedHashMap<>();
        OnnxModel current = network.model();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            progress.progress((double) i / layers.size(), "measuring " + layer + "'s input ("
                    + (i + 1) + " of " + layers.size() + ")");
            try {
                BatchNormStatistics statistics = measureInput(tapped(current, inputOf(network, layer)),
                        network.graph().node(layer).orElseThrow(), source, indices, batch, cancellation);
                measured.put(layer, statistics);
                current = withStatistics(network, current, Map.of(layer, statistics));
            } catch (OnnxPruningException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        progress.progress(1, "BatchNorm statistics measured");
        return measured;
    }

    /** The network's model with these BatchNorm layers' mean and var replaced. */
    public static OnnxModel withStatistics(OnnxNetwork network, Map<String, BatchNormStatistics> statistics)
            throws OnnxPruningException {
        return withStatistics(network, network.model(), statistics);
    }

    private static OnnxModel withStatistics(OnnxNetwork network, OnnxModel model,
            Map<String, BatchNormStatistics> statistics) throws OnnxPruningException {
        Map<String, TensorProto> replacements = new LinkedHashMap<>();
        for (Map.Entry<String, BatchNormStatistics> e : statistics.entrySet()) {
            replacements.put(tensor(network, e.getKey(), "mean"),
                    replaced(model, tensor(network, e.getKey(), "mean"), e.getValue().mean()));
            replacements.put(tensor(network, e.getKey(), "var"),
                    replaced(model, tensor(network, e.getKey(), "var"), e.getValue().variance()));
        }
        return model.derived(ModelRewrite.withTensors(model, replacements).build());
    }

    private static String tensor(OnnxNetwork network, String layer, String key) {
        return network.binding(layer, key).orElseThrow(() -> new IllegalArgumentException(layer
                + " is not a BatchNorm layer of this network")).tensor();
    }

    private static TensorProto replaced(OnnxModel model, String name, float[] values) throws OnnxPruningException {
        TensorProto tensor = model.constant(name).orElseThrow();
        if (TensorValues.elementCount(tensor) != values.length) {
            throw new IllegalArgumentException(name + " holds " + TensorValues.elementCount(tensor)
                    + " values, the statistics " + values.length);
        }
        int type = tensor.getDataType();
        if (type != TensorProto.DataType.FLOAT_VALUE && type != TensorProto.DataType.DOUBLE_VALUE) {
            throw new OnnxPruningException("The BatchNorm statistics " + name + " are stored as "
                    + TensorProto.DataType.forNumber(type) + ", and Shears rewrites only float and double tensors.");
        }
        return TensorEdits.withReals(tensor, values);
    }

    /** The tensor a BatchNorm node normalises: the X input of the node that reads its mean. */
    private static String inputOf(OnnxNetwork network, String layer) throws OnnxPruningException {
        String mean = tensor(network, layer, "mean");
        List<NodeProto> readers = network.model().proto().getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("BatchNormalization") && n.getInputCount() >= 5
                        && n.getInput(3).equals(mean)).toList();
        if (readers.size() != 1) {
            throw new OnnxPruningException("The BatchNorm " + layer + " shares its running mean with another"
                    + " BatchNorm, so its statistics cannot be measured on their own.");
        }
        return readers.get(0).getInput(0);
    }

    /** The model with one output: the tensor {@code name} (a float tensor). */
    static byte[] tapped(OnnxModel model, String name) {
        ModelProto.Builder builder = model.selfContained().toBuilder();
        GraphProto.Builder graph = builder.getGraphBuilder();
        graph.clearOutput();
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        return builder.build().toByteArray();
    }

    private static BatchNormStatistics measureInput(byte[] tapped, LayerNode layer, DataSource source, int[] indices,
            int batch, Cancellation cancellation) throws IOException, OnnxPruningException {
        BatchNormStatistics.Accumulator accumulator = null;
        try (OrtEngine engine = new OrtEngine(tapped)) {
            for (int from = 0; from < indices.length; from += batch) {
                cancellation.throwIfCancelled();
                Examples examples = source.read(Arrays.copyOfRange(indices, from,
                        Math.min(indices.length, from + batch)));
                Outputs out = engine.run(examples);
                long[] dims = out.exampleShape().dims();
                if (dims.length == 0) {
                    throw new OnnxPruningException("The input of the BatchNorm " + layer.name()
                            + " has no channel axis.");
                }
                int channels = Math.toIntExact(dims[0]);
                if (accumulator == null) {
                    accumulator = new BatchNormStatistics.Accumulator(channels);
                }
                accumulator.add(out.values(), out.count(), Math.toIntExact(out.exampleShape().elements() / channels));
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot run the network up to " + layer.name() + " ("
                    + e.getMessage() + ")", e);
        }
        if (accumulator == null) {
            throw new IllegalArgumentException("no examples to measure on");
        }
        return accumulator.statistics();
    }
}
