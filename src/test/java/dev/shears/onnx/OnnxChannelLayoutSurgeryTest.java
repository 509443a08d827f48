package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.pruning.CriterionName;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What surgery and masking do to the tensors that the ONNX-specific channel layouts touch — per-channel
 * constants, a dense squeeze-excite's Reshape back to [N, C, 1, 1], the dense inputs after a channels-last
 * flatten — checked value by value (OnnxSurgeryTest proves the same models equal to their masked
 * references under ONNX Runtime for every criterion).
 */
class OnnxChannelLayoutSurgeryTest {
    private static PruningPlan halfOfEveryGroup(OnnxNetwork network) {
        return OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);
    }

    private static List<Integer> kept(PruningPlan plan, String group) {
        return plan.group(group).map(GroupPlan::kept).orElseThrow();
    }

    /** The values at the kept indices along the axis of a C-order tensor of the given dims. */
    private static float[] keptAlong(float[] values, long[] dims, int axis, List<Integer> kept) {
        long inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        long outer = values.length / (dims[axis] * inner);
        float[] out = new float[Math.toIntExact(outer * kept.size() * inner)];
        int to = 0;
        for (long o = 0; o < outer; o++) {
            for (int k : kept) {
                for (long i = 0; i < inner; i++) {
                    out[to++] = values[Math.toIntExact((o * dims[axis] + k) * inner + i)];
                }
            }
        }
        return out;
    }

    @Test
    void perChannelBiasesSlopesAndDivisorsKeepTheValuesOfTheKeptChannels() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("channel_constants.onnx");
        OnnxModel original = network.model();
        PruningPlan plan = halfOfEveryGroup(network);
        List<Integer> conv1 = kept(plan, "/conv1/Conv");
        List<Integer> conv2 = kept(plan, "/conv2/Conv");
        List<Integer> matMul = kept(plan, "/MatMul");
        assertThat(List.of(conv1.size(), conv2.size(), matMul.size())).containsExactly(4, 6, 3);
        String slope = network.binding("/prelu/PRelu", "alpha").orElseThrow().tensor();

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        assertThat(shrunk.shape("bias1").dims()).containsExactly(4, 1, 1);
        assertThat(shrunk.floats("bias1")).containsExactly(keptAlong(original.floats("bias1"), new long[] {8, 1, 1},
                0, conv1));
        assertThat(shrunk.floats(slope)).containsExactly(keptAlong(original.floats(slope), new long[] {8, 1, 1}, 0,
                conv1));
        assertThat(shrunk.shape("bias2").dims()).containsExactly(1, 6, 1, 1);
        assertThat(shrunk.floats("divisor2")).containsExactly(keptAlong(original.floats("divisor2"),
                new long[] {1, 12, 1, 1}, 1, conv2));
        assertThat(shrunk.floats("dense_b")).containsExactly(keptAlong(original.floats("dense_b"), new long[] {5}, 0,
                matMul));
        // the squeeze-excite's Reshape back to [-1, C, 1, 1] names the new channel count
        String target = original.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Reshape"))
                .findFirst().orElseThrow().getInput(1);
        assertThat(original.longs(target)).containsExactly(-1, 12, 1, 1);
        assertThat(shrunk.longs(target)).containsExactly(-1, 6, 1, 1);
    }

    /** Masking zeroes a removed channel's bias and slope as it zeroes BatchNorm's shift; a divisor keeps its value. */
    @Test
    void maskingZeroesPerChannelBiasesButNeverADivisor() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("channel_constants.onnx");
        PruningPlan plan = halfOfEveryGroup(network);
        List<Integer> removed = plan.group("/conv2/Conv").orElseThrow().removed();

        OnnxModel masked = OnnxMasker.masked(network, plan);

        float[] bias = masked.floats("bias2");
        assertThat(removed.stream().map(c -> bias[c]).distinct()).containsExactly(0f);
        assertThat(masked.floats("divisor2")).containsExactly(network.model().floats("divisor2"));
        float[] inputs = OnnxInference.gaussianInputs(masked, 2, 3);
        assertThat(OnnxInference.outputs(masked, inputs, 2)[0]).doesNotContain(Float.NaN);
    }

    /**
     * After Transpose to NHWC and a Reshape to [-1, 32], input r·8 + c of the dense layer is channel c at
     * pixel r: removing half of conv2's 8 channels keeps, for every pixel, the columns of the kept
     * channels, and the Reshape's target becomes [-1, 16].
     */
    @Test
    void aChannelsLastFlattenKeepsTheKeptChannelsColumnsAtEveryPixel() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("nhwc_flatten.onnx");
        OnnxModel original = network.model();
        PruningPlan plan = halfOfEveryGroup(network);
        List<Integer> conv2 = kept(plan, "/conv2/Conv");
        List<Integer> dense = kept(plan, "/dense/Gemm");
        assertThat(conv2).hasSize(4);

        OnnxModel shrunk = OnnxSurgeon.shrink(network, plan);

        // dense.weight is stored [out, in] (transB = 1): kept outputs are rows, kept inputs columns
        float[] before = keptAlong(original.floats("dense.weight"), new long[] {5, 32}, 0, dense);
        List<Integer> keptInputs = List.of(0, 1, 2, 3).stream().flatMap(r -> conv2.stream().map(c -> r * 8 + c)).toList();
        assertThat(shrunk.shape("dense.weight").dims()).containsExactly(dense.size(), 16);
        assertThat(shrunk.floats("dense.weight")).containsExactly(keptAlong(before, new long[] {dense.size(), 32}, 1,
                keptInputs));
        String target = original.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Reshape"))
                .findFirst().orElseThrow().getInput(1);
        assertThat(shrunk.longs(target)).containsExactly(-1, 16);
    }
}
