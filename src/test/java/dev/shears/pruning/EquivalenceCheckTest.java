package dev.shears.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class EquivalenceCheckTest {
    private static MultiLayerNetwork mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("output").nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void identicalNetworksDifferByZeroInBatchesOfAnySize() {
        MultiLayerNetwork net = mlp();

        Equivalence e = EquivalenceCheck.compare(net, net.clone(), Nd4j.rand(300, 4));

        assertThat(e.examples()).isEqualTo(300);
        assertThat(e.maxAbsDifference()).isZero();
    }

    @Test
    void nonFiniteOutputsProveNothing() {
        MultiLayerNetwork net = mlp();
        MultiLayerNetwork overflowing = net.clone();
        overflowing.getLayer("output").getParam("b").putScalar(0, Float.POSITIVE_INFINITY);

        Equivalence e = EquivalenceCheck.compare(overflowing, overflowing.clone(), Nd4j.rand(5, 4));

        assertThat(e.maxAbsDifference()).isNaN();
        assertThat(e.maxAbsDifference() <= PruningReport.EQUIVALENCE_TOLERANCE).isFalse();
    }
}
