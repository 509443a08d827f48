package dev.shears.io;

import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * DL4J model files do not record the network's input type, so it is recovered from the layers. The
 * first layer fixes it when it is a FeedForwardToCnn preprocessor (the exact image size), a dense or
 * recurrent layer (nIn). A conv layer fed directly gives the channel count; the image size is then
 * what the later layers accept ({@link InputSizes}: a dense layer's nIn after a flatten, a
 * flattening preprocessor's recorded height and width): exact when they accept one size only. When
 * they accept several — a global pooling accepts any — the size is a guess, flagged as assumed:
 * the first common size the layers take (224 for colour images, as ImageNet models; 28 for one
 * channel, as MNIST), else the accepted size nearest to it.
 */
record InputTypeGuess(InputType type, boolean assumed) {
    static final InputTypeGuess UNKNOWN = new InputTypeGuess(null, false);

    /** Common square sides, most common first: what an image model was most likely trained on. */
    private static final List<Integer> COLOUR_SIDES = List.of(224, 227, 299, 256, 160, 96, 128, 64, 32);
    private static final List<Integer> GREY_SIDES = List.of(28, 32, 64, 96, 128, 224);

    static InputTypeGuess forFirstLayer(InputPreProcessor preprocessor, Layer layer, Supplier<InputSizes> sizes) {
        if (preprocessor instanceof FeedForwardToCnnPreProcessor ff) {
            return new InputTypeGuess(InputType.convolutionalFlat(ff.getInputHeight(), ff.getInputWidth(),
                    ff.getNumChannels()), false);
        }
        if (preprocessor != null) {
            return UNKNOWN;
        }
        if (layer instanceof ConvolutionLayer conv && conv.getNIn() > 0) {
            // a Keras import saved as a DL4J zip keeps its channels-last convs
            return images(conv.getNIn(), conv.getCnn2dDataFormat(), sizes.get());
        }
        if (layer instanceof BaseRecurrentLayer rnn && rnn.getNIn() > 0) {
            return new InputTypeGuess(InputType.recurrent(rnn.getNIn()), false);
        }
        if (layer instanceof FeedForwardLayer ff && ff.getNIn() > 0) {
            return new InputTypeGuess(InputType.feedForward(ff.getNIn()), false);
        }
        return UNKNOWN;
    }

    /** Square images of {@code channels}: the one size the layers take, or a flagged guess. */
    static InputTypeGuess images(long channels, CNN2DFormat format, InputSizes sizes) {
        List<Integer> common = channels == 1 ? GREY_SIDES : COLOUR_SIDES;
        if (!sizes.singleInput()) {
            return new InputTypeGuess(InputSizes.square(common.get(0), channels, format), true);
        }
        InputSizes.Sides sides = sizes.sides(channels, format);
        if (!sides.unbounded() && sides.accepted().size() == 1) {
            return new InputTypeGuess(InputSizes.square(sides.accepted().get(0), channels, format), false);
        }
        return new InputTypeGuess(InputSizes.square(guessSide(channels, format, sizes, sides, common), channels,
                format), true);
    }

    private static int guessSide(long channels, CNN2DFormat format, InputSizes sizes, InputSizes.Sides sides,
                                 List<Integer> common) {
        int preferred = common.get(0);
        if (sides.unbounded()) {
            for (int side : common) {
                if (sizes.problem(InputSizes.square(side, channels, format)).isEmpty()) {
                    return side;
                }
            }
            return sizes.smallestSide(preferred, channels, format).orElse(preferred);
        }
        for (int side : common) {
            if (sides.accepted().contains(side)) {
                return side;
            }
        }
        return sides.accepted().stream().min((x, y) -> Integer.compare(Math.abs(x - preferred),
                Math.abs(y - preferred))).orElse(preferred);
    }
}
