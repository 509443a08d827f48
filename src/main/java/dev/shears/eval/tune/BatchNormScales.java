package dev.shears.eval.tune;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable scales γ of every BatchNorm layer of a DL4J network, each with the key DL4J files its
 * gradient under ("index_gamma" in a MultiLayerNetwork, "layerName_gamma" in a ComputationGraph).
 * BatchNorms with locked γ (no parameter) are left out.
 */
final class BatchNormScales {
    /** One BatchNorm's γ (a view of the network's parameters) and its gradient's key. */
    record Scale(String layer, String gradientKey, INDArray gamma) {
    }

    private BatchNormScales() {
    }

    static List<Scale> of(Model network) {
        List<Scale> out = new ArrayList<>();
        String key = BatchNormalizationParamInitializer.GAMMA;
        if (network instanceof MultiLayerNetwork mln) {
            Layer[] layers = mln.getLayers();
            for (int i = 0; i < layers.length; i++) {
                if (isBatchNorm(layers[i]) && layers[i].paramTable().containsKey(key)) {
                    out.add(new Scale(String.valueOf(layers[i].conf().getLayer().getLayerName()), i + "_" + key,
                            layers[i].getParam(key)));
                }
            }
        } else if (network instanceof ComputationGraph graph) {
            for (Layer layer : graph.getLayers()) {
                if (isBatchNorm(layer) && layer.paramTable().containsKey(key)) {
                    String name = layer.conf().getLayer().getLayerName();
                    out.add(new Scale(name, name + "_" + key, layer.getParam(key)));
                }
            }
        } else {
            throw new IllegalArgumentException("unsupported network type " + network.getClass().getSimpleName());
        }
        return out;
    }

    private static boolean isBatchNorm(Layer layer) {
        return layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
    }

    /** |γ| of every scale, in layer order. */
    static GammaMagnitudes magnitudes(List<Scale> scales) {
        int n = scales.stream().mapToInt(s -> Math.toIntExact(s.gamma().length())).sum();
        double[] values = new double[n];
        int at = 0;
        for (Scale s : scales) {
            double[] gamma = s.gamma().dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            for (double g : gamma) {
                values[at++] = Math.abs(g);
            }
        }
        return new GammaMagnitudes(values);
    }
}
