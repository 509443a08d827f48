package dev.shears.pruning.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.ModelFiles;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import dev.shears.pruning.surgery.MaskApplier;
import dev.shears.pruning.surgery.NetworkLayers;
import dev.shears.pruning.surgery.NetworkWeights;
import dev.shears.pruning.surgery.PruningRoundTrip;
import dev.shears.pruning.surgery.Surgeon;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J zoo architectures with random weights (init(), nothing downloaded), pruned structurally at
 * 30 % L1 per group: the shrunk network equals the masked one on two random 224×224×3 inputs, is
 * smaller by exactly what the plan promised, and survives save and reload. The softmax at the end is
 * replaced by the identity so the check compares logits: with 1000 random classes, softmax outputs
 * all sit near 1/1000 and would hide a wrong slice below any tolerance.
 */
@Tag("zoo")
class ZooPruningTest {
    private static final double TOLERANCE = 1e-4;
    private static final int EXAMPLES = 2;

    @TempDir
    Path folder;

    static Stream<Arguments> architectures() {
        return Stream.of(
                // the zoo's default init (truncated normal, σ 0.5) overflows 50 layers of random logits to 1e22
                Arguments.of("ResNet50", (Supplier<ComputationGraphConfiguration>) () ->
                        ResNet50.builder().numClasses(1000).weightInit(new WeightInitRelu()).build().graphBuilder()
                                .build()),
                Arguments.of("VGG16", (Supplier<ComputationGraphConfiguration>) () ->
                        VGG16.builder().numClasses(1000).build().conf()),
                Arguments.of("SqueezeNet", (Supplier<ComputationGraphConfiguration>) () ->
                        SqueezeNet.builder().numClasses(1000).build().init().getConfiguration()),
                Arguments.of("Darknet19", (Supplier<ComputationGraphConfiguration>) () ->
                        Darknet19.builder().numClasses(1000).build().conf()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void prunedZooModelEqualsMaskedShrinksAndReloads(String name, Supplier<ComputationGraphConfiguration> conf)
            throws Exception {
        long start = System.nanoTime();
        ComputationGraph original = new ComputationGraph(withLogits(conf.get()));
        original.init();
        withCalmBatchNorms(original);
        NetworkGraph graph = NetworkGraphReader.read(original);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        INDArray inputs = randomInputs(graph);

        long planStart = System.nanoTime();
        PruningPlan plan = Planner.plan(graph, groups, new NetworkWeights(original),
                StructuredSettings.perGroup(new L1Criterion(), Amount.ratio(0.3)));
        ComputationGraph shrunk = (ComputationGraph) Surgeon.shrink(original, graph, plan);
        double planAndSurgery = seconds(planStart);
        INDArray shrunkOut = shrunk.outputSingle(false, inputs);
        ComputationGraph masked = (ComputationGraph) MaskApplier.apply(original, graph, plan);
        double shrunkVsMasked = EquivalenceCheck.compare(shrunk, masked, inputs).maxAbsDifference();
        double originalVsMasked = EquivalenceCheck.compare(original, masked, inputs).maxAbsDifference();
        masked = null; // VGG-16: its 550 MB go before the reloaded copy comes

        assertThat(shrunkVsMasked).as("max |shrunk - masked|").isLessThanOrEqualTo(TOLERANCE);
        assertThat(originalVsMasked).as("the check has teeth: pruning moved the logits").isGreaterThan(1e-3);
        assertThat(shrunk.numParams()).isEqualTo(plan.after().params()).isLessThan(original.numParams());
        assertThat(groups.prunable()).isNotEmpty();

        Path file = folder.resolve(name + ".zip");
        ModelFiles.save(shrunk, file);
        ComputationGraph reloaded = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        assertThat(reloaded.numParams()).isEqualTo(shrunk.numParams());
        assertThat(EquivalenceCheck.compare(reloaded, shrunk, inputs).maxAbsDifference()).isZero();

        System.out.printf("zoo %s: params %d -> %d (%.3f), MACs %d -> %d (%.3f), groups %d (%d prunable),"
                        + " max |shrunk - masked| = %.3g, max |original - masked| = %.3g, plan + surgery %.1f s,"
                        + " whole test %.1f s%n", name, original.numParams(), shrunk.numParams(),
                plan.keptParamRatio(), plan.before().macs(), plan.after().macs(), plan.keptMacRatio(),
                groups.groups().size(), groups.prunable().size(), shrunkVsMasked, originalVsMasked, planAndSurgery,
                seconds(start));
    }

    /** The same architecture ending in logits: every softmax activation becomes the identity. */
    private static ComputationGraphConfiguration withLogits(ComputationGraphConfiguration conf) {
        conf.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                if (layer instanceof BaseLayer base && base.getActivationFn() instanceof ActivationSoftmax) {
                    base.setActivationFn(new ActivationIdentity());
                }
                if (layer instanceof ActivationLayer activation
                        && activation.getActivationFn() instanceof ActivationSoftmax) {
                    activation.setActivationFn(new ActivationIdentity());
                }
            }
        });
        return conf;
    }

    private static INDArray randomInputs(NetworkGraph graph) {
        long[] example = graph.nodes().get(0).outputShape().dims();
        long[] shape = new long[example.length + 1];
        shape[0] = EXAMPLES;
        System.arraycopy(example, 0, shape, 1, example.length);
        Random random = new Random(17);
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(values, shape, DataType.FLOAT);
    }

    /**
     * BatchNorms that look trained (γ, β, mean, std all off their defaults, so slicing errors in any of
     * them show) but shrink rather than amplify: with ResNet-50's 50 random layers, the general
     * {@link PruningRoundTrip#withTrainedLookingBatchNorms} values overflow the logits to infinity.
     */
    private static void withCalmBatchNorms(ComputationGraph network) {
        Random random = new Random(9);
        for (LayerNode node : NetworkGraphReader.read(network).nodes()) {
            if (node.kind() == LayerKind.BATCH_NORMALIZATION) {
                node.params().forEach(p -> {
                    INDArray view = NetworkLayers.param(network, node.name(), p.key());
                    double[] values = new double[(int) view.length()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = switch (p.key()) {
                            case "gamma" -> 0.5 + 0.5 * random.nextDouble();
                            case "log10stdev" -> 0.3 * random.nextDouble();
                            case "var" -> 1 + 3 * random.nextDouble();
                            default -> random.nextGaussian() * 0.1;
                        };
                    }
                    NetworkLayers.write(view, new ParamValues(view.shape(), values));
                });
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
