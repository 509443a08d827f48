package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.OnnxGraph.integer;

import java.util.List;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;

/** ComputationGraph vertices that are not layers: element-wise joins, concatenation, scaling. */
final class VertexConverters {
    private VertexConverters() {
    }

    static String convert(String name, GraphVertex vertex, List<Tensor> inputs, OnnxGraph g)
            throws ConversionException {
        List<String> names = inputs.stream().map(Tensor::name).toList();
        if (vertex instanceof ElementWiseVertex elementWise) {
            return elementWise(name, elementWise, names, g);
        }
        if (vertex instanceof MergeVertex merge) {
            // DL4J merges on axis 1 (channels for NCHW, features for [batch, features])
            return g.node("Concat", name, names, integer("axis", merge.getMergeAxis()));
        }
        if (vertex instanceof ScaleVertex scale) {
            return g.node("Mul", name, List.of(names.get(0),
                    g.floats(name + "_scale", new float[] {(float) scale.getScaleFactor()})));
        }
        if (vertex instanceof PreprocessorVertex pre) {
            return PreprocessorConverters.apply(pre.getPreProcessor(), name, inputs.get(0), g).name();
        }
        throw ConversionException.unsupported(name, vertex.getClass().getSimpleName());
    }

    private static String elementWise(String name, ElementWiseVertex vertex, List<String> inputs, OnnxGraph g)
            throws ConversionException {
        return switch (vertex.getOp()) {
            case Add -> g.node("Sum", name, inputs);
            case Average -> g.node("Mean", name, inputs);
            case Max -> g.node("Max", name, inputs);
            case Product -> product(name, inputs, g);
            case Subtract -> {
                if (inputs.size() != 2) {
                    throw ConversionException.unsupported(name, "ElementWiseVertex",
                            "subtraction needs exactly two inputs");
                }
                yield g.node("Sub", name, inputs);
            }
        };
    }

    private static String product(String name, List<String> inputs, OnnxGraph g) {
        String result = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            result = g.node("Mul", name, List.of(result, inputs.get(i)));
        }
        return result;
    }
}
