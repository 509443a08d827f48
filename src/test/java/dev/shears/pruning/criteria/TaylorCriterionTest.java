package dev.shears.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.ParamValues;
import dev.shears.task.Cancellation;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TaylorCriterionTest {
    @Test
    void batchScoreIsTheAbsoluteSumOfReaderWeightTimesGradientPerChannel() {
        // readers: next W [2, 3] (row c reads channel c) and a flatten reader fc W [4, 1] (block 2 per channel)
        ChannelGroup group = new ChannelGroup(0, "hidden", 2, List.of(
                new ParamSlice("hidden", "W", 1, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("next", "W", 0, 0, 1, SliceRole.INPUT),
                new ParamSlice("fc", "W", 0, 0, 2, SliceRole.INPUT)), List.of(), List.of());
        Map<String, ParamValues> weights = Map.of(
                "hidden/W", new ParamValues(new long[] {1, 2}, new double[] {100, 100}),
                "next/W", new ParamValues(new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}),
                "fc/W", new ParamValues(new long[] {4, 1}, new double[] {1, 2, 3, 4}));
        Map<String, ParamValues> gradients = Map.of(
                "next/W", new ParamValues(new long[] {2, 3}, new double[] {1, 0, -1, 0.5, 0.5, 0.5}),
                "fc/W", new ParamValues(new long[] {4, 1}, new double[] {1, 1, -1, 1}));

        double[] scores = TaylorCriterion.batchScores(group, (l, p) -> weights.get(l + "/" + p),
                (l, p) -> gradients.get(l + "/" + p));

        // channel 0: (1·1 + 3·-1) + (1 + 2) = 1; channel 1: (2 + 2.5 + 3) + (-3 + 4) = 8.5
        assertThat(scores).containsExactly(new double[] {1, 8.5}, within(1e-12));
    }

    /**
     * On a linear network the score must equal |dL/dε| when channel c's activation is scaled by
     * (1 + ε) — done here from the producer side (its weights and bias), independently of the
     * reader-side identity the criterion uses — by central differences, exact for a quadratic loss.
     */
    @Test
    void measuredScoreEqualsTheLossDerivativeOfScalingEachChannel() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("output").nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(5);
        DataSet batch = new DataSet(Nd4j.randn(DataType.DOUBLE, 8, 3), Nd4j.randn(DataType.DOUBLE, 8, 2));
        ChannelGroups groups = DependencyAnalyzer.analyze(NetworkGraphReader.read(net));
        ChannelGroup hidden = groups.named("hidden").orElseThrow();
        INDArray paramsBefore = net.params().dup();

        double[] scores = TaylorCriterion.measure(net, groups, List.of(batch, batch), Cancellation.none())
                .score(hidden, null);

        double eps = 1e-3;
        for (int c = 0; c < 4; c++) {
            double derivative = (scaledLoss(net, batch, c, 1 + eps) - scaledLoss(net, batch, c, 1 - eps)) / (2 * eps);
            assertThat(scores[c]).as("channel %d", c).isCloseTo(Math.abs(derivative) * batch.numExamples(),
                    within(1e-6 * (1 + Math.abs(derivative))));
        }
        assertThat(net.params()).as("original untouched").isEqualTo(paramsBefore);
    }

    @Test
    void answersOnlyForMeasuredGroups() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(3).nOut(4).build())
                .layer(new OutputLayer.Builder().name("output").nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        ChannelGroups groups = DependencyAnalyzer.analyze(NetworkGraphReader.read(net));
        ChannelGroup other = new ChannelGroup(9, "elsewhere", 4, List.of(), List.of(), List.of());

        TaylorCriterion taylor = TaylorCriterion.measure(net, groups, List.of(new DataSet(Nd4j.rand(5, 3),
                Nd4j.eye(5).getColumns(0, 1))), Cancellation.none());

        assertThat(taylor.score(groups.named("hidden").orElseThrow(), null)).hasSize(4);
        assertThat(taylor.notApplicable(other)).isPresent();
        assertThatThrownBy(() -> taylor.score(other, null)).hasMessageContaining("elsewhere");
    }

    /** Mean loss of the batch with channel c of "hidden" multiplied by factor (identity activation). */
    private static double scaledLoss(MultiLayerNetwork net, DataSet batch, int c, double factor) {
        MultiLayerNetwork copy = net.clone();
        INDArray w = copy.getLayer("hidden").getParam("W");
        INDArray b = copy.getLayer("hidden").getParam("b");
        w.getColumn(c).muli(factor);
        b.putScalar(c, b.getDouble(c) * factor);
        return copy.score(batch);
    }
}
