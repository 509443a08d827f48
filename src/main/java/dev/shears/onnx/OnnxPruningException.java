package dev.shears.onnx;

/**
 * A plan that Shears refuses to carry out on an ONNX model, e.g. because a weight tensor is shared by
 * layers the plan would cut differently. The message is one sentence for the user.
 */
public final class OnnxPruningException extends Exception {
    public OnnxPruningException(String sentence) {
        super(sentence);
    }
}
