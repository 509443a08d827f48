package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.model.ActivationSlice;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.ParamSlice;
import dev.shears.model.SliceRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
     * A dense squeeze-excite unsqueezes its scale back to [N, C, 1, 1]; Unsqueeze is not understood
     * by the pruning engine, so the expand Gemm's group and, through the Mul, the block's group are
     * blocked, and the head conv's group is not.
     */
    @Test
    void aDenseSqueezeExciteIsBlockedAtItsUnsqueeze() throws Exception {
        ChannelGroups groups = groups("gemm_se.onnx");

        assertThat(summary(groups)).containsExactly(
                "/conv/Conv 8 [/conv/Conv] -> [/reduce/Gemm] blocked: [/Mul not prunable: joins inputs whose"
                        + " channels cannot be matched (one is not prunable or laid out differently)]",
                "/reduce/Gemm 2 [/reduce/Gemm] -> [/expand/Gemm]",
                "/expand/Gemm 8 [/expand/Gemm] -> [] blocked: [/Unsqueeze not prunable: Unsqueeze is not"
                        + " understood by the pruning engine]",
                "/head/Conv 4 [/head/Conv] -> [/fc/MatMul]",
                "/fc/MatMul 3 [/fc/MatMul] -> [] blocked: [reaches the network output /fc/MatMul]");
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
