package dev.shears.analysis.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.ModelLoader;
import dev.shears.io.NetworkGraphReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.zoo.model.ResNet50;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layered layout on every kind of graph Shears opens — DL4J chains and residual graphs, Keras
 * imports, ONNX files with residual, squeeze-excite and inception (concat) blocks — and on ResNet-50:
 * every node is placed, no two boxes overlap, and every edge runs downwards from its source's box to
 * its target's box.
 */
class LayeredGraphLayoutTest {
    /** Box sizes from the text lengths, as the view does with real font metrics. */
    static final LayeredGraphLayout.Sizer SIZER = new LayeredGraphLayout.Sizer() {
        @Override
        public LayeredGraphLayout.Size node(LayerNode node) {
            int chars = Math.max(node.name().length(), Math.max(node.kind().displayName().length(),
                    node.outputShape().toString().length()));
            return new LayeredGraphLayout.Size(7.0 * chars + 16, 50);
        }

        @Override
        public LayeredGraphLayout.Size label(String text) {
            return new LayeredGraphLayout.Size(6.0 * text.length(), 13);
        }
    };

    static Stream<String> models() {
        return Stream.of("sample-models/lenet-5.zip", "sample-models/mini-resnet.zip",
                "src/test/resources/onnx/resnet_se.onnx", "src/test/resources/onnx/inception_block.onnx",
                "src/test/resources/onnx/mobilenet_block.onnx", "src/test/resources/onnx/gemm_se.onnx",
                "src/test/resources/keras/functional_residual.h5", "src/test/resources/keras/sequential_cnn.h5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyNodeIsPlacedWithoutOverlapAndEveryEdgeRunsDownwards(String file) throws Exception {
        NetworkGraph graph = ModelLoader.load(Path.of(file)).graph();
        GraphLayout layout = LayeredGraphLayout.layout(graph, SIZER);
        assertPlacedLayered(graph, layout);
    }

    @Test
    void inceptionBranchesSitSideBySideBetweenTheirFork() throws Exception {
        NetworkGraph graph = ModelLoader.load(Path.of("src/test/resources/onnx/inception_block.onnx")).graph();
        GraphLayout layout = LayeredGraphLayout.layout(graph, SIZER);
        LayerNode concat = graph.nodes().stream().filter(n -> n.inputs().size() >= 3).findFirst().orElseThrow();
        List<GraphLayout.Box> branches = concat.inputs().stream().map(i -> layout.node(i).orElseThrow()).toList();
        // a concat of three or more branches: its inputs are spread across, not stacked in one column
        assertThat(branches.stream().map(GraphLayout.Box::centerX).distinct().count()).isGreaterThan(1);
    }

    @Test
    void resNet50LaysOutCompletely() {
        ComputationGraph network = new ComputationGraph(ResNet50.builder().numClasses(10)
                .weightInit(new WeightInitRelu()).build().graphBuilder().build());
        network.init();
        NetworkGraph graph = NetworkGraphReader.read(network);
        long start = System.nanoTime();
        GraphLayout layout = LayeredGraphLayout.layout(graph, SIZER);
        System.out.printf("ResNet-50: %d nodes, %d edges laid out in %.0f ms%n", layout.nodes().size(),
                layout.edges().size(), (System.nanoTime() - start) / 1e6);
        assertThat(graph.nodes().size()).isGreaterThan(170);
        assertPlacedLayered(graph, layout);
    }

    @Test
    void aCancelledLayoutStops() throws Exception {
        NetworkGraph graph = ModelLoader.load(SampleLocations.sampleModel("mini-resnet")).graph();
        Assertions.assertThatThrownBy(() -> LayeredGraphLayout.layout(graph, SIZER, () -> true))
                .isInstanceOf(CancellationException.class);
    }

    static void assertPlacedLayered(NetworkGraph graph, GraphLayout layout) {
        assertThat(layout.nodes()).extracting(GraphLayout.Box::name)
                .containsExactlyElementsOf(graph.nodes().stream().map(LayerNode::name).toList());
        for (GraphLayout.Box box : layout.nodes()) {
            assertThat(box.x()).as(box.name()).isGreaterThanOrEqualTo(0);
            assertThat(box.y()).as(box.name()).isGreaterThanOrEqualTo(0);
            assertThat(box.maxX()).as(box.name()).isLessThanOrEqualTo(layout.width());
            assertThat(box.maxY()).as(box.name()).isLessThanOrEqualTo(layout.height());
        }
        List<GraphLayout.Box> boxes = layout.nodes();
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(boxes.get(i).overlaps(boxes.get(j)))
                        .as("%s overlaps %s", boxes.get(i), boxes.get(j)).isFalse();
            }
        }
        Map<String, GraphLayout.Box> byName = layout.byName();
        List<String> expectedEdges = new ArrayList<>();
        graph.nodes().forEach(n -> n.inputs().stream().filter(byName::containsKey)
                .forEach(i -> expectedEdges.add(i + "->" + n.name())));
        assertThat(layout.edges()).extracting(e -> e.from() + "->" + e.to())
                .containsExactlyInAnyOrderElementsOf(expectedEdges);
        assertThat(expectedEdges).as("a graph with edges").isNotEmpty();
        for (GraphLayout.Route edge : layout.edges()) {
            GraphLayout.Box from = byName.get(edge.from());
            GraphLayout.Box to = byName.get(edge.to());
            String name = edge.from() + " -> " + edge.to();
            // layered top to bottom: the target's layer lies wholly below the source's
            assertThat(to.y()).as(name).isGreaterThanOrEqualTo(from.maxY());
            GraphLayout.Point first = edge.points().get(0);
            GraphLayout.Point last = edge.points().get(edge.points().size() - 1);
            assertThat(first.y()).as(name + " leaves its source's bottom").isCloseTo(from.maxY(), within());
            assertThat(first.x()).as(name).isBetween(from.x(), from.maxX());
            assertThat(last.y()).as(name + " enters its target's top").isCloseTo(to.y(), within());
            assertThat(last.x()).as(name).isBetween(to.x(), to.maxX());
            for (int k = 1; k < edge.points().size(); k++) {
                assertThat(edge.points().get(k).y()).as(name + " never climbs")
                        .isGreaterThanOrEqualTo(edge.points().get(k - 1).y() - 1e-6);
            }
            LayerNode source = graph.node(edge.from()).orElseThrow();
            assertThat(edge.label()).isEqualTo(LayeredGraphLayout.edgeLabel(source));
            edge.label().ifPresent(text -> assertThat(edge.labelBox()).isPresent());
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}
