package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.pruning.ParamValues;
import org.junit.jupiter.api.Test;

/** OnnxWeights serves parameters in the DL4J layout the graph reports, whatever the ONNX tensor's layout. */
class OnnxWeightsTest {
    @Test
    void aTransposedGemmInAConstantNodeIsReadAsInputsByOutputs() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("opset9_constants.onnx");
        float[] stored = network.model().floats("fc_w"); // [3, 144]

        ParamValues w = new OnnxWeights(network).get("fc", "W");

        assertThat(network.binding("fc", "W").orElseThrow().layout()).isEqualTo(StoredLayout.TRANSPOSED);
        assertThat(w.shape()).containsExactly(144, 3);
        for (int in = 0; in < 144; in++) {
            for (int out = 0; out < 3; out++) {
                assertThat(w.values()[in * 3 + out]).isEqualTo(stored[out * 144 + in]);
            }
        }
    }

    @Test
    void aDepthwiseKernelIsReadAsKernelRowsColumnsChannelsMultiplier() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("mobilenet_block.onnx");
        ParamBinding binding = network.binding("/block/depthwise/Conv", "W").orElseThrow();
        float[] stored = network.model().floats(binding.tensor()); // [32, 1, 3, 3]

        ParamValues w = new OnnxWeights(network).get("/block/depthwise/Conv", "W");

        assertThat(binding.layout()).isEqualTo(StoredLayout.DEPTHWISE);
        assertThat(w.shape()).containsExactly(3, 3, 32, 1);
        for (int h = 0; h < 3; h++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 32; c++) {
                    assertThat(w.values()[(h * 3 + x) * 32 + c]).isEqualTo(stored[(c * 3 + h) * 3 + x]);
                }
            }
        }
    }

    @Test
    void valuesStoredAsTheGraphReportsThemComeAsStoredAndEachReadIsACopy() throws Exception {
        OnnxNetwork network = OnnxGraphReaderTest.network("fashion_cnn.onnx");
        OnnxWeights weights = new OnnxWeights(network);
        float[] stored = network.storedValues("/bn2/BatchNormalization", "gamma");

        ParamValues gamma = weights.get("/bn2/BatchNormalization", "gamma");
        gamma.values()[0] = 1234;

        assertThat(weights.get("/bn2/BatchNormalization", "gamma").shape()).containsExactly(16);
        assertThat(weights.get("/bn2/BatchNormalization", "gamma").values())
                .containsExactly(java.util.Arrays.copyOf(stored, 16));
    }
}
