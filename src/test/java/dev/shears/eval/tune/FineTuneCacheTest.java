package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.FashionSplits;
import dev.shears.engine.Dl4jBatches;
import dev.shears.eval.Networks;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.surgery.GraphCopies;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Fine-tuning keeps each convolution's forward im2col for its backward pass instead of computing it
 * twice: a speed-up only. Trained with and without it from the same start on the same batches, the
 * parameters (weights, BatchNorm statistics, everything in the flat buffer) come out the same, and
 * the network handed back carries the configuration it came with.
 */
class FineTuneCacheTest {
    private static final int BATCH = 32;
    private static final int STEPS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"bn-cnn", "mini-resnet"})
    void keepingTheForwardPassChangesNothingTrainingComputes(String sample) throws Exception {
        Model loaded = ModelLoader.load(SampleLocations.sampleModel(sample)).network();
        Networks.setLearningRate(loaded, 1e-3);
        Model plain = copy(loaded);
        Model cached = copy(loaded);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < STEPS; b++) {
            int[] indices = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                indices[i] = 97 * (b * BATCH + i) % FashionSplits.train().size();
            }
            batches.add(Dl4jBatches.labelled(FashionSplits.train().read(indices), 10));
        }

        FineTuner.keepForwardPassForBackprop(cached, true);
        assertThat(cacheMode(cached)).isEqualTo(CacheMode.DEVICE);
        for (DataSet batch : batches) {
            Networks.fit(plain, batch);
            Networks.fit(cached, batch);
        }
        FineTuner.keepForwardPassForBackprop(cached, false);

        float[] expected = plain.params().dup().data().asFloat();
        float[] actual = cached.params().dup().data().asFloat();
        assertThat(actual).as("parameters after %d steps", STEPS).containsExactly(expected);
        assertThat(expected).as("the steps trained something").isNotEqualTo(loaded.params().dup().data().asFloat());
        assertThat(cacheMode(cached)).isEqualTo(CacheMode.NONE);
        assertThat(json(cached)).as("configuration handed back (iteration counts included)").isEqualTo(json(plain));
        // a later plain step must not pick up the cached arrays of the last cached step
        Networks.fit(plain, batches.get(0));
        Networks.fit(cached, batches.get(0));
        assertThat(cached.params().dup().data().asFloat()).containsExactly(plain.params().dup().data().asFloat());
    }

    private static Model copy(Model network) {
        return network instanceof MultiLayerNetwork mln ? mln.clone() : GraphCopies.graph((ComputationGraph) network);
    }

    private static String json(Model network) {
        return network instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) network).getConfiguration().toJson();
    }

    private static CacheMode cacheMode(Model network) {
        return network instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().getCacheMode()
                : ((ComputationGraph) network).getConfiguration().getCacheMode();
    }
}
