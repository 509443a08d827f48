package dev.shears.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shears.analysis.TensorStatistics;
import dev.shears.model.TensorStats;
import dev.shears.pruning.surgery.NetworkLayers;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reading parameters straight from the network's buffer — copied in C order, streamed for
 * statistics, or read in place for scoring — gives what a C-order duplicate gave, for
 * every parameter of the sample models: conv W in C order, dense W in F order, biases, BatchNorm.
 */
class ParamArraysTest {
    static Stream<String> samples() {
        return Stream.of("lenet-5", "lenet-300-100", "bn-cnn", "mini-resnet");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void rowMajorValuesAndStatisticsEqualThoseOfACOrderDuplicate(String sample) throws Exception {
        Path file = Path.of("sample-models", sample + ".zip");
        Model network = sample.equals("mini-resnet") ? ModelSerializer.restoreComputationGraph(file.toFile(), false)
                : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        Layer[] layers = network instanceof MultiLayerNetwork mln ? mln.getLayers()
                : ((ComputationGraph) network).getLayers();
        int checked = 0;
        boolean sawFortranOrder = false;
        for (Layer layer : layers) {
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                INDArray view = param.getValue();
                sawFortranOrder |= view.ordering() == 'f' && view.rank() == 2 && view.size(0) > 1 && view.size(1) > 1;
                float[] expected = view.dup('c').data().asFloat();
                String what = layer.conf().getLayer().getLayerName() + "/" + param.getKey();
                assertThat(ParamArrays.rowMajor(view)).as(what).containsExactly(expected);
                assertThat(NetworkLayers.read(view).values()).as(what).containsExactly(expected);
                ParamValues inPlace = ParamValues.inPlace(view);
                assertThat(inPlace.size()).as(what).isEqualTo(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(inPlace.get(i)).as("%s in place, [%d]", what, i).isEqualTo(expected[i]);
                }
                TensorStats streamed = ParamArrays.statistics(view);
                TensorStats copied = TensorStatistics.of(expected);
                assertThat(streamed.count()).as(what).isEqualTo(copied.count());
                assertThat(streamed.min()).as(what).isEqualTo(copied.min());
                assertThat(streamed.max()).as(what).isEqualTo(copied.max());
                assertThat(streamed.zeros()).as(what).isEqualTo(copied.zeros());
                // summed in storage order rather than C order: equal up to rounding
                assertThat(streamed.mean()).as(what).isCloseTo(copied.mean(), within(1e-9));
                assertThat(streamed.std()).as(what).isCloseTo(copied.std(), within(1e-9));
                checked++;
            }
        }
        assertThat(checked).as("parameters compared").isGreaterThan(3);
        if (!sample.equals("mini-resnet")) {
            assertThat(sawFortranOrder).as("a dense W is kept in F order, the transposing path ran").isTrue();
        }
    }
}
