package dev.shears.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.analysis.MacCounter;
import dev.shears.model.LayerKind;
import dev.shears.model.LayerNode;
import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A DL4J zip's outline read from its {@code configuration.json} as a plain JSON tree, before DL4J's own
 * configuration classes parse it: at start the window shows the model's layers without waiting for that
 * parse (about a second of CPU with its class loading and compiling, decision 0031). Knows the
 * MultiLayerNetworks most image and feature models are: an input reshaped to images or a dense first
 * layer, then 2D convolutions (plain, depthwise, separable; NCHW; modes Truncate, Same and Strict), pooling, batch normalisation,
 * activation, dense and output layers with the activations and losses below, and the two flattening
 * preprocessors. Anything else — a graph, another layer, activation or field, a value of an unexpected
 * JSON type — gives no outline here, and the outline then comes from DL4J's parse
 * ({@link NetworkGraphReader#outline}). Equal to that outline wherever both exist (ConfigurationOutlineTest).
 */
final class ConfigurationOutline {
    private static final String LAYERS = "org.deeplearning4j.nn.conf.layers.";
    private static final String PREPROCESSORS = "org.deeplearning4j.nn.conf.preprocessor.";
    /** Activations without parameters, as their toString names them. */
    private static final Map<String, String> ACTIVATIONS = Map.of(
            "ActivationReLU", "relu", "ActivationIdentity", "identity", "ActivationSoftmax", "softmax",
            "ActivationSigmoid", "sigmoid", "ActivationTanH", "tanh", "ActivationReLU6", "relu6",
            "ActivationSwish", "swish", "ActivationHardSigmoid", "hardsigmoid", "ActivationSoftPlus", "softplus");
    private static final List<String> LOSSES = List.of("LossMCXENT", "LossNegativeLogLikelihood", "LossMSE",
            "LossBinaryXENT");

    private ConfigurationOutline() {
    }

    /** A configuration this reader does not know (the outline then comes from DL4J's parse). */
    private static final class NotKnown extends RuntimeException {
        NotKnown() {
            super(null, null, false, false);
        }
    }

    /** The outline of the configuration's JSON tree, or empty when it holds anything not known here. */
    static Optional<NetworkGraph> of(JsonNode configuration) {
        try {
            return Optional.of(read(configuration));
        } catch (NotKnown | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static NetworkGraph read(JsonNode root) {
        if (!root.isObject() || root.has("vertices")) {
            throw new NotKnown();
        }
        JsonNode confs = root.get("confs");
        if (confs == null || !confs.isArray() || confs.isEmpty()) {
            throw new NotKnown();
        }
        JsonNode preprocessors = root.get("inputPreProcessors");
        if (preprocessors != null && !preprocessors.isNull() && !preprocessors.isObject()) {
            throw new NotKnown();
        }
        InputType inputType = inputType(preprocessor(preprocessors, 0), layer(confs.get(0)));
        ModelInput input = ModelInputs.of(new InputTypeGuess(inputType, false));
        List<LayerNode> nodes = new ArrayList<>();
        TensorShape inputShape = input.isKnown() ? input.shape() : ShapePropagation.shapeOf(inputType);
        nodes.add(new LayerNode("input", LayerKind.INPUT, "Input", inputType.toString(), List.of(), inputShape,
                inputShape, List.of(), 0));
        String previous = "input";
        InputType current = inputType;
        for (int i = 0; i < confs.size(); i++) {
            JsonNode layer = layer(confs.get(i));
            String name = text(layer, "layerName", "layer" + i);
            JsonNode preprocessor = preprocessor(preprocessors, i);
            if (preprocessor != null) {
                InputType out = preprocess(preprocessor, current);
                String ppName = name + "/preprocessor";
                nodes.add(new LayerNode(ppName, LayerKind.PREPROCESSOR, simpleName(preprocessor),
                        describePreprocessor(preprocessor), List.of(previous), ShapePropagation.shapeOf(current),
                        ShapePropagation.shapeOf(out), List.of(), 0));
                previous = ppName;
                current = out;
            }
            LayerNode node = layerNode(name, layer, previous, current);
            nodes.add(node);
            previous = name;
            current = node.outputShape().rank() == 1 ? InputType.feedForward(node.outputShape().dim(0))
                    : InputType.convolutional(node.outputShape().dim(1), node.outputShape().dim(2),
                    node.outputShape().dim(0));
        }
        return new NetworkGraph("MultiLayerNetwork", nodes, List.of(previous), false, input);
    }

    private static JsonNode layer(JsonNode conf) {
        JsonNode layer = conf == null ? null : conf.get("layer");
        if (layer == null || !layer.isObject()) {
            throw new NotKnown();
        }
        return layer;
    }

    private static JsonNode preprocessor(JsonNode preprocessors, int index) {
        if (preprocessors == null || preprocessors.isNull()) {
            return null;
        }
        JsonNode p = preprocessors.get(Integer.toString(index));
        if (p != null && !p.isObject()) {
            throw new NotKnown();
        }
        return p;
    }

    /** What the first layer takes: images reshaped from a flat vector, or a dense layer's features. */
    private static InputType inputType(JsonNode preprocessor, JsonNode firstLayer) {
        if (preprocessor != null) {
            if (!className(preprocessor).equals(PREPROCESSORS + "FeedForwardToCnnPreProcessor")) {
                throw new NotKnown();
            }
            return InputType.convolutionalFlat(positive(preprocessor, "inputHeight"),
                    positive(preprocessor, "inputWidth"), positive(preprocessor, "numChannels"));
        }
        String type = className(firstLayer);
        if (type.equals(LAYERS + "DenseLayer") || type.equals(LAYERS + "OutputLayer")) {
            return InputType.feedForward(positive(firstLayer, "nin"));
        }
        throw new NotKnown();
    }

    private static InputType preprocess(JsonNode preprocessor, InputType in) {
        String type = className(preprocessor);
        long channels = positive(preprocessor, "numChannels");
        long height = positive(preprocessor, "inputHeight");
        long width = positive(preprocessor, "inputWidth");
        if (type.equals(PREPROCESSORS + "FeedForwardToCnnPreProcessor")) {
            long size = in instanceof InputType.InputTypeConvolutionalFlat flat ? flat.getFlattenedSize()
                    : in instanceof InputType.InputTypeFeedForward ff ? ff.getSize() : -1;
            if (size != Math.multiplyExact(Math.multiplyExact(channels, height), width)) {
                throw new NotKnown();
            }
            return InputType.convolutional(height, width, channels);
        }
        if (type.equals(PREPROCESSORS + "CnnToFeedForwardPreProcessor") && nchw(preprocessor, "format")
                && in instanceof InputType.InputTypeConvolutional c && c.getChannels() == channels
                && c.getHeight() == height && c.getWidth() == width) {
            return InputType.feedForward(Math.multiplyExact(Math.multiplyExact(channels, height), width));
        }
        throw new NotKnown();
    }

    private static String describePreprocessor(JsonNode preprocessor) {
        long channels = positive(preprocessor, "numChannels");
        long height = positive(preprocessor, "inputHeight");
        long width = positive(preprocessor, "inputWidth");
        return className(preprocessor).endsWith("CnnToFeedForwardPreProcessor")
                ? "flatten " + channels + "x" + height + "x" + width + " (index c·H·W + h·W + w)"
                : "reshape to " + channels + "x" + height + "x" + width;
    }

    private static LayerNode layerNode(String name, JsonNode layer, String input, InputType in) {
        String type = className(layer);
        if (!type.startsWith(LAYERS)) {
            throw new NotKnown();
        }
        String simpleName = type.substring(LAYERS.length());
        LayerKind kind;
        TensorShape out;
        List<ParamTensor> params = new ArrayList<>();
        StringBuilder description = new StringBuilder();
        switch (simpleName) {
            case "DenseLayer", "OutputLayer" -> {
                long nIn = positive(layer, "nin");
                long nOut = positive(layer, "nout");
                boolean dense = simpleName.equals("DenseLayer");
                if (!(in instanceof InputType.InputTypeFeedForward ff) || ff.getSize() != nIn
                        || (dense && bool(layer, "hasLayerNorm"))) {
                    throw new NotKnown();
                }
                kind = dense ? LayerKind.DENSE : LayerKind.OUTPUT;
                out = TensorShape.of(nOut);
                params.add(ParamShapes.tensor("W", nIn, nOut));
                if (bool(layer, "hasBias")) {
                    params.add(ParamShapes.tensor("b", nOut));
                }
                description.append(activation(layer));
                if (!dense) {
                    description.append(", loss ").append(loss(layer));
                }
            }
            case "ConvolutionLayer", "DepthwiseConvolution2D", "SeparableConvolution2D" -> {
                long nIn = positive(layer, "nin");
                long nOut = positive(layer, "nout");
                InputType.InputTypeConvolutional image = images(in, nIn);
                if (!nchw(layer, "cnn2dDataFormat")) {
                    throw new NotKnown();
                }
                int[] kernel = pair(layer, "kernelSize");
                int[] stride = pair(layer, "stride");
                String mode = text(layer, "convolutionMode", null);
                boolean hasBias = bool(layer, "hasBias");
                switch (simpleName) {
                    case "DepthwiseConvolution2D" -> {
                        long multiplier = positive(layer, "depthMultiplier");
                        if (nOut != nIn * multiplier) {
                            throw new NotKnown();
                        }
                        kind = LayerKind.DEPTHWISE_CONVOLUTION;
                        params.addAll(ParamShapes.depthwise(nIn, multiplier, kernel, hasBias));
                    }
                    case "SeparableConvolution2D" -> {
                        kind = LayerKind.SEPARABLE_CONVOLUTION;
                        params.addAll(ParamShapes.separable(nIn, nOut, positive(layer, "depthMultiplier"), kernel,
                                hasBias));
                    }
                    default -> {
                        kind = LayerKind.CONVOLUTION;
                        // DL4J's convolution initialiser puts the bias first
                        if (hasBias) {
                            params.add(ParamShapes.tensor("b", nOut));
                        }
                        params.add(ParamShapes.tensor("W", nOut, nIn, kernel[0], kernel[1]));
                    }
                }
                out = TensorShape.of(nOut, side(image.getHeight(), kernel[0], stride[0], pair(layer, "padding")[0],
                        pair(layer, "dilation")[0], mode), side(image.getWidth(), kernel[1], stride[1],
                        pair(layer, "padding")[1], pair(layer, "dilation")[1], mode));
                description.append(kernel[0]).append('x').append(kernel[1]).append(" stride ").append(stride[0])
                        .append('x').append(stride[1]).append(", ").append(mode).append(", ").append(activation(layer));
            }
            case "SubsamplingLayer" -> {
                InputType.InputTypeConvolutional image = images(in, -1);
                String pooling = text(layer, "poolingType", null);
                if (!nchw(layer, "cnn2dDataFormat") || !(pooling.equals("MAX") || pooling.equals("AVG"))) {
                    throw new NotKnown();
                }
                int[] kernel = pair(layer, "kernelSize");
                int[] stride = pair(layer, "stride");
                String mode = text(layer, "convolutionMode", null);
                kind = LayerKind.POOLING;
                out = TensorShape.of(image.getChannels(), side(image.getHeight(), kernel[0], stride[0],
                        pair(layer, "padding")[0], pair(layer, "dilation")[0], mode), side(image.getWidth(),
                        kernel[1], stride[1], pair(layer, "padding")[1], pair(layer, "dilation")[1], mode));
                description.append(pooling).append(' ').append(kernel[0]).append('x').append(kernel[1])
                        .append(" stride ").append(stride[0]).append('x').append(stride[1]);
            }
            case "BatchNormalization" -> {
                long n = positive(layer, "nout");
                InputType.InputTypeConvolutional image = images(in, n);
                if (!nchw(layer, "cnn2DFormat") || positive(layer, "nin") != n) {
                    throw new NotKnown();
                }
                kind = LayerKind.BATCH_NORMALIZATION;
                out = ShapePropagation.shapeOf(image);
                boolean logStd = bool(layer, "useLogStd");
                if (!bool(layer, "lockGammaBeta")) {
                    params.add(ParamShapes.tensor("gamma", n));
                    params.add(ParamShapes.tensor("beta", n));
                }
                params.add(ParamShapes.tensor("mean", n));
                params.add(ParamShapes.tensor(logStd ? "log10stdev" : "var", n));
                JsonNode eps = layer.get("eps");
                if (eps == null || !eps.isNumber()) {
                    throw new NotKnown();
                }
                description.append("eps ").append(eps.asDouble()).append(logStd ? ", log10 std" : ", variance");
            }
            case "ActivationLayer" -> {
                kind = LayerKind.ACTIVATION;
                out = ShapePropagation.shapeOf(in);
                if (!out.isKnown()) {
                    throw new NotKnown();
                }
                description.append(activation(layer));
            }
            default -> throw new NotKnown();
        }
        return new LayerNode(name, kind, simpleName, description.toString(), List.of(input),
                ShapePropagation.shapeOf(in), out, params, MacCounter.macs(kind, out, params));
    }

    /** Images of {@code channels} (any when negative) in NCHW, else not known. */
    private static InputType.InputTypeConvolutional images(InputType in, long channels) {
        if (in instanceof InputType.InputTypeConvolutional c && (channels < 0 || c.getChannels() == channels)
                && c.getFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            return c;
        }
        throw new NotKnown();
    }

    /** One output side of a convolution or pooling, as DL4J's modes compute it; not known when DL4J refuses it. */
    static long side(long in, int kernel, int stride, int padding, int dilation, String mode) {
        long effective = kernel + (long) (kernel - 1) * (dilation - 1);
        return switch (mode) {
            case "Same" -> (in + stride - 1) / stride;
            case "Truncate", "Strict" -> {
                long span = in + 2L * padding - effective;
                if (span < 0 || (mode.equals("Strict") && span % stride != 0)) {
                    throw new NotKnown();
                }
                yield span / stride + 1;
            }
            default -> throw new NotKnown();
        };
    }

    private static String activation(JsonNode layer) {
        JsonNode fn = layer.get("activationFn");
        if (fn == null || !fn.isObject()) {
            throw new NotKnown();
        }
        String type = className(fn);
        String name = type.startsWith("org.nd4j.linalg.activations.impl.")
                ? ACTIVATIONS.get(type.substring("org.nd4j.linalg.activations.impl.".length())) : null;
        // ReLU's optional maximum, threshold and slope make it another function
        var fields = fn.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getKey().equals("@class") && !field.getValue().isNull()) {
                throw new NotKnown();
            }
        }
        if (name == null) {
            throw new NotKnown();
        }
        return name;
    }

    private static String loss(JsonNode layer) {
        JsonNode fn = layer.get("lossFn");
        if (fn == null || !fn.isObject()) {
            throw new NotKnown();
        }
        String type = className(fn);
        String name = type.substring(type.lastIndexOf('.') + 1);
        JsonNode weights = fn.get("weights");
        if (!type.equals("org.nd4j.linalg.lossfunctions.impl." + name) || !LOSSES.contains(name)
                || (weights != null && !weights.isNull())) {
            throw new NotKnown();
        }
        return name + "()";
    }

    private static String className(JsonNode node) {
        JsonNode type = node.get("@class");
        if (type == null || !type.isTextual()) {
            throw new NotKnown();
        }
        return type.textValue();
    }

    private static String simpleName(JsonNode node) {
        String type = className(node);
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** A text field, or {@code absent} when missing or null (an absent required text is not known). */
    private static String text(JsonNode node, String field, String absent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (absent == null) {
                throw new NotKnown();
            }
            return absent;
        }
        if (!value.isTextual()) {
            throw new NotKnown();
        }
        return value.textValue();
    }

    private static boolean nchw(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || (value.isTextual() && value.textValue().equals("NCHW"));
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new NotKnown();
        }
        return value.booleanValue();
    }

    private static long positive(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw new NotKnown();
        }
        return value.intValue();
    }

    private static int[] pair(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.size() != 2) {
            throw new NotKnown();
        }
        int[] pair = new int[2];
        for (int i = 0; i < 2; i++) {
            JsonNode v = value.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < (field.equals("padding") ? 0 : 1)) {
                throw new NotKnown();
            }
            pair[i] = v.intValue();
        }
        return pair;
    }
}
