package dev.shears.onnx.convert;

/** A network Shears cannot turn into an equal ONNX model; the message is one sentence for the user. */
public final class ConversionException extends Exception {
    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The one refusal sentence for a layer, vertex or preprocessor without a converter. */
    static ConversionException unsupported(String name, String type) {
        return new ConversionException("Shears cannot convert layer '" + name + "' (" + type + ") to ONNX yet.");
    }

    /** A supported layer type in a configuration Shears does not convert, with the reason. */
    static ConversionException unsupported(String name, String type, String reason) {
        return new ConversionException("Shears cannot convert layer '" + name + "' (" + type + ") to ONNX: "
                + reason + ".");
    }
}
