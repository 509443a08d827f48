package dev.shears.pruning.surgery;

import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Weights;
import org.deeplearning4j.nn.api.Model;

/**
 * {@link Weights} read from a DL4J network, in place where the layout allows ({@link ParamValues#inPlace}):
 * the network must not change while the values are used (backends never change theirs).
 */
public final class NetworkWeights implements Weights {
    private final Model network;

    public NetworkWeights(Model network) {
        this.network = network;
    }

    @Override
    public ParamValues get(String layer, String param) {
        return ParamValues.inPlace(NetworkLayers.param(network, layer, param));
    }
}
