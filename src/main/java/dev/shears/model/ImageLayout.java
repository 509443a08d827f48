package dev.shears.model;

/**
 * How one image sits in a network's input tensor (without the batch axis). DL4J's default and
 * PyTorch exports take channels first; Keras and tf2onnx exports take channels last; DL4J's
 * {@code convolutionalFlat} input takes the channels-first image flattened to one vector.
 */
public enum ImageLayout {
    /** [channels, height, width] */
    CHW,
    /** [height, width, channels] */
    HWC,
    /** [channels · height · width], index c·H·W + h·W + w */
    FLAT_CHW;

    /** The per-example tensor shape of an image of this geometry in this layout. */
    public TensorShape shape(int channels, int height, int width) {
        return switch (this) {
            case CHW -> TensorShape.of(channels, height, width);
            case HWC -> TensorShape.of(height, width, channels);
            case FLAT_CHW -> TensorShape.of((long) channels * height * width);
        };
    }
}
