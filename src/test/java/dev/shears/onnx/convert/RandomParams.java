package dev.shears.onnx.convert;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Freshly initialised networks have zero biases and BatchNorm statistics of mean 0, variance 1,
 * which would hide a swapped or ignored parameter; this gives them seeded values that matter.
 */
final class RandomParams {
    private RandomParams() {
    }

    static <M extends Model> M randomise(M network, long seed) {
        Random random = new Random(seed);
        Layer[] layers = network instanceof MultiLayerNetwork mln ? mln.getLayers()
                : ((ComputationGraph) network).getLayers();
        for (Layer layer : layers) {
            if (layer.numParams() == 0) {
                continue;
            }
            fill(layer.paramTable().get("b"), random, 0, 0.2);
            fill(layer.paramTable().get("mean"), random, 0, 0.5);
            fill(layer.paramTable().get("gamma"), random, 1, 0.2);
            fill(layer.paramTable().get("beta"), random, 0, 0.2);
            fillUniform(layer.paramTable().get("var"), random, 0.5, 2.0);
            // log10 of std between 10^-0.3 ≈ 0.5 and 10^0.3 ≈ 2
            fillUniform(layer.paramTable().get("log10stdev"), random, -0.3, 0.3);
        }
        return network;
    }

    private static void fill(INDArray param, Random random, double mean, double std) {
        if (param != null) {
            for (long i = 0; i < param.length(); i++) {
                param.putScalar(i, mean + std * random.nextGaussian());
            }
        }
    }

    private static void fillUniform(INDArray param, Random random, double from, double to) {
        if (param != null) {
            for (long i = 0; i < param.length(); i++) {
                param.putScalar(i, from + (to - from) * random.nextDouble());
            }
        }
    }
}
