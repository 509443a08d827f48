package dev.shears.model;

/** The images a network takes: their channels (1 grey, 3 RGB), size and layout in the input tensor. */
public record ImageGeometry(int channels, int height, int width, ImageLayout layout) {
    public ImageGeometry {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("an image has positive channels, height and width, got "
                    + channels + "x" + height + "x" + width);
        }
    }

    public TensorShape shape() {
        return layout.shape(channels, height, width);
    }

    /** "28×28 grey" or "32×32 RGB"; other channel counts by number. */
    public String describe() {
        String colour = channels == 1 ? "grey" : channels == 3 ? "RGB" : channels + "-channel";
        return height + "×" + width + " " + colour;
    }
}
