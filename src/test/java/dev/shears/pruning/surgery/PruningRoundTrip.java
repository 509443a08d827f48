package dev.shears.pruning.surgery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.L1Criterion;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.equivalence.EquivalenceCheck;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.Planner;
import dev.shears.pruning.planning.StructuredSettings;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The end-to-end check every network-shape test runs: a per-group plan at a ratio (L1 unless a
 * criterion is given), mask and shrink, then prove the shrunk network equals the masked one on real
 * validation images, that its size is what the plan promised, that it survives save/reload, and
 * that the original was not touched. A plan that removes nothing (every group skipped, e.g. bn-gamma
 * on a network without BatchNorm) must leave the output exactly as it was.
 */
public final class PruningRoundTrip {
    static final int IMAGES = 64;
    static final double TOLERANCE = 1e-4;
    private static INDArray validationImages;

    private PruningRoundTrip() {
    }

    public record Result(PruningPlan plan, Model shrunk, Equivalence shrunkVsMasked, Equivalence originalVsMasked) {
    }

    static synchronized INDArray validationImages() throws Exception {
        if (validationImages == null) {
            validationImages = FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION)
                    .batch(0, IMAGES).getFeatures();
        }
        return validationImages;
    }

    /** The first {@link #IMAGES} validation images with their labels (Taylor measures on them). */
    public static DataSet labelledValidationImages() throws Exception {
        return FashionMnist.load(SampleLocations.fashionMnistFolder(), DataSplit.VALIDATION).batch(0, IMAGES);
    }

    public static Result run(String label, Model original, double ratio, Path folder) throws Exception {
        return run(label, original, new L1Criterion(), ratio, folder, true);
    }

    /** @param saveAndReload also save the shrunk network and prove the reloaded copy computes the same */
    public static Result run(String label, Model original, Criterion criterion, double ratio, Path folder,
                      boolean saveAndReload) throws Exception {
        INDArray images = validationImages();
        NetworkGraph graph = NetworkGraphReader.read(original);
        ChannelGroups groups = DependencyAnalyzer.analyze(graph);
        INDArray paramsBefore = original.params().dup();
        String configBefore = configuration(original);
        INDArray outputBefore = NetworkLayers.output(original, images).dup();

        PruningPlan plan = Planner.plan(graph, groups, new NetworkWeights(original),
                StructuredSettings.perGroup(criterion, Amount.ratio(ratio)));
        boolean removesChannels = plan.groups().stream().anyMatch(g -> g.removedCount() > 0);
        Model masked = MaskApplier.apply(original, graph, plan);
        Model shrunk = Surgeon.shrink(original, graph, plan);
        Equivalence shrunkVsMasked = EquivalenceCheck.compare(shrunk, masked, images);
        Equivalence originalVsMasked = EquivalenceCheck.compare(original, masked, images);

        assertThat(shrunkVsMasked.maxAbsDifference()).as("shrunk vs masked").isLessThanOrEqualTo(TOLERANCE);
        if (removesChannels) {
            assertThat(originalVsMasked.maxAbsDifference()).as("pruning changed the output").isGreaterThan(1e-6);
            assertThat(plan.after().params()).as("params drop").isLessThan(plan.before().params());
        } else {
            assertThat(originalVsMasked.maxAbsDifference()).as("nothing removed, nothing changed").isZero();
            assertThat(plan.after()).isEqualTo(plan.before());
        }
        assertThat(shrunk.numParams()).isEqualTo(plan.after().params());
        assertThat(NetworkGraphReader.read(shrunk).totalMacs()).isEqualTo(plan.after().macs());
        assertThat(plan.before().params()).isEqualTo(original.numParams());

        if (saveAndReload) {
            Path file = folder.resolve("shrunk-" + criterion.name() + "-" + ratio + ".zip");
            ModelFiles.save(shrunk, file);
            Model reloaded = ModelLoader.load(file).network();
            assertThat(reloaded.numParams()).isEqualTo(shrunk.numParams());
            assertThat(EquivalenceCheck.compare(reloaded, shrunk, images).maxAbsDifference()).isZero();
        }

        assertThat(original.params()).as("original parameters untouched").isEqualTo(paramsBefore);
        assertThat(configuration(original)).as("original configuration untouched").isEqualTo(configBefore);
        assertThat(NetworkLayers.output(original, images)).isEqualTo(outputBefore);

        System.out.printf("%s, %s @ %.0f%%: params %d -> %d (%.3f), MACs %d -> %d (%.3f), channels kept %.3f,"
                        + " max |shrunk - masked| = %.3g, max |original - masked| = %.3g%n",
                label, criterion.name(), ratio * 100, plan.before().params(),
                plan.after().params(), plan.keptParamRatio(), plan.before().macs(), plan.after().macs(), plan.keptMacRatio(),
                plan.keptChannelRatio(), shrunkVsMasked.maxAbsDifference(), originalVsMasked.maxAbsDifference());
        return new Result(plan, shrunk, shrunkVsMasked, originalVsMasked);
    }

    private static String configuration(Model network) {
        return network instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) network).getConfiguration().toJson();
    }

    /**
     * A fresh network's BatchNorms are the identity (gamma 1, beta 0, mean 0, std 1), which would hide
     * a beta or statistics slicing error; give them values a trained network would have.
     */
    public static <M extends Model> M withTrainedLookingBatchNorms(M network, long seed) {
        Random random = new Random(seed);
        for (LayerNode node : NetworkGraphReader.read(network).nodes()) {
            if (node.kind() == LayerKind.BATCH_NORMALIZATION) {
                node.params().forEach(p -> {
                    INDArray view = NetworkLayers.param(network, node.name(), p.key());
                    double[] values = new double[(int) view.length()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = switch (p.key()) {
                            case "gamma" -> 0.5 + random.nextDouble();
                            case "log10stdev" -> random.nextDouble() - 0.5;
                            case "var" -> 0.2 + random.nextDouble();
                            default -> random.nextGaussian() * 0.5;
                        };
                    }
                    NetworkLayers.write(view, new ParamValues(view.shape(), values));
                });
            }
        }
        return network;
    }
}
