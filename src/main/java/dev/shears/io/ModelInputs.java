package dev.shears.io;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/** A DL4J input type as Shears' {@link ModelInput}: images keep their geometry and layout. */
final class ModelInputs {
    private ModelInputs() {
    }

    static ModelInput of(InputTypeGuess guess) {
        InputType type = guess.type();
        if (type == null) {
            return ModelInput.UNKNOWN;
        }
        if (type instanceof InputType.InputTypeConvolutionalFlat flat) {
            return ModelInput.images(new ImageGeometry(Math.toIntExact(flat.getDepth()),
                    Math.toIntExact(flat.getHeight()), Math.toIntExact(flat.getWidth()), ImageLayout.FLAT_CHW),
                    guess.assumed());
        }
        if (type instanceof InputType.InputTypeConvolutional conv) {
            ImageLayout layout = conv.getFormat() == CNN2DFormat.NHWC ? ImageLayout.HWC : ImageLayout.CHW;
            return ModelInput.images(new ImageGeometry(Math.toIntExact(conv.getChannels()),
                    Math.toIntExact(conv.getHeight()), Math.toIntExact(conv.getWidth()), layout), guess.assumed());
        }
        return ModelInput.features(ShapePropagation.shapeOf(type), guess.assumed());
    }
}
