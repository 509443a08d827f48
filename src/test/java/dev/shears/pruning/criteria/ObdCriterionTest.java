package dev.shears.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.FashionSplits;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.samples.SampleArchitectures;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ObdCriterionTest {
    /** hidden: x·W1 + b1, tanh; output: h·W2 + b2, softmax, cross-entropy. W[i][j]: input i → unit j. */
    private static final double[][] W1 = {{0.5, -0.3}, {0.8, 0.2}};
    private static final double[] B1 = {0.1, -0.2};
    private static final double[][] W2 = {{1.0, -0.5}, {0.3, 0.7}};
    private static final double[] B2 = {0.05, -0.05};
    private static final double[][] X = {{1.0, 2.0}, {-0.5, 0.3}, {0.2, -1.0}};
    private static final int[] Y = {0, 1, 1};

    /** One example's gradients computed by hand: {∂ℓ/∂W1 (C order), ∂ℓ/∂b1, ∂ℓ/∂W2 (C order), ∂ℓ/∂b2}. */
    private static double[][] handGradients(double[] x, int label) {
        double[] h = new double[2];
        for (int j = 0; j < 2; j++) {
            h[j] = Math.tanh(x[0] * W1[0][j] + x[1] * W1[1][j] + B1[j]);
        }
        double[] z = new double[2];
        for (int k = 0; k < 2; k++) {
            z[k] = h[0] * W2[0][k] + h[1] * W2[1][k] + B2[k];
        }
        double norm = Math.exp(z[0]) + Math.exp(z[1]);
        double[] dz = {Math.exp(z[0]) / norm - (label == 0 ? 1 : 0), Math.exp(z[1]) / norm - (label == 1 ? 1 : 0)};
        double[] gW2 = {h[0] * dz[0], h[0] * dz[1], h[1] * dz[0], h[1] * dz[1]};
        double[] da = new double[2];
        for (int j = 0; j < 2; j++) {
            da[j] = (W2[j][0] * dz[0] + W2[j][1] * dz[1]) * (1 - h[j] * h[j]);
        }
        double[] gW1 = {x[0] * da[0], x[0] * da[1], x[1] * da[0], x[1] * da[1]};
        return new double[][] {gW1, da, gW2, dz};
    }

    private static MultiLayerNetwork handNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(2).nOut(2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.getLayer("hidden").getParam("W").assign(Nd4j.create(W1));
        net.getLayer("hidden").getParam("b").assign(Nd4j.create(new double[][] {B1}));
        net.getLayer("output").getParam("W").assign(Nd4j.create(W2));
        net.getLayer("output").getParam("b").assign(Nd4j.create(new double[][] {B2}));
        return net;
    }

    private static DataSet examples(int from, int to) {
        double[][] x = new double[to - from][];
        double[][] y = new double[to - from][2];
        for (int n = from; n < to; n++) {
            x[n - from] = X[n];
            y[n - from][Y[n]] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    private static double[] flat(double[][] m) {
        return new double[] {m[0][0], m[0][1], m[1][0], m[1][1]};
    }

    @Test
    void handGradientsAgreeWithFiniteDifferencesOfTheLoss() {
        MultiLayerNetwork net = handNetwork();
        double eps = 1e-6;
        for (int n = 0; n < X.length; n++) {
            double[] gW1 = handGradients(X[n], Y[n])[0];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    MultiLayerNetwork plus = net.clone();
                    plus.getLayer("hidden").getParam("W").putScalar(i, j, W1[i][j] + eps);
                    MultiLayerNetwork minus = net.clone();
                    minus.getLayer("hidden").getParam("W").putScalar(i, j, W1[i][j] - eps);
                    double derivative = (plus.score(examples(n, n + 1)) - minus.score(examples(n, n + 1))) / (2 * eps);
                    assertThat(gW1[2 * i + j]).as("example %d, W1[%d][%d]", n, i, j).isCloseTo(derivative,
                            within(1e-7));
                }
            }
        }
    }

    @Test
    void weightSaliencyIsHalfTheEmpiricalFisherTimesTheSquaredWeight() {
        MultiLayerNetwork net = handNetwork();
        NetworkGraph graph = NetworkGraphReader.read(net);

        ObdCriterion obd = ObdCriterion.measure(net, graph, DependencyAnalyzer.analyze(graph),
                List.of(examples(0, 2), examples(2, 3)), Cancellation.none());

        assertThat(obd.microBatch()).as("no BatchNorm: one example at a time").isEqualTo(1);
        assertThat(obd.examples()).isEqualTo(3);
        double[][] fisher = new double[4][];
        for (int t = 0; t < 4; t++) {
            fisher[t] = new double[t % 2 == 0 ? 4 : 2];
        }
        for (int n = 0; n < X.length; n++) {
            double[][] g = handGradients(X[n], Y[n]);
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < g[t].length; i++) {
                    fisher[t][i] += g[t][i] * g[t][i] / X.length;
                }
            }
        }
        assertThat(obd.fisher("hidden", "W")).containsExactly(fisher[0], within(1e-12));
        assertThat(obd.fisher("hidden", "b")).containsExactly(fisher[1], within(1e-12));
        assertThat(obd.fisher("output", "W")).containsExactly(fisher[2], within(1e-12));
        double[] w2 = flat(W2);
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = 0.5 * fisher[2][i] * w2[i] * w2[i];
        }
        assertThat(obd.score("output", "W", new ParamValues(new long[] {2, 2}, w2)))
                .containsExactly(expected, within(1e-12));
    }

    @Test
    void channelSaliencySumsEveryTensorOfItsGroup() {
        MultiLayerNetwork net = handNetwork();
        NetworkGraph graph = NetworkGraphReader.read(net);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        ChannelGroup hidden = groups.named("hidden").orElseThrow();

        double[] scores = ObdCriterion.measure(net, graph, groups, List.of(examples(0, 3)), Cancellation.none())
                .score(hidden, new NetworkWeights(net));

        double[] expected = new double[2];
        for (int n = 0; n < X.length; n++) {
            double[][] g = handGradients(X[n], Y[n]);
            for (int c = 0; c < 2; c++) {
                // unit c: its column of W1, its bias, its row of W2 (the output layer reads it)
                double f = 0;
                for (int i = 0; i < 2; i++) {
                    f += g[0][2 * i + c] * g[0][2 * i + c] * W1[i][c] * W1[i][c];
                    f += g[2][2 * c + i] * g[2][2 * c + i] * W2[c][i] * W2[c][i];
                }
                f += g[1][c] * g[1][c] * B1[c] * B1[c];
                expected[c] += 0.5 * f / X.length;
            }
        }
        assertThat(scores).containsExactly(expected, within(1e-12));
    }

    @Test
    void withMicroBatchesTheFisherIsTheMeanSquaredSummedGradient() {
        MultiLayerNetwork net = handNetwork();

        ObdCriterion obd = ObdCriterion.measure(net, Set.of("hidden/W"), List.of(examples(0, 3)), 2,
                Cancellation.none());

        // micro-batches {0, 1} and {2}: F = ((g0 + g1)² + g2²) / 3
        double[] g0 = handGradients(X[0], Y[0])[0];
        double[] g1 = handGradients(X[1], Y[1])[0];
        double[] g2 = handGradients(X[2], Y[2])[0];
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = ((g0[i] + g1[i]) * (g0[i] + g1[i]) + g2[i] * g2[i]) / 3;
        }
        assertThat(obd.fisher("hidden", "W")).containsExactly(expected, within(1e-12));
        assertThat(obd.examples()).isEqualTo(3);
    }

    @Test
    void aNetworkWithBatchNormIsMeasuredSixteenExamplesAtATime() throws Exception {
        org.deeplearning4j.nn.api.Model bnCnn = SampleArchitectures.build("bn-cnn", 42, 1e-3);
        NetworkGraph graph = NetworkGraphReader.read(bnCnn);

        ObdCriterion obd = ObdCriterion.measure(bnCnn, graph, DependencyAnalyzer.analyze(graph),
                List.of(FashionSplits.validation().batch(0, 32)), Cancellation.none());

        assertThat(obd.microBatch()).isEqualTo(ObdCriterion.BATCH_NORM_MICRO_BATCH);
        assertThat(obd.examples()).isEqualTo(32);
        assertThat(obd.fisher("bn1", "gamma")).hasSize(24);
        assertThat(java.util.Arrays.stream(obd.fisher("bn1", "gamma")).min().orElseThrow()).isPositive();
        assertThatThrownBy(() -> obd.fisher("bn1", "mean")).hasMessageContaining("not measured for bn1/mean");
    }

    /** On the trained bn-cnn sample: obd keeps other channels than l1 does, and surgery still equals masking. */
    @Test
    void onATrainedSampleObdRanksUnlikeL1AndTheShrunkModelEqualsTheMasked() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
        PruningService service = new PruningService(Optional.of(FashionSplits.validation()));
        String recipe = "{\"version\": 1, \"scope\": \"global\", \"ratio\": 0.3, \"criterion\": \"%s\"}";

        PruningResult obd = service.run(model, PruningSpecJson.read(String.format(recipe, "obd")),
                ProgressListener.NONE, Cancellation.none());
        PruningResult l1 = service.run(model, PruningSpecJson.read(String.format(recipe, "l1")),
                ProgressListener.NONE, Cancellation.none());

        PruningPlan obdPlan = (PruningPlan) obd.plan();
        PruningPlan l1Plan = (PruningPlan) l1.plan();
        assertThat(obdPlan.groups().stream().mapToInt(GroupPlan::removedCount).sum())
                .isEqualTo(l1Plan.groups().stream().mapToInt(GroupPlan::removedCount).sum());
        long differing = obdPlan.groups().stream().filter(g -> !g.kept().equals(l1Plan.group(g.group().name())
                .orElseThrow().kept())).count();
        assertThat(differing).as("groups whose kept channels differ between obd and l1").isPositive();
        assertThat(obd.report().equivalent()).isTrue();
        assertThat(obd.report().equivalence().orElseThrow().maxAbsDifference())
                .isLessThanOrEqualTo(Equivalence.TOLERANCE);
        assertThat(obd.report().equivalence().orElseThrow().examples()).isEqualTo(256);
    }

    @Test
    void unstructuredObdZeroesOtherWeightsThanMagnitude() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        PruningService service = new PruningService(Optional.of(FashionSplits.validation()));
        String recipe = "{\"version\": 1, \"mode\": \"unstructured\", \"scope\": \"global\", \"ratio\": 0.5,"
                + " \"criterion\": \"%s\"}";

        UnstructuredPlan obd = (UnstructuredPlan) service.run(model, PruningSpecJson.read(String.format(recipe, "obd")),
                ProgressListener.NONE, Cancellation.none()).plan();
        UnstructuredPlan l1 = (UnstructuredPlan) service.run(model, PruningSpecJson.read(String.format(recipe, "l1")),
                ProgressListener.NONE, Cancellation.none()).plan();

        long weights = model.graph().nodes().stream().flatMap(n -> n.params().stream()).filter(p -> p.isWeight())
                .mapToLong(p -> p.count()).sum();
        assertThat(obd.masks().stream().mapToLong(TensorMask::prunedCount).sum()).isEqualTo(weights / 2);
        TensorMask obdFc1 = obd.mask("fc1", "W").orElseThrow();
        TensorMask l1Fc1 = l1.mask("fc1", "W").orElseThrow();
        java.util.BitSet both = (java.util.BitSet) obdFc1.pruned().clone();
        both.and(l1Fc1.pruned());
        assertThat(both.cardinality()).as("fc1 weights both zero").isLessThan(obdFc1.prunedCount());
    }

    @Test
    void anOnnxModelIsRefusedInASentence() throws Exception {
        LoadedModel onnx = ModelLoader.load(Path.of(System.getProperty("shears.repo", "."),
                "src/test/resources/onnx/fashion_cnn.onnx"));
        PruningService service = new PruningService(Optional.empty());

        for (String mode : List.of("structured", "unstructured")) {
            assertThatThrownBy(() -> service.run(onnx, PruningSpecJson.read("{\"version\": 1, \"mode\": \"" + mode
                    + "\", \"ratio\": 0.3, \"criterion\": \"obd\"}"), ProgressListener.NONE, Cancellation.none()))
                    .isInstanceOf(PruningSpecException.class)
                    .hasMessage("criterion: 'obd' needs gradients, which Shears computes only for DL4J models, and"
                            + " this is an ONNX model; choose l1, l2, fpgm, bn-gamma or random");
        }
    }
}
