package dev.shears.pruning.equivalence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.pruning.surgery.MaskApplier;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.pruning.surgery.Surgeon;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

public class EquivalenceCheckTest {
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
        assertThat(e.direct()).isTrue();
        assertThat(e.method()).isEmpty();
    }

    @Test
    void outputsNoScaleMakesFiniteProveNothing() {
        MultiLayerNetwork net = mlp();
        MultiLayerNetwork overflowing = net.clone();
        overflowing.getLayer("output").getParam("b").putScalar(0, Float.POSITIVE_INFINITY);

        Equivalence e = EquivalenceCheck.proveEqual(overflowing, overflowing.clone(), Nd4j.rand(5, 4));

        assertThat(e.maxAbsDifference()).isNaN();
        assertThat(e.maxAbsDifference() <= Equivalence.TOLERANCE).isFalse();
        assertThat(e.methodName()).isEqualTo("not finite");
        assertThat(e.method()).isEqualTo("the outputs are not finite even on the inputs scaled ×1e-30");
    }

    /**
     * Identity layers with weights 1e20, 1e20, 1e-35: the middle activations overflow float on inputs in
     * [0, 1) (8e40), so the outputs are infinite; on inputs ×1e-6 every activation is finite and the
     * outputs are about 3.
     */
    private static MultiLayerNetwork overflowingInTheMiddle() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.getLayer(0).getParam("W").assign(1e20);
        net.getLayer(1).getParam("W").assign(1e20);
        net.getLayer(2).getParam("W").assign(1e-35);
        return net;
    }

    @Test
    void outputsThatOverflowAreComparedOnScaledInputsWhichKeepTheCheckSharp() {
        MultiLayerNetwork net = overflowingInTheMiddle();
        INDArray inputs = Nd4j.rand(DataType.FLOAT, 3, 4);
        assertThat(net.output(inputs).isInfinite().any()).as("overflows on the inputs as given").isTrue();
        MultiLayerNetwork nudged = net.clone();
        nudged.getLayer(2).getParam("W").putScalar(0, 0, 1.01e-35);

        Equivalence same = EquivalenceCheck.compare(net, net.clone(), inputs);
        Equivalence different = EquivalenceCheck.compare(net, nudged, inputs);

        assertThat(same.maxAbsDifference()).isZero();
        assertThat(same.methodName()).isEqualTo("scaled");
        assertThat(same.inputScale()).isEqualTo(1e-6);
        assertThat(same.method()).isEqualTo("on the inputs scaled ×1e-06, since on the inputs as given the outputs"
                + " are not finite (an untrained deep network overflows)");
        // 1 % of one weight moves an output of about 3 by about 1e-2: far above the tolerance
        assertThat(different.inputScale()).isEqualTo(1e-6);
        assertThat(different.maxAbsDifference()).isGreaterThan(1e-3);
    }

    /**
     * The same network ending in a softmax over two classes whose weights differ (1e-35 and 2e-35):
     * where its logits are just short of overflowing the probabilities are pinned at 0 and 1 and prove
     * nothing; the check scales on until they are not.
     */
    @Test
    void probabilitiesPinnedAtOneAreScaledUntilTheyMove() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.getLayer(0).getParam("W").assign(1e20);
        net.getLayer(1).getParam("W").assign(1e20);
        INDArray last = net.getLayer(2).getParam("W");
        last.getColumn(0).assign(1e-35);
        last.getColumn(1).assign(2e-35);
        INDArray inputs = Nd4j.rand(DataType.FLOAT, 3, 4);
        MultiLayerNetwork nudged = net.clone();
        nudged.getLayer(2).getParam("W").putScalar(0, 1, 2.2e-35);

        Equivalence same = EquivalenceCheck.compare(net, net.clone(), inputs);
        Equivalence different = EquivalenceCheck.compare(net, nudged, inputs);

        assertThat(net.output(inputs).isNaN().any()).as("NaN on the inputs as given").isTrue();
        assertThat(same.maxAbsDifference()).isZero();
        assertThat(same.methodName()).isEqualTo("scaled");
        // ×1e-4 gives finite logits near 300 (pinned); ×1e-6 near 3
        assertThat(same.inputScale()).isEqualTo(1e-6);
        assertThat(net.output(inputs.mul(1e-6)).maxNumber().doubleValue()).isLessThan(EquivalenceCheck.SATURATED);
        assertThat(different.maxAbsDifference()).as("a 10 % nudge of one weight shows").isGreaterThan(1e-4);
    }

    /** 24 tanh layers of 64, weights of standard deviation 4/√64, ending in 8 identity outputs. */
    public static MultiLayerNetwork chaotic() {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().seed(7)
                .weightInit(new NormalDistribution(0, 4 / Math.sqrt(64))).list();
        for (int i = 0; i < 24; i++) {
            layers.layer(new DenseLayer.Builder().name("dense" + i).nIn(64).nOut(64).activation(Activation.TANH)
                    .build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("output").nIn(64).nOut(8)
                .activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return net;
    }

    /**
     * 24 tanh layers of 64 with weights of standard deviation 4/√64: a chaotic random network, which
     * blows float rounding up by many orders of magnitude. A correctly pruned copy differs from its
     * masked original in float by 5e-3, fifty times the tolerance, and by 6e-12 in double precision.
     */
    @Test
    void roundingAnUntrainedNetworkAmplifiesIsTakenOutInDoublePrecision() {
        MultiLayerNetwork net = chaotic();
        NetworkGraph graph = NetworkGraphReader.read(net);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        PruningPlan plan = Planner.plan(graph, groups, new NetworkWeights(net),
                StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3)));
        var shrunk = Surgeon.shrink(net, graph, plan);
        var masked = MaskApplier.apply(net, graph, plan);
        Nd4j.getRandom().setSeed(3);
        INDArray inputs = Nd4j.randn(DataType.FLOAT, 16, 64);

        Equivalence inFloat = EquivalenceCheck.compare(shrunk, masked, inputs);
        Equivalence proved = EquivalenceCheck.proveEqual(shrunk, masked, inputs);

        assertThat(inFloat.maxAbsDifference()).as("float alone would refuse").isGreaterThan(
                Equivalence.TOLERANCE);
        assertThat(proved.methodName()).isEqualTo("double precision");
        assertThat(proved.maxAbsDifference()).isLessThanOrEqualTo(1e-9);
        assertThat(proved.method()).startsWith("in double precision; in float they differ by ")
                .endsWith(": rounding, which this network amplifies");
        assertThat(EquivalenceCheck.compare(net, masked, inputs).maxAbsDifference()).as("pruning moved the outputs")
                .isGreaterThan(1e-2);
    }
}
