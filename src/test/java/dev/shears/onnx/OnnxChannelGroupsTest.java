package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ActivationSlice;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel groups DependencyAnalyzer finds in graphs read from ONNX, per fixture. */
class OnnxChannelGroupsTest {
    private static ChannelGroups groups(String fixture) throws Exception {
        return DependencyAnalyzer.analyze(OnnxGraphReaderTest.network(fixture).graph());
    }

    /** "name channels [producers] -> [consumers]", and the blockers when the group is not prunable. */
    private static List<String> summary(ChannelGroups groups) {
        return groups.groups().stream().map(g -> g.name() + " " + g.channels() + " " + g.producers() + " -> "
                + g.consumers() + (g.prunable() ? "" : " blocked: " + g.blockers())).toList();
    }

    private static ChannelGroup group(ChannelGroups groups, String name) {
        return groups.named(name).orElseThrow();
    }

    @Test
    void convBatchNormAndFlattenIntoGemm() throws Exception {
        ChannelGroups groups = groups("fashion_cnn.onnx");

        assertThat(summary(groups)).containsExactly(
                "/conv1/Conv 8 [/conv1/Conv] -> [/conv2/Conv]",
                "/conv2/Conv 16 [/conv2/Conv] -> [/fc/Gemm]",
                "/fc/Gemm 10 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        ChannelGroup conv2 = group(groups, "/conv2/Conv");
        // each channel of [16, 7, 7] is 49 consecutive inputs of the dense W [784, 10], along its axis 0
        assertThat(conv2.params()).containsExactly(
                new ParamSlice("/conv2/Conv", "W", 0, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("/conv2/Conv", "b", 0, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("/bn2/BatchNormalization", "gamma", 0, 0, 1, SliceRole.NORMALIZATION),
                new ParamSlice("/bn2/BatchNormalization", "beta", 0, 0, 1, SliceRole.NORMALIZATION),
                new ParamSlice("/bn2/BatchNormalization", "mean", 0, 0, 1, SliceRole.STATISTIC),
                new ParamSlice("/bn2/BatchNormalization", "var", 0, 0, 1, SliceRole.STATISTIC),
                new ParamSlice("/fc/Gemm", "W", 0, 0, 49, SliceRole.INPUT));
        assertThat(conv2.activations()).contains(new ActivationSlice("/Flatten", 0, 49));
    }

    @Test
    void residualAddsJoinTheirBranchesAndSqueezeExciteConvsJoinTheBlock() throws Exception {
        ChannelGroups groups = groups("resnet_se.onnx");

        assertThat(summary(groups)).containsExactly(
                "/stem/Conv 16 [/stem/Conv, /block1/conv2/Conv, /block1/se/expand/Conv] -> [/block1/conv1/Conv,"
                        + " /block1/se/reduce/Conv, /block2/conv1/Conv, /block2/project/Conv]",
                "/block1/conv1/Conv 16 [/block1/conv1/Conv] -> [/block1/conv2/Conv]",
                "/block1/se/reduce/Conv 4 [/block1/se/reduce/Conv] -> [/block1/se/expand/Conv]",
                "/block2/conv1/Conv 32 [/block2/conv1/Conv] -> [/block2/conv2/Conv]",
                "/block2/conv2/Conv 32 [/block2/conv2/Conv, /block2/se/expand/Conv, /block2/project/Conv] ->"
                        + " [/block2/se/reduce/Conv, /fc/Gemm]",
                "/block2/se/reduce/Conv 8 [/block2/se/reduce/Conv] -> [/block2/se/expand/Conv]",
                "/fc/Gemm 10 [/fc/Gemm] -> [] blocked: [/Softmax not prunable: softmax mixes channels]");
        assertThat(group(groups, "/stem/Conv").activations()).contains(
                new ActivationSlice("/block1/se/Mul", 0, 1), new ActivationSlice("/block1/Add", 0, 1));
    }

    @Test
    void aDepthwiseConvKeepsItsInputChannelsInTheExpandGroup() throws Exception {
        ChannelGroups groups = groups("mobilenet_block.onnx");

        assertThat(summary(groups)).containsExactly(
                "/stem/Conv 8 [/stem/Conv, /block/project/Conv] -> [/block/expand/Conv, /head/Conv]",
                "/block/expand/Conv 32 [/block/expand/Conv, /block/depthwise/Conv] -> [/block/project/Conv]",
                "/head/Conv 12 [/head/Conv] -> [/fc/Gemm]",
                "/fc/Gemm 5 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        assertThat(group(groups, "/block/expand/Conv").params()).contains(
                new ParamSlice("/block/depthwise/Conv", "W", 2, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("/block/bn2/BatchNormalization", "gamma", 0, 0, 1, SliceRole.NORMALIZATION));
        assertThat(group(groups, "/head/Conv").activations()).contains(new ActivationSlice("/Resize", 0, 1));
    }

    @Test
    void concatenatedBranchesSitAtTheirOffsets() throws Exception {
        ChannelGroups groups = groups("inception_block.onnx");

        assertThat(summary(groups)).containsExactly(
                "/stem/Conv 8 [/stem/Conv] -> [/branch1/Conv, /branch3_reduce/Conv, /branch_pool/Conv]",
                "/branch1/Conv 4 [/branch1/Conv] -> [/mix/Conv]",
                "/branch3_reduce/Conv 4 [/branch3_reduce/Conv] -> [/branch3/Conv]",
                "/branch3/Conv 6 [/branch3/Conv] -> [/mix/Conv]",
                "/branch_pool/Conv 2 [/branch_pool/Conv] -> [/mix/Conv]",
                "/mix/Conv 8 [/mix/Conv] -> [/fc/Gemm]",
                "/fc/Gemm 10 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        assertThat(List.of("/branch1/Conv", "/branch3/Conv", "/branch_pool/Conv").stream()
                .map(g -> group(groups, g).params().stream().filter(p -> p.layer().equals("/mix/Conv")).toList()))
                .containsExactly(
                        List.of(new ParamSlice("/mix/Conv", "W", 1, 0, 1, SliceRole.INPUT)),
                        List.of(new ParamSlice("/mix/Conv", "W", 1, 4, 1, SliceRole.INPUT)),
                        List.of(new ParamSlice("/mix/Conv", "W", 1, 10, 1, SliceRole.INPUT)));
        assertThat(group(groups, "/mix/Conv").params()).contains(new ParamSlice("/fc/Gemm", "W", 0, 0, 64,
                SliceRole.INPUT));
    }

    @Test
    void anUnknownOpBlocksOnlyTheGroupsReachingItAndNamesTheOp() throws Exception {
        ChannelGroups groups = groups("erf_branch.onnx");

        assertThat(summary(groups)).containsExactly(
                "/stem/Conv 8 [/stem/Conv] -> [/left/Conv, /right/Conv]",
                "/left/Conv 4 [/left/Conv] -> [] blocked: [/Erf not prunable: Erf is not understood by the pruning"
                        + " engine]",
                "/right/Conv 6 [/right/Conv] -> [/mix/Conv]",
                "/mix/Conv 8 [/mix/Conv] -> [/fc/Gemm]",
                "/fc/Gemm 3 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        assertThat(groups.notPrunable()).containsExactlyEntriesOf(Map.of("/Erf",
                "Erf is not understood by the pruning engine"));
        assertThat(group(groups, "/right/Conv").params()).contains(new ParamSlice("/mix/Conv", "W", 1, 4, 1,
                SliceRole.INPUT));
    }

    /**
     * A dense squeeze-excite (GlobalAveragePool, Flatten, Gemm, ReLU, Gemm, Sigmoid, Unsqueeze twice,
     * Mul): the Unsqueezes keep the channel axis, so the expand Gemm's outputs are the conv's channels
     * (the Mul joins them) and the block is pruned as one group.
     */
    @Test
    void aDenseSqueezeExciteJoinsTheConvGroupThroughItsUnsqueeze() throws Exception {
        ChannelGroups groups = groups("gemm_se.onnx");

        assertThat(summary(groups)).containsExactly(
                "/conv/Conv 8 [/conv/Conv, /expand/Gemm] -> [/reduce/Gemm, /head/Conv]",
                "/reduce/Gemm 2 [/reduce/Gemm] -> [/expand/Gemm]",
                "/head/Conv 4 [/head/Conv] -> [/fc/MatMul]",
                "/fc/MatMul 3 [/fc/MatMul] -> [] blocked: [reaches the network output /fc/MatMul]");
        assertThat(group(groups, "/conv/Conv").params()).contains(
                new ParamSlice("/reduce/Gemm", "W", 0, 0, 1, SliceRole.INPUT),
                new ParamSlice("/expand/Gemm", "W", 1, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("/expand/Gemm", "b", 0, 0, 1, SliceRole.OUTPUT));
        assertThat(group(groups, "/conv/Conv").activations()).contains(new ActivationSlice("/Unsqueeze", 0, 1),
                new ActivationSlice("/Unsqueeze_1", 0, 1), new ActivationSlice("/Mul", 0, 1));
    }

    /**
     * Per-channel constants go with their channels: a bias Add [8, 1, 1] and PRelu slopes [8, 1, 1] with
     * the bias-free conv1, a bias [1, 12, 1, 1] and a divisor [1, 12, 1, 1] (sliced but never zeroed) with
     * conv2, a bias [5] with the MatMul; the squeeze-excite that squeezes with Squeeze and reshapes back
     * to [-1, 12, 1, 1] joins conv2's group; the reflect Pad and the bilinear Resize pass channels through.
     */
    @Test
    void constantsPerChannelAreSlicedWithTheirChannels() throws Exception {
        ChannelGroups groups = groups("channel_constants.onnx");

        assertThat(summary(groups)).containsExactly(
                "/conv1/Conv 8 [/conv1/Conv] -> [/conv2/Conv]",
                "/conv2/Conv 12 [/conv2/Conv, /expand/Gemm] -> [/reduce/Gemm, /head/Conv]",
                "/reduce/Gemm 3 [/reduce/Gemm] -> [/expand/Gemm]",
                "/head/Conv 6 [/head/Conv] -> [/MatMul]",
                "/MatMul 5 [/MatMul] -> [/fc/Gemm]",
                "/fc/Gemm 3 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        assertThat(group(groups, "/conv1/Conv").params()).containsExactly(
                new ParamSlice("/conv1/Conv", "W", 0, 0, 1, SliceRole.OUTPUT),
                new ParamSlice("/Add", "bias", 0, 0, 1, SliceRole.NORMALIZATION),
                new ParamSlice("/prelu/PRelu", "alpha", 0, 0, 1, SliceRole.NORMALIZATION),
                new ParamSlice("/conv2/Conv", "W", 1, 0, 1, SliceRole.INPUT));
        assertThat(group(groups, "/conv2/Conv").params()).contains(
                new ParamSlice("/Add_1", "bias", 1, 0, 1, SliceRole.NORMALIZATION),
                new ParamSlice("/Div", "divisor", 1, 0, 1, SliceRole.STATISTIC));
        assertThat(group(groups, "/conv2/Conv").activations()).contains(new ActivationSlice("/Squeeze_1", 0, 1),
                new ActivationSlice("/Reshape_2", 0, 1), new ActivationSlice("/Resize", 0, 1));
        assertThat(group(groups, "/conv1/Conv").activations()).contains(new ActivationSlice("/Pad", 0, 1));
        assertThat(group(groups, "/MatMul").params()).contains(
                new ParamSlice("/Add_2", "bias", 0, 0, 1, SliceRole.NORMALIZATION));
    }

    /**
     * Channels last as TensorFlow exports run: through a Transpose pair around a Mul by a scale [6] on
     * the last axis and Tanh, the channels stay conv1's and the scale is sliced with them; after the
     * Transpose to NHWC before the flatten, channel c of conv2 is the dense inputs c, c + 8, c + 16,
     * c + 24 (one per pixel of the 2 × 2 map, every 8 inputs).
     */
    @Test
    void aFlattenAfterATransposeToChannelsLastRepeatsEachChannelEveryChannelCountInputs() throws Exception {
        ChannelGroups groups = groups("nhwc_flatten.onnx");

        assertThat(summary(groups)).containsExactly(
                "/conv1/Conv 6 [/conv1/Conv] -> [/conv2/Conv]",
                "/conv2/Conv 8 [/conv2/Conv] -> [/dense/Gemm]",
                "/dense/Gemm 5 [/dense/Gemm] -> [/fc/Gemm]",
                "/fc/Gemm 3 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        assertThat(group(groups, "/conv2/Conv").params()).contains(
                new ParamSlice("/dense/Gemm", "W", 0, 0, 1, SliceRole.INPUT, 8, 4));
        assertThat(group(groups, "/conv2/Conv").activations()).contains(new ActivationSlice("/Reshape", 0, 1, 8, 4));
        assertThat(group(groups, "/conv1/Conv").params()).contains(
                new ParamSlice("/Mul", "scale", 0, 0, 1, SliceRole.NORMALIZATION));
        assertThat(group(groups, "/conv1/Conv").activations()).contains(new ActivationSlice("/Transpose_2", 0, 1));
    }

    /**
     * A Pad of the channel axis, a channel shuffle and a MatMul over channels-last pixels each block
     * only the branch conv whose channels reach them, with a reason naming the op; the stem they all
     * read, the plain branch and the convs after the Concat stay prunable.
     */
    @Test
    void opsThatMixOrMoveChannelsBlockOnlyTheirOwnBranchAndNameTheOp() throws Exception {
        ChannelGroups groups = groups("blocked_ops.onnx");

        assertThat(summary(groups)).containsExactly(
                "/stem/Conv 8 [/stem/Conv] -> [/pad_branch/Conv, /shuffle_branch/Conv, /nhwc_branch/Conv,"
                        + " /plain_branch/Conv]",
                "/pad_branch/Conv 4 [/pad_branch/Conv] -> [] blocked: [/Pad not prunable: Pad (channel axis) is not"
                        + " understood by the pruning engine]",
                "/shuffle_branch/Conv 6 [/shuffle_branch/Conv] -> [] blocked: [/Reshape_2 not prunable: Reshape"
                        + " [6, 8, 8] → [2, 3, 8, 8] does not keep the channel axis]",
                "/nhwc_branch/Conv 4 [/nhwc_branch/Conv] -> [] blocked: [/MatMul not prunable: MatMul reads"
                        + " channels-last activations (after a Transpose)]",
                "/plain_branch/Conv 5 [/plain_branch/Conv] -> [/mix/Conv]",
                "/mix/Conv 8 [/mix/Conv] -> [/fc/Gemm]",
                "/fc/Gemm 3 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
        assertThat(group(groups, "/plain_branch/Conv").params()).contains(new ParamSlice("/mix/Conv", "W", 1, 16, 1,
                SliceRole.INPUT));
    }

    /**
     * channel_constants with conv1's bias [8, 1, 1] reshaped to [8]: broadcast against [N, 8, 8, 8] it is
     * one value per column, not per channel, so conv1's group is blocked, saying why; conv2's is not.
     */
    @Test
    void aConstantThatVariesAlongTheWidthBlocksTheGroupItIsAddedTo(@TempDir Path temp) throws Exception {
        ModelProto.Builder proto = OnnxGraphReaderTest.network("channel_constants.onnx").model().proto().toBuilder();
        for (TensorProto.Builder tensor : proto.getGraphBuilder().getInitializerBuilderList()) {
            if (tensor.getName().equals("bias1")) {
                tensor.clearDims().addDims(8);
            }
        }
        Path file = Files.write(temp.resolve("bias_per_column.onnx"), proto.build().toByteArray());
        ChannelGroups groups = DependencyAnalyzer.analyze(OnnxGraphReader.read(OnnxModel.read(file)).graph());

        assertThat(summary(groups)).startsWith(
                "/conv1/Conv 8 [/conv1/Conv] -> [] blocked: [/Add not prunable: its constant bias [8] is not one value"
                        + " per channel]",
                "/conv2/Conv 12 [/conv2/Conv, /expand/Gemm] -> [/reduce/Gemm, /head/Conv]");
    }

    /**
     * nhwc_flatten with its Transpose pair made [0, 1, 3, 2] (H and W swap; the map is 6 × 6 × 6): the
     * channels stay on axis 1 through both, so the scale [6] between them now lies along the width, not
     * the channels, and blocks conv1's group saying so; conv2's group is unaffected.
     */
    @Test
    void aTransposeThatKeepsTheChannelAxisKeepsChannelsAndAScaleAlongTheWidthBlocks(@TempDir Path temp)
            throws Exception {
        ModelProto.Builder proto = OnnxGraphReaderTest.network("nhwc_flatten.onnx").model().proto().toBuilder();
        for (var node : proto.getGraphBuilder().getNodeBuilderList()) {
            if (node.getName().equals("/Transpose_1") || node.getName().equals("/Transpose_2")) {
                node.getAttributeBuilder(0).clearInts().addAllInts(List.of(0L, 1L, 3L, 2L));
            }
        }
        Path file = Files.write(temp.resolve("swap_hw.onnx"), proto.build().toByteArray());
        OnnxNetwork network = OnnxGraphReader.read(OnnxModel.read(file));
        ChannelGroups groups = DependencyAnalyzer.analyze(network.graph());

        assertThat(network.graph().node("/Transpose_1").orElseThrow().description()).endsWith(": channels stay");
        assertThat(summary(groups)).startsWith(
                "/conv1/Conv 6 [/conv1/Conv] -> [] blocked: [/Mul not prunable: its constant scale [6] is not one"
                        + " value per channel]",
                "/conv2/Conv 8 [/conv2/Conv] -> [/dense/Gemm]");
        assertThat(group(groups, "/conv1/Conv").activations()).contains(new ActivationSlice("/Transpose_1", 0, 1));
    }

    @Test
    void constantNodeWeightsAndChannelsLastInputsGroupLikeInitializers() throws Exception {
        assertThat(summary(groups("opset9_constants.onnx"))).containsExactly(
                "conv 4 [conv] -> [fc]",
                "fc 3 [fc] -> [] blocked: [reaches the network output identity]");
        assertThat(summary(groups("nhwc_input.onnx"))).containsExactly(
                "/conv/Conv 6 [/conv/Conv] -> [/fc/Gemm]",
                "/fc/Gemm 4 [/fc/Gemm] -> [] blocked: [reaches the network output /fc/Gemm]");
    }
}
