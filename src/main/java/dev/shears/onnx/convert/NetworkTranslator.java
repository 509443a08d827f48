package dev.shears.onnx.convert;

import ai.onnx.proto.OnnxMl;
import dev.shears.Version;
import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Walks a MultiLayerNetwork or a ComputationGraph in execution order and translates every layer,
 * preprocessor and vertex. Shapes come from one DL4J forward pass of a single example, so padding
 * and flattening use exactly the sizes DL4J computes.
 */
final class NetworkTranslator {
    static final int OPSET = 13;
    /** IR version 7 is the one that goes with opset 13. */
    static final int IR_VERSION = 7;
    static final String MLN_INPUT = "input";

    private NetworkTranslator() {
    }

    /** The ONNX model, and the initializers that hold DL4J parameters unchanged ("layer/key" → initializer). */
    record Translation(OnnxMl.ModelProto model, Map<String, ParamInitializer> params) {
    }

    static Translation translate(Model network, TensorShape exampleShape) throws ConversionException {
        OnnxGraph g = new OnnxGraph("shears");
        if (network instanceof MultiLayerNetwork mln) {
            translate(mln, exampleShape, g);
        } else if (network instanceof ComputationGraph cg) {
            translate(cg, exampleShape, g);
        } else {
            throw new ConversionException("Shears converts only MultiLayerNetwork and ComputationGraph models, not "
                    + network.getClass().getSimpleName() + ".");
        }
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("Shears")
                .setProducerVersion(Version.current())
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.build())
                .build();
        return new Translation(model, g.copiedParams());
    }

    private static void translate(MultiLayerNetwork mln, TensorShape exampleShape, OnnxGraph g)
            throws ConversionException {
        MultiLayerConfiguration conf = mln.getLayerWiseConfigurations();
        List<INDArray> activations = mln.feedForward(oneExample(exampleShape), false);
        g.reserve(MLN_INPUT);
        g.addInput(OnnxGraph.batchedFloat(MLN_INPUT, exampleShape.dims()));
        Tensor current = new Tensor(MLN_INPUT, exampleShape.dims());
        for (int i = 0; i < mln.getnLayers(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            String name = layer.getLayerName() != null ? layer.getLayerName() : "layer" + i;
            InputPreProcessor preprocessor = conf.getInputPreProcess(i);
            if (preprocessor != null) {
                current = PreprocessorConverters.apply(preprocessor, name, current, g);
            }
            String out = convertLayer(name, layer, new Params(mln.getLayer(i)), current, g);
            current = new Tensor(out, exampleDims(activations.get(i + 1)));
        }
        finish(g, current, MLN_INPUT);
    }

    private static void translate(ComputationGraph cg, TensorShape exampleShape, OnnxGraph g)
            throws ConversionException {
        ComputationGraphConfiguration conf = cg.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new ConversionException("Shears converts graphs with one input and one output; this one has "
                    + conf.getNetworkInputs().size() + " inputs and " + conf.getNetworkOutputs().size()
                    + " outputs.");
        }
        String inputName = conf.getNetworkInputs().get(0);
        Map<String, INDArray> activations = cg.feedForward(new INDArray[] {oneExample(exampleShape)}, false);
        g.reserve(inputName);
        g.addInput(OnnxGraph.batchedFloat(inputName, exampleShape.dims()));
        Map<String, Tensor> outputs = new HashMap<>();
        outputs.put(inputName, new Tensor(inputName, exampleShape.dims()));
        for (int index : cg.topologicalSortOrder()) {
            String name = cg.getVertices()[index].getVertexName();
            if (outputs.containsKey(name)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(name);
            List<Tensor> inputs = conf.getVertexInputs().get(name).stream().map(outputs::get).toList();
            String out;
            if (vertex instanceof LayerVertex layerVertex) {
                Tensor in = inputs.get(0);
                if (layerVertex.getPreProcessor() != null) {
                    in = PreprocessorConverters.apply(layerVertex.getPreProcessor(), name, in, g);
                }
                out = convertLayer(name, layerVertex.getLayerConf().getLayer(), new Params(cg.getLayer(name)), in, g);
            } else {
                out = VertexConverters.convert(name, vertex, inputs, g);
            }
            outputs.put(name, new Tensor(out, exampleDims(activations.get(name))));
        }
        finish(g, outputs.get(conf.getNetworkOutputs().get(0)), inputName);
    }

    private static String convertLayer(String name, Layer layer, Params params, Tensor in, OnnxGraph g)
            throws ConversionException {
        LayerConverter converter = LayerConverters.forLayer(layer)
                .orElseThrow(() -> ConversionException.unsupported(name, layer.getClass().getSimpleName()));
        return converter.convert(new LayerInput(name, layer, params, in.name(), in.shape(), g));
    }

    private static void finish(OnnxGraph g, Tensor output, String inputName) {
        String name = output.name();
        if (name.equals(inputName)) {
            // a network of pass-through layers still needs its output to be a node's output
            name = g.node("Identity", "output", List.of(name));
        }
        g.addOutput(OnnxGraph.batchedFloat(name, output.shape()));
    }

    private static INDArray oneExample(TensorShape exampleShape) {
        long[] dims = exampleShape.dims();
        long[] shape = new long[dims.length + 1];
        shape[0] = 1;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return Nd4j.zeros(DataType.FLOAT, shape);
    }

    private static long[] exampleDims(INDArray activation) {
        long[] shape = activation.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
