package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where {@link ReaderMaskCut} cuts the trained Fashion-MNIST CNN (conv1 → bn → relu → pool → conv2 → … → fc). */
class ReaderMaskCutTest {
    private static OnnxNetwork cnn;
    private static ModelProto model;
    private static String conv2Weight;
    private static String fcWeight;

    @BeforeAll
    static void open() throws Exception {
        cnn = OnnxFiles.open(Path.of(System.getProperty("shears.repo", "."), "src/test/resources/onnx/fashion_cnn.onnx"));
        model = ReaderMaskCut.runnable(cnn.model());
        conv2Weight = cnn.binding("/conv2/Conv", "W").orElseThrow().tensor();
        fcWeight = cnn.binding("/fc/Gemm", "W").orElseThrow().tensor();
    }

    @Test
    void cuttingAtConv2LeavesTheFirstBlockToThePrefixAndMasksConv2sInputChannels() throws Exception {
        ReaderMaskCut cut = ReaderMaskCut.of(model, List.of(new ReaderMaskCut.Site(conv2Weight, 8)));

        ModelProto prefix = cut.prefix().orElseThrow();
        assertThat(prefix.getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Conv", "BatchNormalization", "Relu", "MaxPool");
        assertThat(cut.frontier()).containsExactly(prefix.getGraph().getNode(3).getOutput(0));
        assertThat(prefix.getGraph().getOutputList()).extracting(o -> o.getName()).isEqualTo(cut.frontier());
        assertThat(cut.directInputs()).isEmpty();
        assertThat(cut.maskShape(0)).containsExactly(8, 1, 1);

        ModelProto suffix = cut.suffix(Map.of(cut.frontier().get(0), new long[] {1, 8, 14, 14}));
        List<NodeProto> nodes = suffix.getGraph().getNodeList();
        assertThat(nodes).extracting(NodeProto::getOpType).as("the mask, conv2 and everything after it")
                .containsExactly("Mul", "Conv", "BatchNormalization", "Relu", "MaxPool", "Flatten", "Gemm");
        assertThat(nodes.get(0).getInputList()).containsExactly(cut.frontier().get(0), cut.maskInput(0));
        assertThat(nodes.get(1).getInput(0)).isEqualTo(nodes.get(0).getOutput(0));
        assertThat(suffix.getGraph().getInputList()).extracting(i -> i.getName())
                .containsExactly(cut.frontier().get(0), cut.maskInput(0));
        assertThat(suffix.getGraph().getOutput(0).getName()).isEqualTo(cut.output())
                .isEqualTo(model.getGraph().getOutput(0).getName());
        assertThat(suffix.getGraph().getInitializerList()).extracting(t -> t.getName())
                .contains(conv2Weight, fcWeight).doesNotContain(cnn.binding("/conv1/Conv", "W").orElseThrow().tensor());
    }

    @Test
    void cuttingAtTheClassifierLeavesItAloneToTheSuffix() throws Exception {
        ReaderMaskCut cut = ReaderMaskCut.of(model, List.of(new ReaderMaskCut.Site(fcWeight, 784)));

        assertThat(cut.maskShape(0)).containsExactly(784);
        assertThat(cut.suffix(Map.of(cut.frontier().get(0), new long[] {1, 784})).getGraph().getNodeList())
                .extracting(NodeProto::getOpType).containsExactly("Mul", "Gemm");
    }

    @Test
    void refusesInASentenceWhatItCannotMask() {
        assertThatThrownBy(() -> ReaderMaskCut.of(model, List.of(new ReaderMaskCut.Site("no_such_weight", 8))))
                .isInstanceOf(OnnxPruningException.class)
                .hasMessage("No Conv, Gemm or MatMul reads the weight no_such_weight.");
        assertThatThrownBy(() -> ReaderMaskCut.of(model, List.of(new ReaderMaskCut.Site(conv2Weight, 7))))
                .isInstanceOf(OnnxPruningException.class)
                .hasMessage("The layer reading " + conv2Weight + " reads 8 inputs, not 7.");
    }
}
