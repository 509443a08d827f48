package dev.shears.io;

import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An opened model: the DL4J network (never modified: every pruning step makes a new one), Shears'
 * description of it, and where it came from.
 */
public record LoadedModel(Path file, long fileBytes, Model network, NetworkGraph graph) {
    static LoadedModel of(Path file, long fileBytes, Model network) {
        return new LoadedModel(file, fileBytes, network, NetworkGraphReader.read(network));
    }

    /** A network whose input the file recorded (a Keras model's InputLayer). */
    static LoadedModel of(Path file, long fileBytes, Model network, ModelInput input) {
        return new LoadedModel(file, fileBytes, network, NetworkGraphReader.read(network, input));
    }

    /**
     * The network after a change that keeps its input (pruning, fine-tuning), read anew with this
     * model's input: the image size and layout a Keras file recorded survive.
     */
    public LoadedModel withNetwork(Model changed, long changedFileBytes) {
        return new LoadedModel(file, changedFileBytes, changed, NetworkGraphReader.read(changed, graph.input()));
    }

    /**
     * A copy of one parameter tensor's values in row-major (C) order — Dense W [nIn, nOut] row by
     * row, conv W [out, in, kH, kW] — whatever order DL4J keeps it in internally (Dense W is 'f').
     */
    public float[] paramValues(String layerName, String key) {
        org.deeplearning4j.nn.api.Layer layer = network instanceof MultiLayerNetwork mln ? mln.getLayer(layerName)
                : ((ComputationGraph) network).getLayer(layerName);
        if (layer == null) {
            throw new IllegalArgumentException("no layer named '" + layerName + "'");
        }
        INDArray values = layer.getParam(key);
        if (values == null) {
            throw new IllegalArgumentException("layer '" + layerName + "' has no parameter '" + key + "'");
        }
        return values.dup('c').data().asFloat();
    }

    /** The file name without ".zip" or ".h5", as shown in the title bar. */
    public String displayName() {
        String name = file.getFileName().toString();
        if (name.endsWith(".zip")) {
            return name.substring(0, name.length() - 4);
        }
        return name.endsWith(".h5") ? name.substring(0, name.length() - 3) : name;
    }
}
