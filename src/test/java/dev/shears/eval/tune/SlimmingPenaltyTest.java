package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.FashionSplits;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.task.Cancellation;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Network Slimming's λ·Σ|γ|: its gradient by hand on a tiny network, its effect on the trained bn-cnn. */
class SlimmingPenaltyTest {
    private static final double LAMBDA = 0.01;

    /**
     * Dense 3→4, BatchNorm over the 4 units, softmax output 2; plain SGD at rate 1 and no
     * regularisation, so one step moves each parameter by exactly minus its gradient of the mean loss.
     */
    private static MultiLayerNetwork tiny() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Sgd(1.0)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // γ of mixed signs and one exact zero, whose subgradient is 0
        net.getLayer(1).getParam("gamma").assign(Nd4j.createFromArray(0.5f, -0.25f, 0f, 2f).reshape(1, 4));
        return net;
    }

    private static DataSet batch() {
        return new DataSet(Nd4j.createFromArray(new float[][]{{1, 0, 2}, {0, 1, -1}, {3, -2, 0.5f}, {-1, -1, 1}}),
                Nd4j.createFromArray(new float[][]{{1, 0}, {0, 1}, {1, 0}, {0, 1}}));
    }

    @Test
    void oneSgdStepWithThePenaltyMovesEachGammaByMinusLambdaTimesItsSignMoreThanWithout() {
        MultiLayerNetwork plain = tiny();
        MultiLayerNetwork slim = tiny();
        slim.addListeners(new SlimmingPenalty(slim, LAMBDA));
        float[] start = plain.getLayer(1).getParam("gamma").toFloatVector();

        plain.fit(batch());
        slim.fit(batch());

        float[] withoutPenalty = plain.getLayer(1).getParam("gamma").toFloatVector();
        float[] withPenalty = slim.getLayer(1).getParam("gamma").toFloatVector();
        // sign(0.5, −0.25, 0, 2) = (1, −1, 0, 1): a 4-example batch must not scale the step
        double[] expected = {-LAMBDA, +LAMBDA, 0, -LAMBDA};
        for (int i = 0; i < 4; i++) {
            assertThat((double) withPenalty[i] - withoutPenalty[i]).as("γ[%d] from %s", i, start[i])
                    .isCloseTo(expected[i], within(1e-6));
        }
        // the penalty is on γ only: β and the other layers take the same step
        assertThat(slim.getLayer(1).getParam("beta").ravel().toFloatVector())
                .containsExactly(plain.getLayer(1).getParam("beta").ravel().toFloatVector());
        assertThat(slim.getLayer(0).getParam("W").ravel().toFloatVector())
                .containsExactly(plain.getLayer(0).getParam("W").ravel().toFloatVector());
    }

    @Test
    void aNetworkWithoutBatchNormIsRefusedInASentence() throws Exception {
        Model mlp = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100")).network();

        assertThat(FineTuner.whyNot(mlp, FineTuneSettings.defaults(1).withSparsityL1(1e-4)))
                .hasValueSatisfying(s -> assertThat(s).contains("no BatchNorm layer"));
        assertThat(FineTuner.whyNot(mlp, FineTuneSettings.defaults(1))).isEmpty();
    }

    /**
     * The trained bn-cnn, one epoch on 512 training images at the samples' training rate: with λ the
     * sum of |γ| ends lower than the same run without it, and lower than where it started, and the
     * live progress reports the falling sum.
     */
    @Test
    void slimmingOnBnCnnDrivesTheSumOfGammaBelowTheSameRunWithoutPenalty() throws Exception {
        Model bnCnn = ModelLoader.load(SampleLocations.sampleModel("bn-cnn")).network();
        FineTuner tuner = new FineTuner(FashionSplits.train(), FashionSplits.validation(), 10);
        FineTuneSettings run = FineTuneSettings.defaults(1).withTrainImages(512).withLearningRate(1e-3);
        double before = GammaMagnitudes.of(bnCnn).sum();

        FineTuneResult plain = tuner.tune(bnCnn, List.of(), run, FineTuneListener.NONE, Cancellation.none());
        List<FineTuneProgress> points = new ArrayList<>();
        FineTuneResult slim = tuner.tune(bnCnn, List.of(), run.withSparsityL1(1e-3), points::add,
                Cancellation.none());

        double plainSum = GammaMagnitudes.of(plain.network()).sum();
        double slimSum = GammaMagnitudes.of(slim.network()).sum();
        assertThat(GammaMagnitudes.of(bnCnn).count()).isEqualTo(24 + 48 + 96);
        assertThat(slimSum).isLessThan(plainSum).isLessThan(before);
        assertThat(slim.bestEpoch()).as("with a penalty the last epoch is kept").isEqualTo(1);
        assertThat(GammaMagnitudes.of(bnCnn).sum()).as("the input is not trained").isEqualTo(before);
        FineTuneProgress last = points.get(points.size() - 1);
        assertThat(last.gammas().orElseThrow().sum()).isEqualTo(slimSum, within(1e-9));
    }
}
