package dev.shears.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Which image sizes a DL4J network's layers accept, from its configuration alone (no parameters,
 * no arrays): an input type is pushed through every layer and checked where a layer records a size
 * — a dense layer's nIn, a flattening preprocessor's height, width and channels, any layer's channel
 * count. DL4J 1.0.0-M2.1 configurations do not record the network's input type, so these are all a
 * file says about it. A network whose layers accept arbitrarily large images (convolutions and a
 * global pooling) does not fix its input size.
 */
final class InputSizes {
    /** Sides probed to decide whether the layers bound the size at all. */
    static final int UNBOUNDED_PROBE = 4096;
    /** Largest side searched for sizes the layers fix. */
    static final int LARGEST_SIDE = UNBOUNDED_PROBE - 1;

    private record Step(String name, List<String> inputs, InputPreProcessor preprocessor, Layer layer,
                        GraphVertex vertex, int index) {
    }

    private final String firstInput;
    private final List<String> networkInputs;
    private final List<Step> steps;

    private InputSizes(List<String> networkInputs, List<Step> steps) {
        this.networkInputs = List.copyOf(networkInputs);
        this.firstInput = networkInputs.isEmpty() ? null : networkInputs.get(0);
        this.steps = List.copyOf(steps);
    }

    static InputSizes of(Model network) {
        if (network instanceof MultiLayerNetwork mln) {
            return of(mln.getLayerWiseConfigurations());
        }
        return of(((ComputationGraph) network).getConfiguration());
    }

