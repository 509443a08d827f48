package dev.shears.io;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/** DL4J input types and Shears' {@link ModelInput}, both ways: images keep their geometry and layout. */
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

    /** The DL4J input type of a known input; empty for an unknown one or an unusual feature shape. */
    static Optional<InputType> inputType(ModelInput input) {
        if (input.image().isPresent()) {
            ImageGeometry g = input.image().get();
            return Optional.of(switch (g.layout()) {
                case CHW -> InputType.convolutional(g.height(), g.width(), g.channels(), CNN2DFormat.NCHW);
                case HWC -> InputType.convolutional(g.height(), g.width(), g.channels(), CNN2DFormat.NHWC);
                case FLAT_CHW -> InputType.convolutionalFlat(g.height(), g.width(), g.channels());
            });
        }
        TensorShape shape = input.shape();
        return shape.isKnown() && shape.rank() == 1 ? Optional.of(InputType.feedForward(shape.dim(0)))
                : Optional.empty();
    }
}
