package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Scope;
import dev.shears.pruning.plan.PruningPlan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Slices keep exactly the planned values, with their bits, in the storage field the tensor used. */
class OnnxSlicingTest {
    private static final List<SortedSet<Long>> SECOND_COLUMN = List.of(new TreeSet<>(), new TreeSet<>(List.of(1L)));

    @Test
    void fashionCnnKeepsThePlannedRowsAndColumnsOfEveryTensor() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("fashion_cnn.onnx");
        PruningPlan plan = OnnxSurgeryTest.plan(network, CriterionName.L1, 0.5, Scope.PER_LAYER);
        List<Integer> kept1 = plan.group("/conv1/Conv").orElseThrow().kept();
        List<Integer> kept2 = plan.group("/conv2/Conv").orElseThrow().kept();
        assertThat(kept1).hasSize(4);
        assertThat(kept2).hasSize(8);

        OnnxNetwork shrunk = OnnxGraphReader.read(OnnxSurgeon.shrink(network, plan));

        float[] w = network.storedValues("/conv2/Conv", "W"); // [16, 8, 3, 3]
        float[] shrunkW = shrunk.storedValues("/conv2/Conv", "W");
        assertThat(shrunk.model().shape(shrunk.binding("/conv2/Conv", "W").orElseThrow().tensor()).dims())
                .containsExactly(8, 4, 3, 3);
        for (int o = 0; o < 8; o++) {
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 9; k++) {
                    assertThat(shrunkW[(o * 4 + i) * 9 + k])
                            .isEqualTo(w[(kept2.get(o) * 8 + kept1.get(i)) * 9 + k]);
                }
            }
        }
        float[] mean = network.storedValues("/bn2/BatchNormalization", "mean");
        float[] shrunkMean = shrunk.storedValues("/bn2/BatchNormalization", "mean");
        for (int o = 0; o < 8; o++) {
            assertThat(shrunkMean[o]).isEqualTo(mean[kept2.get(o)]);
        }
        // the dense layer reads 49 inputs per channel of conv2; whatever its stored layout, it reads them in order
        ParamValues fc = new OnnxWeights(network).get("/fc/Gemm", "W");
        ParamValues shrunkFc = new OnnxWeights(shrunk).get("/fc/Gemm", "W");
        assertThat(fc.shape()).containsExactly(784, 10);
        assertThat(shrunkFc.shape()).containsExactly(392, 10);
        for (int c = 0; c < 8; c++) {
            for (int p = 0; p < 49; p++) {
                for (int out = 0; out < 10; out++) {
                    assertThat(shrunkFc.values()[(c * 49 + p) * 10 + out])
                            .isEqualTo(fc.values()[(kept2.get(c) * 49 + p) * 10 + out]);
                }
            }
        }
    }

    private static TensorProto.Builder tensor(TensorProto.DataType type) {
        return TensorProto.newBuilder().setName("t").setDataType(type.getNumber()).addDims(2).addDims(3);
    }

    @Test
    void floatDataStaysFloatData() {
        TensorProto t = tensor(TensorProto.DataType.FLOAT).addAllFloatData(List.of(0f, 1f, 2f, 3f, 4f, 5f)).build();

        TensorProto sliced = TensorEdits.sliced(t, null, SECOND_COLUMN);
        BitSet zeros = new BitSet();
        zeros.set(0);
        zeros.set(4);
        TensorProto zeroed = TensorEdits.zeroed(t, null, zeros);

        assertThat(sliced.getDimsList()).containsExactly(2L, 2L);
        assertThat(sliced.getFloatDataList()).containsExactly(0f, 2f, 3f, 5f);
        assertThat(sliced.hasRawData()).isFalse();
        assertThat(zeroed.getDimsList()).containsExactly(2L, 3L);
        assertThat(zeroed.getFloatDataList()).containsExactly(0f, 1f, 2f, 3f, 0f, 5f);
    }

    @Test
    void rawDataStaysRawDataAndHalfPrecisionPatternsMoveWhole() {
        ByteBuffer raw = ByteBuffer.allocate(6 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            raw.putFloat(i + 0.5f);
        }
        TensorProto t = tensor(TensorProto.DataType.FLOAT).setRawData(ByteString.copyFrom(raw.array())).build();
        TensorProto half = tensor(TensorProto.DataType.FLOAT16).addAllInt32Data(List.of(0x3c00, 0x4000, 0x4200,
                0x4400, 0x4500, 0x4600)).build();

        TensorProto sliced = TensorEdits.sliced(t, null, SECOND_COLUMN);
        TensorProto slicedHalf = TensorEdits.sliced(half, null, SECOND_COLUMN);

        ByteBuffer out = sliced.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {out.getFloat(0), out.getFloat(4), out.getFloat(8), out.getFloat(12)})
                .containsExactly(0.5f, 2.5f, 3.5f, 5.5f);
        assertThat(sliced.getRawData().size()).isEqualTo(16);
        assertThat(slicedHalf.getInt32DataList()).containsExactly(0x3c00, 0x4200, 0x4400, 0x4600);
    }
}