    static InputSizes of(MultiLayerConfiguration conf) {
        List<Step> steps = new ArrayList<>();
        String previous = "input";
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            String name = layer.getLayerName() != null ? layer.getLayerName() : "layer" + i;
            steps.add(new Step(name, List.of(previous), conf.getInputPreProcess(i), layer, null, i));
            previous = name;
        }
        return new InputSizes(List.of("input"), steps);
    }

    static InputSizes of(ComputationGraphConfiguration conf) {
        List<Step> steps = new ArrayList<>();
        int layerIndex = 0;
        for (String name : NetworkGraphReader.topologicalOrder(conf)) {
            GraphVertex vertex = conf.getVertices().get(name);
            List<String> inputs = conf.getVertexInputs().getOrDefault(name, List.of());
            if (vertex instanceof LayerVertex lv) {
                steps.add(new Step(name, inputs, lv.getPreProcessor(), lv.getLayerConf().getLayer(), null,
                        layerIndex++));
            } else {
                steps.add(new Step(name, inputs, null, null, vertex, -1));
            }
        }
        return new InputSizes(conf.getNetworkInputs(), steps);
    }

    boolean singleInput() {
        return networkInputs.size() == 1;
    }

    /**
     * Why the network cannot take {@code input} at its (first) input, naming the first layer that
     * refuses it; empty when every layer takes what reaches it. Other inputs of a multi-input graph
     * are not checked (nothing reaching only them fails).
     */
    Optional<String> problem(InputType input) {
        return check(input).map(Problem::sentence);
    }

    /**
     * A layer refusing what reaches it; {@code tooLarge}: it records a smaller activation than it gets.
     * Convolutions, pooling and upsampling never shrink their output as their input grows, so a
     * larger input is then refused as well.
     */
    record Problem(String sentence, boolean tooLarge) {
        static Optional<Problem> of(String sentence) {
            return Optional.of(new Problem(sentence, false));
        }
    }

    private Optional<Problem> check(InputType input) {
        Map<String, InputType> types = new HashMap<>();
        types.put(firstInput, input);
        for (Step step : steps) {
            InputType[] in = new InputType[step.inputs().size()];
            boolean reached = true;
            for (int i = 0; i < in.length; i++) {
                in[i] = types.get(step.inputs().get(i));
                reached &= in[i] != null;
            }
            if (!reached || in.length == 0) {
                continue; // fed by another network input: not ours to check
            }
            InputType out;
            if (step.layer() == null) {
                out = ShapePropagation.vertexOutput(step.vertex(), in);
                if (out == null) {
                    return Problem.of("'" + step.name() + "' (" + step.vertex().getClass().getSimpleName()
                            + ") cannot combine " + describe(in));
                }
            } else {
                InputType current = in[0];
                if (step.preprocessor() != null) {
                    Optional<Problem> recorded = recordedSize(step, current);
                    if (recorded.isPresent()) {
                        return recorded;
                    }
                    current = ShapePropagation.preprocess(step.preprocessor(), current);
                    if (current == null) {
                        return Problem.of("the preprocessor of '" + step.name() + "' cannot take " + describe(in[0]));
                    }
                }
                Optional<Problem> width = inputWidth(step, current);
                if (width.isPresent()) {
                    return width;
                }
                Optional<Problem> small = tooSmall(step, current);
                if (small.isPresent()) {
                    return small;
                }
                out = ShapePropagation.layerOutput(step.layer(), step.index(), current);
                if (out == null || (out instanceof InputType.InputTypeConvolutional c
                        && (c.getHeight() <= 0 || c.getWidth() <= 0))) {
                    return Problem.of("'" + step.name() + "' (" + step.layer().getClass().getSimpleName()
                            + ") cannot take " + describe(current));
                }
            }
            types.put(step.name(), out);
        }
        return Optional.empty();
    }

    /** What the square images of {@code channels} channels the layers accept look like. */
    Sides sides(long channels, CNN2DFormat format) {
        if (IntStream.range(UNBOUNDED_PROBE, UNBOUNDED_PROBE + 4)
                .anyMatch(side -> problem(square(side, channels, format)).isEmpty())) {
            return Sides.UNBOUNDED;
        }
        List<Integer> accepted = new ArrayList<>();
        for (int side = 1; side <= LARGEST_SIDE; side++) {
            Optional<Problem> problem = check(square(side, channels, format));
            if (problem.isEmpty()) {
                accepted.add(side);
            } else if (problem.get().tooLarge()) {
                break;
            }
        }
        return new Sides(false, accepted);
    }

    /** The smallest square side from {@code from} on that the layers take (up to the unbounded probe). */
    OptionalInt smallestSide(int from, long channels, CNN2DFormat format) {
        for (int side = Math.max(1, from); side < UNBOUNDED_PROBE + 4; side++) {
            if (problem(square(side, channels, format)).isEmpty()) {
                return OptionalInt.of(side);
            }
        }
        return OptionalInt.empty();
    }

    /** Which square images the layers take, in words: "any size from 3×32×32", "3×69×69 to 3×260×260". */
    String describeAccepted(long channels, CNN2DFormat format) {
        Sides sides = sides(channels, format);
        if (sides.unbounded()) {
            OptionalInt smallest = smallestSide(1, channels, format);
            return smallest.isPresent() && smallest.getAsInt() > 1 ? "any size from " + image(channels,
                    smallest.getAsInt()) : "any size";
        }
        List<Integer> accepted = sides.accepted();
        if (accepted.isEmpty()) {
            return "no square " + channels + "-channel image";
        }
        int first = accepted.get(0);
        int last = accepted.get(accepted.size() - 1);
        if (first == last) {
            return image(channels, first) + " only";
        }
        return image(channels, first) + " to " + image(channels, last)
                + (last - first + 1 == accepted.size() ? "" : " (" + accepted.size() + " sizes)");
    }

    private static String image(long channels, int side) {
        return channels + "×" + side + "×" + side;
    }

    /**
     * @param unbounded the layers take images of any size above some minimum: they fix nothing
     * @param accepted  otherwise the square sides the layers take, ascending (empty: none)
     */
    record Sides(boolean unbounded, List<Integer> accepted) {
        static final Sides UNBOUNDED = new Sides(true, List.of());

        Sides {
            accepted = List.copyOf(accepted);
        }
    }

    static InputType square(long side, long channels, CNN2DFormat format) {
        return InputType.convolutional(side, side, channels, format);
    }

    /** A flattening preprocessor records the activation size it was built for; DL4J refuses any other at run time. */
    private static Optional<Problem> recordedSize(Step step, InputType in) {
        long h;
        long w;
        long c;
        if (step.preprocessor() instanceof CnnToFeedForwardPreProcessor p) {
            h = p.getInputHeight();
            w = p.getInputWidth();
            c = p.getNumChannels();
        } else if (step.preprocessor() instanceof CnnToRnnPreProcessor p) {
            h = p.getInputHeight();
            w = p.getInputWidth();
            c = p.getNumChannels();
        } else if (step.preprocessor() instanceof FeedForwardToCnnPreProcessor p) {
            long expected = p.getInputHeight() * p.getInputWidth() * p.getNumChannels();
            long size = in instanceof InputType.InputTypeFeedForward ff ? ff.getSize()
                    : in instanceof InputType.InputTypeConvolutionalFlat flat ? flat.getFlattenedSize() : -1;
            return expected > 0 && size >= 0 && size != expected
                    ? Optional.of(new Problem("the preprocessor of '" + step.name() + "' takes " + expected + " values ("
                    + p.getNumChannels() + "×" + p.getInputHeight() + "×" + p.getInputWidth() + "), the input gives "
                    + size, size > expected)) : Optional.empty();
        } else {
            return Optional.empty();
        }
        if (h <= 0 || w <= 0 || !(in instanceof InputType.InputTypeConvolutional conv)) {
            return Optional.empty();
        }
        if (conv.getHeight() != h || conv.getWidth() != w || (c > 0 && conv.getChannels() != c)) {
            return Optional.of(new Problem("the preprocessor of '" + step.name() + "' flattens " + c + "×" + h + "×"
                    + w + " activations, and gets " + describe(conv), conv.getHeight() > h || conv.getWidth() > w));
        }
        return Optional.empty();
    }

    /**
     * A convolution or pooling window larger than its padded input: DL4J gives an output of size 0
     * and logs a warning; the search tries such sizes by the hundred, so they are refused before.
     */
    private static Optional<Problem> tooSmall(Step step, InputType in) {
        int[] kernel;
        int[] padding;
        int[] dilation;
        ConvolutionMode mode;
        if (step.layer() instanceof ConvolutionLayer conv && !(conv instanceof Deconvolution2D)) {
            kernel = conv.getKernelSize();
            padding = conv.getPadding();
            dilation = conv.getDilation();
            mode = conv.getConvolutionMode();
        } else if (step.layer() instanceof SubsamplingLayer pool) {
            kernel = pool.getKernelSize();
            padding = pool.getPadding();
            dilation = pool.getDilation();
            mode = pool.getConvolutionMode();
        } else {
            return Optional.empty();
        }
        if (!(in instanceof InputType.InputTypeConvolutional c) || mode == ConvolutionMode.Same || kernel == null
                || kernel.length < 2) {
            return Optional.empty();
        }
        long[] sides = {c.getHeight(), c.getWidth()};
        for (int axis = 0; axis < 2; axis++) {
            long pad = padding == null || padding.length < 2 ? 0 : padding[axis];
            long dil = dilation == null || dilation.length < 2 ? 1 : Math.max(1, dilation[axis]);
            long extent = kernel[axis] + (kernel[axis] - 1) * (dil - 1);
            if (sides[axis] + 2 * pad < extent) {
                return Problem.of("'" + step.name() + "' (" + step.layer().getClass().getSimpleName() + ") has a "
                        + kernel[0] + "×" + kernel[1] + " window, larger than its " + describe(c) + " input");
            }
        }
        return Optional.empty();
    }

    /** nIn: the channels of an image, the size of a vector or a sequence step. */
    private static Optional<Problem> inputWidth(Step step, InputType in) {
        if (!(step.layer() instanceof FeedForwardLayer ff) || ff.getNIn() <= 0
                || step.layer() instanceof EmbeddingLayer || step.layer() instanceof EmbeddingSequenceLayer) {
            return Optional.empty();
        }
        long width;
        String unit;
        if (in instanceof InputType.InputTypeConvolutional conv) {
            width = conv.getChannels();
            unit = " channels";
        } else if (in instanceof InputType.InputTypeFeedForward f) {
            width = f.getSize();
            unit = " values";
        } else if (in instanceof InputType.InputTypeRecurrent r) {
            width = r.getSize();
            unit = " features per step";
        } else {
            return Optional.empty();
        }
        return width == ff.getNIn() ? Optional.empty() : Optional.of(new Problem("'" + step.name() + "' takes "
                + ff.getNIn() + unit + ", and gets " + width
                + (in instanceof InputType.InputTypeFeedForward ? "" : " (from " + describe(in) + ")"),
                in instanceof InputType.InputTypeFeedForward && width > ff.getNIn()));
    }

    static String describe(InputType... types) {
        List<String> parts = new ArrayList<>();
        for (InputType t : types) {
            parts.add(describe(t));
        }
        return String.join(" and ", parts);
    }

    static String describe(InputType type) {
        if (type instanceof InputType.InputTypeConvolutional c) {
            return c.getChannels() + "×" + c.getHeight() + "×" + c.getWidth();
        }
        if (type instanceof InputType.InputTypeConvolutionalFlat f) {
            return f.getDepth() + "×" + f.getHeight() + "×" + f.getWidth();
        }
        if (type instanceof InputType.InputTypeFeedForward f) {
            return f.getSize() + " values";
        }
        return String.valueOf(type);
    }
}
