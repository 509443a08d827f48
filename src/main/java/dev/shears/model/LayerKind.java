package dev.shears.model;

/** What a node of the network graph does, in the terms the UI and the pruning engine use. */
public enum LayerKind {
    INPUT("Input"),
    DENSE("Dense"),
    OUTPUT("Output"),
    CONVOLUTION("Conv2D"),
    DEPTHWISE_CONVOLUTION("DepthwiseConv2D"),
    SEPARABLE_CONVOLUTION("SeparableConv2D"),
    BATCH_NORMALIZATION("BatchNorm"),
    ACTIVATION("Activation"),
    POOLING("Pooling"),
    GLOBAL_POOLING("GlobalPooling"),
    DROPOUT("Dropout"),
    PREPROCESSOR("Preprocessor"),
    ELEMENT_WISE("ElementWise"),
    MERGE("Merge"),
    OTHER_LAYER("Layer"),
    OTHER_VERTEX("Vertex");

    private final String displayName;

    LayerKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
