package dev.shears.pruning.surgery;

import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import org.deeplearning4j.nn.api.Model;

/** {@link Weights} read from a DL4J network (copies; the network is not changed). */
public final class NetworkWeights implements Weights {
    private final Model network;

    public NetworkWeights(Model network) {
        this.network = network;
    }

    @Override
    public ParamValues get(String layer, String param) {
        return NetworkLayers.read(NetworkLayers.param(network, layer, param));
    }
}
