package dev.shears.io;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * DL4J model files do not record the network's input type, so it is recovered from the first
 * layer: a FeedForwardToCnn preprocessor gives the exact image size, a dense layer its nIn. A conv
 * layer fed directly gives only the channel count; the spatial size is then assumed (28×28 for one
 * channel as in Fashion-MNIST, 224×224 otherwise as in ImageNet models) and flagged as assumed.
 */
record InputTypeGuess(InputType type, boolean assumed) {
    static final InputTypeGuess UNKNOWN = new InputTypeGuess(null, false);

    static InputTypeGuess forFirstLayer(InputPreProcessor preprocessor, Layer layer) {
        if (preprocessor instanceof FeedForwardToCnnPreProcessor ff) {
            return new InputTypeGuess(InputType.convolutionalFlat(ff.getInputHeight(), ff.getInputWidth(),
                    ff.getNumChannels()), false);
        }
        if (preprocessor != null) {
            return UNKNOWN;
        }
        if (layer instanceof ConvolutionLayer conv && conv.getNIn() > 0) {
            long side = conv.getNIn() == 1 ? 28 : 224;
            // a Keras import saved as a DL4J zip keeps its channels-last convs
            return new InputTypeGuess(InputType.convolutional(side, side, conv.getNIn(), conv.getCnn2dDataFormat()),
                    true);
        }
        if (layer instanceof BaseRecurrentLayer rnn && rnn.getNIn() > 0) {
            return new InputTypeGuess(InputType.recurrent(rnn.getNIn()), false);
        }
        if (layer instanceof FeedForwardLayer ff && ff.getNIn() > 0) {
            return new InputTypeGuess(InputType.feedForward(ff.getNIn()), false);
        }
        return UNKNOWN;
    }
}
