package dev.shears.onnx.convert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.model.TensorShape;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Networks Shears cannot convert are refused with one sentence naming the layer and its type. */
class UnsupportedLayerConversionTest {
    @Test
    void lstmIsRefusedByName() {
        MultiLayerNetwork net = init(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new LSTM.Builder().name("lstm1").nOut(8).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(5, 4)).build());

        assertThatThrownBy(() -> Dl4jToOnnx.convert(net, TensorShape.of(5, 4), 1))
                .isInstanceOf(ConversionException.class)
                .hasMessage("Shears cannot convert layer 'lstm1' (LSTM) to ONNX yet.");
    }

    /** Deconvolution2D extends ConvolutionLayer but computes a transposed convolution. */
    @Test
    void subclassOfASupportedLayerIsRefused() {
        MultiLayerNetwork net = init(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new Deconvolution2D.Builder(2, 2).name("up").nOut(2).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build());

        assertThatThrownBy(() -> Dl4jToOnnx.convert(net, TensorShape.of(1, 4, 4), 1))
                .isInstanceOf(ConversionException.class)
                .hasMessage("Shears cannot convert layer 'up' (Deconvolution2D) to ONNX yet.");
    }

    @Test
    void nhwcConvolutionIsRefusedWithTheReason() {
        MultiLayerNetwork net = init(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(2).dataFormat(CNN2DFormat.NHWC).build())
                .setInputType(InputType.convolutional(5, 5, 1, CNN2DFormat.NHWC)).build());

        assertThatThrownBy(() -> Dl4jToOnnx.convert(net, TensorShape.of(5, 5, 1), 1))
                .isInstanceOf(ConversionException.class)
                .hasMessage("Shears cannot convert layer 'conv' (ConvolutionLayer) to ONNX: it uses the NHWC data"
                        + " format, and only NCHW is supported.");
    }

    @Test
    void pnormPoolingIsRefusedWithTheReason() {
        MultiLayerNetwork net = init(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new SubsamplingLayer.Builder(PoolingType.PNORM).name("pnorm").pnorm(2).kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new OutputLayer.Builder().name("out").nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build());

        assertThatThrownBy(() -> Dl4jToOnnx.convert(net, TensorShape.of(1, 4, 4), 1))
                .isInstanceOf(ConversionException.class)
                .hasMessage("Shears cannot convert layer 'pnorm' (SubsamplingLayer) to ONNX: PNORM pooling is not"
                        + " supported.");
    }

    private static MultiLayerNetwork init(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
