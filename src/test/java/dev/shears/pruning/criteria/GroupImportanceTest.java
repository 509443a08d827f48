package dev.shears.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Weights;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
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

class GroupImportanceTest {
    /** Two channels: dense W [3, 2] and bias, a BatchNorm (γ, β, running mean), read by next W [2, 3]. */
    private static final ChannelGroup GROUP = new ChannelGroup(0, "dense", 2, List.of(
            new ParamSlice("dense", "W", 1, 0, 1, SliceRole.OUTPUT),
            new ParamSlice("dense", "b", 0, 0, 1, SliceRole.OUTPUT),
            new ParamSlice("bn", "gamma", 0, 0, 1, SliceRole.NORMALIZATION),
            new ParamSlice("bn", "beta", 0, 0, 1, SliceRole.NORMALIZATION),
            new ParamSlice("bn", "mean", 0, 0, 1, SliceRole.STATISTIC),
            new ParamSlice("next", "W", 0, 0, 1, SliceRole.INPUT)), List.of(), List.of());
    private static final Map<String, ParamValues> VALUES = Map.of(
            "dense/W", new ParamValues(new long[] {3, 2}, new double[] {1, -2, 3, 0, -4, 2}),
            "dense/b", new ParamValues(new long[] {2}, new double[] {100, 100}),
            "bn/gamma", new ParamValues(new long[] {2}, new double[] {0.5, -3}),
            "bn/beta", new ParamValues(new long[] {2}, new double[] {100, 100}),
            "bn/mean", new ParamValues(new long[] {2}, new double[] {100, 100}),
            "next/W", new ParamValues(new long[] {2, 3}, new double[] {1, 1, 1, 0, 6, -8}));
    private static final Weights WEIGHTS = (layer, param) -> VALUES.get(layer + "/" + param);

    @Test
    void l1GroupImportanceReducesTheL1OfEveryWeightTensorAndGammaButNotBiasesOrStatistics() {
        // members per channel: dense W column (|1|+|3|+|-4| = 8, 2+0+2 = 4), |γ| (0.5, 3), next W row (3, 14)
        assertThat(new GroupImportance(new L1Criterion(), Importance.GROUP_SUM).score(GROUP, WEIGHTS))
                .containsExactly(new double[] {8 + 0.5 + 3, 4 + 3 + 14}, within(1e-12));
        assertThat(new GroupImportance(new L1Criterion(), Importance.GROUP_MEAN).score(GROUP, WEIGHTS))
                .containsExactly(new double[] {11.5 / 3, 21.0 / 3}, within(1e-12));
        assertThat(new GroupImportance(new L1Criterion(), Importance.GROUP_MAX).score(GROUP, WEIGHTS))
                .containsExactly(new double[] {8, 14}, within(1e-12));
        assertThat(new L1Criterion().score(GROUP, WEIGHTS)).as("producer: the dense filters only")
                .containsExactly(new double[] {8, 4}, within(1e-12));
    }

    @Test
    void l2GroupImportanceTakesEachMembersEuclideanNorm() {
        assertThat(new GroupImportance(new L2Criterion(), Importance.GROUP_SUM).score(GROUP, WEIGHTS))
                .containsExactly(new double[] {Math.sqrt(26) + 0.5 + Math.sqrt(3), Math.sqrt(8) + 3 + 10},
                        within(1e-12));
    }

    @Test
    void bnGammaGroupSumIsBnGammaItself() {
        assertThat(new GroupImportance(new BatchNormGammaCriterion(), Importance.GROUP_SUM).score(GROUP, WEIGHTS))
                .containsExactly(new BatchNormGammaCriterion().score(GROUP, WEIGHTS));
        ChannelGroup withoutBatchNorm = new ChannelGroup(1, "plain", 2, List.of(GROUP.params().get(0)), List.of(),
                List.of());
        assertThat(new GroupImportance(new BatchNormGammaCriterion(), Importance.GROUP_MEAN)
                .notApplicable(withoutBatchNorm)).contains("no tensor of this group is scored by bn-gamma");
    }

