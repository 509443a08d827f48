package dev.shears.pruning;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter access by layer name for both kinds of DL4J network. */
final class NetworkLayers {
    private NetworkLayers() {
    }

    static Layer layer(Model network, String name) {
        Layer layer;
        if (network instanceof MultiLayerNetwork mln) {
            layer = mln.getLayer(name);
        } else if (network instanceof ComputationGraph graph) {
            layer = graph.getLayer(name);
        } else {
            throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
        }
        if (layer == null) {
            throw new IllegalArgumentException("the network has no layer " + name);
        }
        return layer;
    }

    /** The parameter as a view into the network: writing to it changes the network. */
    static INDArray param(Model network, String layer, String key) {
        INDArray p = layer(network, layer).getParam(key);
        if (p == null) {
            throw new IllegalArgumentException("layer " + layer + " has no parameter " + key);
        }
        return p;
    }

    /** dup first: a DL4J view's data() is the whole network's buffer, and views may be 'f' ordered. */
    static ParamValues read(INDArray p) {
        return new ParamValues(p.shape(), p.dup('c').data().asDouble());
    }

    static void write(INDArray target, ParamValues values) {
        if (!Arrays.equals(target.shape(), values.shape())) {
            throw new IllegalStateException("shape " + Arrays.toString(values.shape()) + " does not fit parameter "
                    + Arrays.toString(target.shape()));
        }
        target.assign(Nd4j.create(values.data(), values.shape(), target.dataType()));
    }
}
