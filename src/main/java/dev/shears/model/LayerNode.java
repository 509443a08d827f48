package dev.shears.model;

import java.util.List;

/**
 * One node of a {@link NetworkGraph}: a layer, a graph vertex, an input preprocessor or a network
 * input.
 *
 * @param name        unique within the graph
 * @param kind        what the node does
 * @param typeName    the DL4J class name, e.g. "ConvolutionLayer", "CnnToFeedForwardPreProcessor"
 * @param description short configuration summary, e.g. "5x5 stride 1, relu"
 * @param inputs      names of the nodes feeding this one, in order
 * @param inputShape  activation shape of the (first) input for one example
 * @param outputShape activation shape of the output for one example
 * @param params      parameter tensors in DL4J order
 * @param macs        multiply-accumulates per example (see {@code analysis.MacCounter})
 */
public record LayerNode(String name, LayerKind kind, String typeName, String description, List<String> inputs,
                        TensorShape inputShape, TensorShape outputShape, List<ParamTensor> params, long macs) {
    public LayerNode {
        inputs = List.copyOf(inputs);
        params = List.copyOf(params);
    }

    public long paramCount() {
        long n = 0;
        for (ParamTensor p : params) {
            n += p.count();
        }
        return n;
    }

    /** Fraction of exact zeros over all parameters of the node (0 when it has none; NaN while not read). */
    public double sparsity() {
        long count = 0;
        long zeros = 0;
        for (ParamTensor p : params) {
            if (!p.stats().isRead()) {
                return Double.NaN;
            }
            count += p.stats().count();
            zeros += p.stats().zeros();
        }
        return count == 0 ? 0 : (double) zeros / count;
    }

    public boolean hasParams() {
        return !params.isEmpty();
    }
}
