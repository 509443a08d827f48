package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.Amount;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.plan.PlanIndices;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Surgery writes each sliced parameter straight from the network's buffer into the smaller
 * network's ({@link PlanIndices#copyKept}): every value must be the one the reference path — a
 * C-order copy sliced in Java ({@link PlanIndices#shrunk}) — gives, for dense W kept column by
 * column, conv W, BatchNorm vectors and biases, in float and double networks. Real sample models.
 */
class SurgeryCopiesBufferToBufferTest {
    @ParameterizedTest
    @CsvSource({"lenet-5, 0.5, FLOAT", "lenet-5, 0.3, DOUBLE", "bn-cnn, 0.5, FLOAT", "mini-resnet, 0.4, FLOAT",
        "lenet-300-100, 0.6, FLOAT"})
    void everyKeptValueIsTheOneTheSlicedCopyGives(String sample, double ratio, DataType precision) throws Exception {
        Model network = ModelLoader.load(SampleLocations.sampleModel(sample)).network();
        if (precision == DataType.DOUBLE) {
            network = network instanceof MultiLayerNetwork mln ? mln.convertDataType(DataType.DOUBLE)
                    : ((ComputationGraph) network).convertDataType(DataType.DOUBLE);
        }
        NetworkGraph graph = NetworkGraphReader.read(network);
        PruningPlan plan = Planner.plan(graph, DependencyAnalyzer.analyze(graph), new NetworkWeights(network),
                StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(ratio)));
        PlanIndices removed = PlanIndices.of(plan.groups(), role -> true);

        Model shrunk = Surgeon.shrink(network, graph, plan);

        int sliced = 0;
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                if (removed.removed(node.name(), p.key()).isEmpty()) {
                    continue;
                }
                sliced++;
                INDArray written = NetworkLayers.param(shrunk, node.name(), p.key());
                try (INDArray reference = removed.shrunk(node.name(), p.key(),
                        NetworkLayers.param(network, node.name(), p.key()))) {
                    assertThat(written.shape()).as("%s/%s", node.name(), p.key()).containsExactly(reference.shape());
                    assertThat(written.dataType()).isEqualTo(precision);
                    double[] expected = reference.dup('c').data().asDouble();
                    double[] actual = written.dup('c').data().asDouble();
                    assertThat(actual).as("%s/%s", node.name(), p.key()).containsExactly(expected);
                }
            }
        }
        assertThat(sliced).as("parameters the plan slices").isGreaterThan(3);
    }
}