    @Test
    void randomTakesNoGroupImportanceAndSaysWhy() {
        assertThatThrownBy(() -> Importance.GROUP_MEAN.apply(CriterionName.RANDOM, new RandomCriterion(1)))
                .isInstanceOf(PruningSpecException.class)
                .hasMessage("importance: 'group-mean' combines a criterion's scores over a group's tensors; random"
                        + " scores no tensor (use producer)");
        assertThat(Importance.PRODUCER.apply(CriterionName.RANDOM, new RandomCriterion(1))).isInstanceOf(
                RandomCriterion.class);
    }

    @Test
    void theSameCriterionUnderTheSameImportanceIsEqualSoRankingsAreFoundAgain() {
        L1Criterion l1 = new L1Criterion();
        assertThat(Importance.GROUP_MAX.apply(CriterionName.L1, l1))
                .isEqualTo(Importance.GROUP_MAX.apply(CriterionName.L1, l1))
                .isNotEqualTo(Importance.GROUP_SUM.apply(CriterionName.L1, l1));
    }

    /**
     * Taylor's member score of a tensor slice is |dL/dε| when that slice alone is scaled by (1 + ε)
     * (= |Σ w·∂L/∂w| over the slice), by central differences on a linear network.
     */
    @Test
    void taylorMemberScoreIsTheLossDerivativeOfScalingThatSliceAlone() {
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
        TaylorCriterion taylor = TaylorCriterion.measure(net, groups, List.of(batch), Cancellation.none());

        for (ParamSlice slice : hidden.params()) {
            if (!taylor.scoresMember(slice)) {
                assertThat(slice.param()).as("only weights are members here").isEqualTo("b");
                continue;
            }
            double[] scores = taylor.memberScores(hidden, slice, null);
            for (int c = 0; c < 4; c++) {
                double eps = 1e-3;
                double derivative = (scaledLoss(net, batch, slice, c, 1 + eps)
                        - scaledLoss(net, batch, slice, c, 1 - eps)) / (2 * eps);
                assertThat(scores[c]).as("%s/%s channel %d", slice.layer(), slice.param(), c)
                        .isCloseTo(Math.abs(derivative) * batch.numExamples(), within(1e-6 * (1 + Math.abs(derivative))));
            }
        }
    }

    /** Mean loss with channel c's part of one weight slice (hidden column or output row) multiplied by factor. */
    private static double scaledLoss(MultiLayerNetwork net, DataSet batch, ParamSlice slice, int c, double factor) {
        MultiLayerNetwork copy = net.clone();
        INDArray w = copy.getLayer(slice.layer()).getParam(slice.param());
        (slice.axis() == 1 ? w.getColumn(c) : w.getRow(c)).muli(factor);
        return copy.score(batch);
    }

    /**
     * On the trained bn-cnn: group importance changes which channels a global ranking keeps, while
     * group-mean and group-sum rank alike (each group's scores are divided by its mean).
     */
    @Test
    void onATrainedSampleGroupImportanceKeepsOtherChannelsAndMeanRanksLikeSum() throws Exception {
        LoadedModel model = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
        PreviewPlanner planner = new PreviewPlanner(model.backend(), CriterionMeasurer.none());
        PruningSpec producer = PruningSpecJson.read("{\"version\": 1, \"scope\": \"global\", \"ratio\": 0.5}");

        PruningPlan byProducer = (PruningPlan) planner.plan(producer);
        PruningPlan byMean = (PruningPlan) planner.plan(producer.withImportance(Importance.GROUP_MEAN));
        PruningPlan bySum = (PruningPlan) planner.plan(producer.withImportance(Importance.GROUP_SUM));
        PruningPlan byMax = (PruningPlan) planner.plan(producer.withImportance(Importance.GROUP_MAX));

        assertThat(kept(byMean)).isEqualTo(kept(bySum)).isNotEqualTo(kept(byProducer)).isNotEqualTo(kept(byMax));
        for (PruningPlan plan : List.of(byProducer, byMean, byMax)) {
            assertThat(plan.groups().stream().mapToInt(GroupPlan::removedCount).sum()).isEqualTo(148);
        }
    }

    private static List<List<Integer>> kept(PruningPlan plan) {
        return plan.groups().stream().map(GroupPlan::kept).toList();
    }
}
