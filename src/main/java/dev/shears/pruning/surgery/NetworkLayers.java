package dev.shears.pruning.surgery;

import dev.shears.pruning.ParamArrays;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter access by layer name for both kinds of DL4J network. */
public final class NetworkLayers {
    private NetworkLayers() {
    }

    static Layer layer(Model network, String name) {
        Layer layer;
        if (network instanceof MultiLayerNetwork mln) {
            layer = mln.getLayer(name);
        } else if (network instanceof ComputationGraph graph) {
            layer = graph.getLayer(name);
        } else {
            throw unsupported(network);
        }
        if (layer == null) {
            throw new IllegalArgumentException("the network has no layer " + name);
        }
        return layer;
    }

    /** A deep copy (configuration and parameters); the original is not touched. */
    public static Model copy(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.clone();
        }
        if (network instanceof ComputationGraph graph) {
            return GraphCopies.graph(graph);
        }
        throw unsupported(network);
    }

    /** Inference output for a batch of single-input examples. */
    public static INDArray output(Model network, INDArray features) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.output(features, false);
        }
        if (network instanceof ComputationGraph graph) {
            return graph.outputSingle(false, features);
        }
        throw unsupported(network);
    }

    /**
     * Parameter gradients of the batch's mean loss, computed as during fitting (training mode), by
     * layer name and parameter key. The network keeps its parameters but its input, labels and
     * gradient state change: pass a copy. Views: valid until the next gradient computation.
     */
    public static Weights gradients(Model network, DataSet batch) {
        Map<String, INDArray> byKey;
        BiFunction<String, String, String> key;
        if (network instanceof MultiLayerNetwork mln) {
            mln.setInput(batch.getFeatures());
            mln.setLabels(batch.getLabels());
            mln.computeGradientAndScore();
            byKey = mln.gradient().gradientForVariable();
            key = (layer, param) -> mln.getLayer(layer).getIndex() + "_" + param;
        } else if (network instanceof ComputationGraph graph) {
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.computeGradientAndScore();
            byKey = graph.gradient().gradientForVariable();
            key = (layer, param) -> layer + "_" + param;
        } else {
            throw unsupported(network);
        }
        return (layer, param) -> {
            INDArray g = byKey.get(key.apply(layer, param));
            if (g == null) {
                throw new IllegalArgumentException("no gradient for " + layer + "/" + param);
            }
            return read(g);
        };
    }

    /** The parameter as a view into the network: writing to it changes the network. */
    public static INDArray param(Model network, String layer, String key) {
        INDArray p = layer(network, layer).getParam(key);
        if (p == null) {
            throw new IllegalArgumentException("layer " + layer + " has no parameter " + key);
        }
        return p;
    }

    /**
     * In C order whatever order the view has, in the parameter's precision; read from the network's
     * buffer without a native copy.
     */
    public static ParamValues read(INDArray p) {
        return p.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE
                ? new ParamValues(p.shape(), ParamArrays.rowMajorDoubles(p))
                : new ParamValues(p.shape(), ParamArrays.rowMajor(p));
    }

    public static void write(INDArray target, ParamValues values) {
        if (!Arrays.equals(target.shape(), values.shape())) {
            throw new IllegalStateException("shape " + Arrays.toString(values.shape()) + " does not fit parameter "
                    + Arrays.toString(target.shape()));
        }
        // closed at once: ND4J frees an array's native memory only when the GC finds it otherwise
        try (INDArray created = values.isDouble() ? Nd4j.create(values.doubles(), values.shape(), 'c')
                : Nd4j.create(values.values(), values.shape(), 'c')) {
            if (created.dataType() == target.dataType()) {
                target.assign(created);
            } else {
                try (INDArray cast = created.castTo(target.dataType())) {
                    target.assign(cast);
                }
            }
        }
    }

    static IllegalArgumentException unsupported(Model network) {
        return new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
    }
}
