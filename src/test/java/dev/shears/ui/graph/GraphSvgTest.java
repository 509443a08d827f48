package dev.shears.ui.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.graph.GraphLayout;
import dev.shears.analysis.graph.LayeredGraphLayout;
import dev.shears.io.ModelLoader;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG export: well-formed XML naming every node (escaped), coloured and highlighted as the window is. */
class GraphSvgTest {
    static final LayeredGraphLayout.Sizer SIZER = new LayeredGraphLayout.Sizer() {
        @Override
        public LayeredGraphLayout.Size node(LayerNode node) {
            return new LayeredGraphLayout.Size(8.0 * Math.max(node.name().length(),
                    GraphStyle.widestTypeLine(node).length()) + 18, GraphStyle.HEIGHT);
        }

        @Override
        public LayeredGraphLayout.Size label(String text) {
            return new LayeredGraphLayout.Size(6.0 * text.length(), 13);
        }
    };

    @Test
    void namesThatAreNotXmlAreEscapedAndTheFileParses() throws Exception {
        List<LayerNode> nodes = List.of(
                node("in<put>", LayerKind.INPUT, List.of()),
                node("conv \"a\" & 'b'", LayerKind.CONVOLUTION, List.of("in<put>")),
                node("relu</text><script>", LayerKind.ACTIVATION, List.of("conv \"a\" & 'b'")),
                node("bell\u0007", LayerKind.DENSE, List.of("relu</text><script>")));
        NetworkGraph graph = new NetworkGraph("ComputationGraph", nodes, List.of("bell\u0007"), false);
        GraphLayout layout = LayeredGraphLayout.layout(graph, SIZER);

        String svg = GraphSvg.write(graph, layout, Map.of(), Set.of(), null);
        Document doc = parse(svg);

        assertThat(nodeNames(doc)).containsExactly("in<put>", "conv \"a\" & 'b'", "relu</text><script>", "bell?");
        assertThat(svg).contains("conv &quot;a&quot; &amp; &apos;b&apos;").doesNotContain("<script>");
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
    }

    @Test
    void everyNodeOfAnOnnxInceptionBlockIsNamedWithItsColourAndEveryEdgeDrawn() throws Exception {
        NetworkGraph graph = ModelLoader.load(Path.of("src/test/resources/onnx/inception_block.onnx")).graph();
        GraphLayout layout = LayeredGraphLayout.layout(graph, SIZER);
        LayerNode conv = graph.nodes().stream().filter(LayerNode::hasParams).findFirst().orElseThrow();
        LayerNode coupled = graph.nodes().stream().filter(n -> n.hasParams() && n != conv).findFirst().orElseThrow();

        Document doc = parse(GraphSvg.write(graph, layout, Map.of(conv.name(), 0.5), Set.of(coupled.name()),
                conv.name()));

        assertThat(nodeNames(doc)).containsExactlyElementsOf(graph.nodes().stream().map(LayerNode::name).toList());
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(layout.edges().size());
        Element half = nodeGroup(doc, conv.name());
        assertThat(half.getAttribute("class")).isEqualTo("node selected");
        assertThat(rectFill(half)).isEqualTo(GraphStyle.fill(0.5)).isNotEqualTo(GraphStyle.NEUTRAL);
        assertThat(texts(half)).contains(GraphStyle.type(conv) + " · keeps 50 %");
        assertThat(nodeGroup(doc, coupled.name()).getAttribute("class")).isEqualTo("node coupled");
        LayerNode plain = graph.nodes().stream().filter(n -> n != conv && n != coupled).findFirst().orElseThrow();
        assertThat(rectFill(nodeGroup(doc, plain.name()))).isEqualTo(GraphStyle.NEUTRAL);
        // the drawing's size is the layout's
        assertThat(Double.parseDouble(doc.getDocumentElement().getAttribute("width")))
                .isCloseTo(layout.width(), org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void lessKeptIsWarmer() {
        double previousBlue = Double.MAX_VALUE;
        for (double kept : new double[] {1, 0.9, 0.75, 0.5, 0.25, 0.05}) {
            String fill = GraphStyle.fill(kept);
            int red = Integer.parseInt(fill.substring(1, 3), 16);
            int blue = Integer.parseInt(fill.substring(5, 7), 16);
            // warmer: blue falls strictly as less is kept (red stays high while the fill darkens)
            assertThat(blue).as("blue at %s", kept).isLessThan((int) previousBlue);
            assertThat(red).as("red at %s", kept).isGreaterThanOrEqualTo(0xd7);
            previousBlue = blue;
        }
        assertThat(GraphStyle.fill(null)).isEqualTo(GraphStyle.NEUTRAL);
        assertThat(GraphStyle.fill(1.0)).isEqualTo(GraphStyle.NEUTRAL);
    }

    private static LayerNode node(String name, LayerKind kind, List<String> inputs) {
        return new LayerNode(name, kind, kind.displayName(), "", inputs, TensorShape.of(4), TensorShape.of(4),
                List.of(), 0);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first text of each node group: the node's name, in document order. */
    static List<String> nodeNames(Document doc) {
        List<String> names = new ArrayList<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (isNode(g)) {
                names.add(texts(g).get(0));
            }
        }
        return names;
    }

    static Element nodeGroup(Document doc, String name) {
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (isNode(g) && texts(g).get(0).equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no node " + name);
    }

    private static boolean isNode(Element g) {
        return List.of(g.getAttribute("class").split(" ")).contains("node");
    }

    static List<String> texts(Element group) {
        List<String> texts = new ArrayList<>();
        NodeList list = group.getElementsByTagName("text");
        for (int i = 0; i < list.getLength(); i++) {
            texts.add(list.item(i).getTextContent());
        }
        return texts;
    }

    /** The fill of the node's box (the last rect: a coupled node has its glow first). */
    static String rectFill(Element group) {
        NodeList rects = group.getElementsByTagName("rect");
        return ((Element) rects.item(rects.getLength() - 1)).getAttribute("fill");
    }
}
