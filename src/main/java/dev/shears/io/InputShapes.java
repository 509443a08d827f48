package dev.shears.io;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.util.Arrays;
import java.util.Optional;

/**
 * The input size as a user gives it — channels, height, width for images ({@code 3,224,224}),
 * whatever layout the network keeps them in; the length of a feature vector — for models whose
 * file does not record it.
 */
public final class InputShapes {
    private InputShapes() {
    }

    /**
     * "3,224,224" (or "3×224×224", "3 224 224") as a shape.
     *
     * @throws IllegalArgumentException with a sentence when the text is not one to three positive whole numbers
     */
    public static TensorShape parse(String text) {
        String[] parts = text.trim().split("\\s*[,x×\\s]\\s*");
        if (text.isBlank() || parts.length > 3) {
            throw new IllegalArgumentException("give the input size as C,H,W (channels, height, width), e.g. "
                    + "3,224,224, not '" + text + "'");
        }
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] <= 0 || dims[i] > 100_000) {
                throw new IllegalArgumentException("the input size takes positive whole numbers as C,H,W (channels,"
                        + " height, width), e.g. 3,224,224, not '" + text + "'");
            }
        }
        return TensorShape.of(dims);
    }

    /** "3,224,224". */
    public static String format(TensorShape shape) {
        return String.join(",", Arrays.stream(shape.dims()).mapToObj(Long::toString).toList());
    }

    /** The input as a user gives it: C,H,W for images in any layout, else the tensor shape. */
    public static TensorShape asTyped(ModelInput input) {
        return input.image().map(g -> TensorShape.of(g.channels(), g.height(), g.width())).orElse(input.shape());
    }

    /**
     * The input a user's answer describes, in the layout of what was read (a channels-last network
     * stays channels last): {@code typed} is C,H,W for images, the length for feature vectors.
     *
     * @throws IllegalArgumentException with a sentence when the answer has the wrong number of dimensions
     */
    static ModelInput answered(ModelInput read, TensorShape typed) {
        Optional<ImageGeometry> image = read.image();
        boolean images = image.isPresent() || (!read.isKnown() && typed.rank() == 3);
        if (images) {
            if (typed.rank() != 3) {
                throw new IllegalArgumentException("the model takes images: give C,H,W (channels, height, width),"
                        + " not " + format(typed));
            }
            return ModelInput.images(new ImageGeometry(Math.toIntExact(typed.dim(0)), Math.toIntExact(typed.dim(1)),
                    Math.toIntExact(typed.dim(2)), image.map(ImageGeometry::layout)
                    .orElse(dev.shears.model.ImageLayout.CHW)), false);
        }
        if (read.isKnown() && typed.rank() != read.shape().rank()) {
            throw new IllegalArgumentException("the model takes inputs of shape " + format(read.shape())
                    + ", not " + format(typed));
        }
        return ModelInput.features(typed, false);
    }
}
