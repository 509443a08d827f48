package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.MagnitudeElementCriterion;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.planning.UnstructuredPlanner;
import dev.shears.pruning.planning.UnstructuredSettings;
import dev.shears.samples.SampleArchitectures;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Unstructured masks applied to a real LeNet-5: zeros where planned, same shapes, original untouched. */
class UnstructuredPruningTest {
    @TempDir
    Path folder;

    @Test
    void globalMagnitudeMaskZeroesExactlyThePlannedWeightsInACopy() throws Exception {
        Model original = SampleArchitectures.build("lenet-5", 21, 1e-3);
        NetworkGraph graph = NetworkGraphReader.read(original);
        INDArray paramsBefore = original.params().dup();
        INDArray images = PruningRoundTrip.validationImages();

        UnstructuredPlan plan = UnstructuredPlanner.plan(graph, new NetworkWeights(original),
                UnstructuredSettings.of(Scope.GLOBAL, new MagnitudeElementCriterion(), Amount.ratio(0.8)));
        Model masked = MaskApplier.apply(original, plan);

        long weights = graph.nodes().stream().flatMap(n -> n.params().stream()).filter(p -> p.isWeight())
                .mapToLong(p -> p.count()).sum();
        assertThat(plan.prunedWeights()).isEqualTo((long) Math.floor(0.8 * weights));
        assertThat(masked.numParams()).isEqualTo(original.numParams());
        for (TensorMask mask : plan.masks()) {
            float[] values = NetworkLayers.read(NetworkLayers.param(masked, mask.layer(), mask.param())).values();
            float[] before = NetworkLayers.read(NetworkLayers.param(original, mask.layer(), mask.param())).values();
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).as("%s/%s[%d]", mask.layer(), mask.param(), i)
                        .isEqualTo(mask.isPruned(i) ? 0f : before[i]);
            }
        }
        assertThat(NetworkGraphReader.read(masked).sparsity()).isGreaterThan(0.79);
        assertThat(original.params()).isEqualTo(paramsBefore);
        assertThat(EquivalenceCheck.compare(original, masked, images).maxAbsDifference()).isGreaterThan(1e-6);

        Path file = folder.resolve("masked.zip");
        ModelFiles.save(masked, file);
        Model reloaded = ModelLoader.load(file).network();
        assertThat(reloaded.params()).isEqualTo(masked.params());
        System.out.printf("lenet-5 unstructured global 80%%: weights zeroed %d of %d, params %d -> %d nonzero,"
                        + " MACs %d -> %d%n", plan.prunedWeights(), weights, plan.before().params(),
                plan.after().params(), plan.before().macs(), plan.after().macs());
    }
}
