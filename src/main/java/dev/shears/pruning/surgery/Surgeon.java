package dev.shears.pruning.surgery;

import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.pruning.plan.PlanIndices;
import dev.shears.pruning.plan.PruningPlan;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Executes a plan by removal: builds a new, physically smaller network. The configuration is
 * cloned with reduced nIn/nOut (and flatten channel counts), DL4J initialises it, then every
 * parameter is copied — the kept slices of affected ones, the rest verbatim. DL4J has no sparse
 * storage, so this is the only way pruning makes a model smaller or faster.
 */
public final class Surgeon {
    private Surgeon() {
    }

    public static Model shrink(Model network, NetworkGraph graph, PruningPlan plan) {
        PlanIndices removed = PlanIndices.of(plan.groups(), role -> true);
        Model shrunk = smallerNetwork(network, graph, removed, plan.after().params());
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                INDArray source = NetworkLayers.param(network, node.name(), p.key());
                INDArray target = NetworkLayers.param(shrunk, node.name(), p.key());
                if (removed.removed(node.name(), p.key()).isEmpty()) {
                    target.assign(source);
                } else {
                    // buffer to buffer: no copy of the tensor (ND4J frees a copy's native memory only when
                    // the GC finds it unreachable)
                    removed.copyKept(node.name(), p.key(), source, target);
                }
            }
        }
        return shrunk;
    }

    /**
     * The smaller configuration, initialised on a zeroed parameter vector: DL4J's random weight
     * initialisation would take most of the time (1.5 s of ResNet-50's 2 s) for values that are all
     * overwritten by the copy.
     */
    private static Model smallerNetwork(Model network, NetworkGraph graph, PlanIndices removed, long params) {
        INDArray flat = Nd4j.zeros(network.params().dataType(), 1, params);
        if (network instanceof MultiLayerNetwork mln) {
            MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
            for (int i = 0; i < conf.getConfs().size(); i++) {
                Layer layer = conf.getConf(i).getLayer();
                resize(layer, layer.getLayerName(), graph, removed);
                resize(conf.getInputPreProcess(i), layer.getLayerName(), graph, removed);
            }
            MultiLayerNetwork shrunk = new MultiLayerNetwork(conf);
            shrunk.init(flat, false);
            return shrunk;
        }
        if (network instanceof ComputationGraph cg) {
            ComputationGraphConfiguration conf = GraphCopies.configuration(cg.getConfiguration());
            for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
                if (e.getValue() instanceof LayerVertex lv) {
                    resize(lv.getLayerConf().getLayer(), e.getKey(), graph, removed);
                    resize(lv.getPreProcessor(), e.getKey(), graph, removed);
                }
            }
            ComputationGraph shrunk = new ComputationGraph(conf);
            shrunk.init(flat, false);
            return shrunk;
        }
        throw NetworkLayers.unsupported(network);
    }

    /** nIn/nOut shrink by what the plan removes from the layer's input and output activations. */
    private static void resize(Layer layer, String name, NetworkGraph graph, PlanIndices removed) {
        if (!(layer instanceof FeedForwardLayer ff)) {
            return;
        }
        LayerNode node = graph.node(name).orElseThrow(() -> new IllegalArgumentException("no node " + name
                + " in the graph: the plan is for another network"));
        long inRemoved = node.inputs().isEmpty() ? 0 : removed.removedChannels(node.inputs().get(0));
        long outRemoved = removed.removedChannels(name);
        // 0 means "not set" (DropoutLayer leaves both at 0): nothing to shrink
        if (inRemoved > 0 && ff.getNIn() > 0) {
            ff.setNIn(ff.getNIn() - inRemoved);
        }
        if (outRemoved > 0 && ff.getNOut() > 0) {
            ff.setNOut(ff.getNOut() - outRemoved);
        }
    }

    /** A flatten before a dense layer must know how many channels it now receives. */
    private static void resize(InputPreProcessor preprocessor, String layerName, NetworkGraph graph,
                               PlanIndices removed) {
        if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten) {
            LayerNode node = graph.node(layerName + "/preprocessor").orElseThrow();
            long inRemoved = node.inputs().isEmpty() ? 0 : removed.removedChannels(node.inputs().get(0));
            flatten.setNumChannels(flatten.getNumChannels() - inRemoved);
        }
    }
}
