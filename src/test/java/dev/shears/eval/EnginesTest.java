package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.data.Examples;
import dev.shears.data.RandomInputs;
import dev.shears.engine.Dl4jEngine;
import dev.shears.engine.InferenceEngine;
import dev.shears.engine.OrtEngine;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.TensorShape;
import dev.shears.onnx.convert.ConversionException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** Which engine evaluates a network: ONNX Runtime when it converts, DL4J otherwise or when asked. */
class EnginesTest {
    private static final Examples CHECK = new RandomInputs(TensorShape.of(784), 16)
            .read(java.util.stream.IntStream.range(0, 16).toArray());

    @AfterEach
    void backToAutomatic() {
        Engines.prefer(Engines.Choice.AUTO);
    }

    @Test
    void aSampleThatConvertsRunsInOnnxRuntimeAndGivesDl4jsOutputs() throws Exception {
        LoadedModel lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-5"));
        try (InferenceEngine engine = Engines.open(lenet.network(), CHECK);
             Dl4jEngine dl4j = new Dl4jEngine(lenet.network())) {
            assertThat(engine).isInstanceOf(OrtEngine.class);
            assertThat(engine.displayName()).isEqualTo("ONNX Runtime");
            float[] ort = engine.run(CHECK).values();
            float[] reference = dl4j.run(CHECK).values();
            for (int i = 0; i < ort.length; i++) {
                assertThat(Math.abs(ort[i] - reference[i])).isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    @Test
    void aLayerTheConverterRefusesFallsBackToDl4jUnlessOnnxRuntimeIsDemanded() throws Exception {
        MultiLayerNetwork pnorm = pnormNetwork();

        try (InferenceEngine engine = Engines.open(pnorm, CHECK)) {
            assertThat(engine.displayName()).isEqualTo("DL4J");
        }
        Engines.prefer(Engines.Choice.ORT);
        assertThatThrownBy(() -> Engines.open(pnorm, CHECK)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("'pool'");
    }

    @Test
    void dl4jIsUsedWhenTheUserAsksForIt() throws Exception {
        Engines.prefer(Engines.Choice.parse("dl4j"));
        LoadedModel lenet = ModelLoader.load(SampleLocations.sampleModel("lenet-300-100"));
        try (InferenceEngine engine = Engines.open(lenet.network(), CHECK)) {
            assertThat(engine).isInstanceOf(Dl4jEngine.class);
        }
        assertThatThrownBy(() -> Engines.Choice.parse("tpu")).hasMessage("'tpu' is not an engine: ort, dl4j or auto");
    }

    private static MultiLayerNetwork pnormNetwork() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.PNORM).name("pool").pnorm(2).kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new OutputLayer.Builder().name("output").nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        network.init();
        return network;
    }
}
