package dev.shears.model;

import java.util.Optional;

/**
 * What one example fed to a network looks like: its tensor shape (no batch axis), and when the
 * network takes images, their geometry — which a data source needs to decode, resize and lay out
 * images as the network expects. {@code assumed}: the file did not record the size and it was guessed.
 */
public record ModelInput(TensorShape shape, Optional<ImageGeometry> image, boolean assumed) {
    public static final ModelInput UNKNOWN = new ModelInput(TensorShape.UNKNOWN, Optional.empty(), false);

    public ModelInput {
        if (image.isPresent() && !image.get().shape().equals(shape)) {
            throw new IllegalArgumentException("image geometry " + image.get() + " does not give shape " + shape);
        }
    }

    public static ModelInput features(TensorShape shape, boolean assumed) {
        return new ModelInput(shape, Optional.empty(), assumed);
    }

    public static ModelInput images(ImageGeometry geometry, boolean assumed) {
        return new ModelInput(geometry.shape(), Optional.of(geometry), assumed);
    }

    public boolean isKnown() {
        return shape.isKnown();
    }
}
