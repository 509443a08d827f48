package dev.shears.pruning.surgery;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** {@link DepthwisePruningTest}'s seeded network (depthwise and separable layers) for tests in other packages. */
public final class DepthwisePruningTestAccess {
    private DepthwisePruningTestAccess() {
    }

    public static MultiLayerNetwork network() {
        return DepthwisePruningTest.network();
    }
}
