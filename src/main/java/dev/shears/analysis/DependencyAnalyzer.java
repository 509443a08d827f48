package dev.shears.analysis;

import dev.shears.model.ActivationSlice;
import dev.shears.model.ChannelGroup;
import dev.shears.model.ChannelGroups;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.model.ParamTensor;
import dev.shears.model.SliceRole;
import dev.shears.model.TensorShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Finds the {@link ChannelGroups} of a network by walking its graph once, in topological order.
 * Every layer that computes channels (conv, dense, separable conv) starts a group; the group follows
 * its channels through layers that keep channels apart (BatchNorm, activations, pooling, dropout,
 * depthwise conv, flatten) to the layers that read them. An element-wise vertex (residual add) joins
 * the groups of all its inputs into one; a concatenation places each input's groups at an offset.
 * A node the walk does not understand blocks only the groups that reach it.
 *
 * <p>Graphs read from ONNX name their ops as ONNX does: Flatten, Reshape, Squeeze and Unsqueeze
 * (preprocessors) keep channels apart when they keep the channel axis or flatten [C, H, W]; Pad and
 * Resize (other layers) are read only when they leave the channel axis alone (the reader qualifies
 * the type name otherwise, e.g. "Pad (channel axis)"); a Transpose to channels last and back
 * (preprocessor, its description says which) is followed: a channels-last [H, W, C] activation may pass
 * per-element ops and be flattened (channel c repeats every C inputs) or transposed back, and blocks
 * its groups anywhere else. Activations and element-wise ops may carry a constant per channel (a PRelu
 * slope, a bias [C, 1, 1]), which is sliced with the channels.
 */
public final class DependencyAnalyzer {
    /** DL4J layers outside {@code LayerKind}'s named kinds that move values within each channel only. */
    private static final Set<String> CHANNELWISE_LAYER_TYPES = Set.of("ZeroPaddingLayer", "Upsampling2D",
            "Cropping2D", "Pad", "Resize", "Upsample");
    /** ONNX ops that move values without computing: they keep channels apart when their shapes say so. */
    private static final Set<String> RESHAPES = Set.of("Flatten", "Reshape", "Squeeze", "Unsqueeze");
    private static final String TRANSPOSE = "Transpose";
    /** How the ONNX reader describes a Transpose [0, 2, 3, 1] and [0, 3, 1, 2], see {@code onnx.OnnxGraphReader}. */
    private static final String TO_CHANNELS_LAST = "to channels last";
    private static final String TO_CHANNELS_FIRST = "to channels first";
    /** The per-channel constant an element-wise op divides by: sliced with the channels but never zeroed. */
    private static final String DIVISOR = "divisor";
    private static final String FLATTEN_TYPE = "CnnToFeedForwardPreProcessor";
    /** How our reader describes a flatten of NHWC activations (Keras imports), see {@code io.LayerKinds}. */
    private static final String CHANNELS_LAST = "channels last";
    private static final Set<String> OUTPUT_LAYER_PARAMS = Set.of("W", "b");

    private DependencyAnalyzer() {
    }

    public static ChannelGroups analyze(NetworkGraph graph) {
        return new Walk(graph).run();
    }

    /**
     * A group's channels inside one activation, in the analysis' provisional group numbering; laid
     * out as a {@link ParamSlice} is (blocks, repeated {@code repeats} times every {@code period}) along
     * the first axis of the per-example shape, or along its last axis when {@code channelsLast} (an
     * [H, W, C] activation after a Transpose).
     */
    private record Segment(int group, long offset, long block, int channels, long period, long repeats,
                           boolean channelsLast) {
        Segment(int group, long offset, long block, int channels) {
            this(group, offset, block, channels, 0, 1, false);
        }

        Segment scaled(long factor) {
            return new Segment(group, offset * factor, block * factor, channels, period * factor, repeats, channelsLast);
        }

        Segment shifted(long by) {
            return new Segment(group, offset + by, block, channels, period, repeats, channelsLast);
        }

        Segment repeated(long every, long times) {
            return new Segment(group, offset, block, channels, every, times, false);
        }

        Segment withChannelsLast(boolean last) {
            return new Segment(group, offset, block, channels, period, repeats, last);
        }

        boolean sameLayout(Segment other) {
            return offset == other.offset && block == other.block && channels == other.channels
                    && period == other.period && repeats == other.repeats && channelsLast == other.channelsLast;
        }
    }

    private record Tagged<T>(int group, T item) {
    }

    private static final class Walk {
        private final NetworkGraph graph;
        private final Map<String, List<Segment>> layouts = new HashMap<>();
        /** Union-find over provisional groups; the lowest id (earliest producer) is the root. */
        private final List<Integer> parent = new ArrayList<>();
        private final List<Integer> channels = new ArrayList<>();
        private final List<Tagged<ParamSlice>> params = new ArrayList<>();
        private final List<Tagged<ActivationSlice>> activations = new ArrayList<>();
        private final List<Tagged<String>> blockers = new ArrayList<>();
        private final Map<String, String> notPrunable = new LinkedHashMap<>();

        Walk(NetworkGraph graph) {
            this.graph = graph;
        }

        ChannelGroups run() {
            for (LayerNode node : graph.nodes()) {
                List<Segment> out = visit(node);
                layouts.put(node.name(), out);
                // an ActivationSlice lies along the first axis; a channels-last activation has none to record
                for (Segment s : out.stream().filter(s -> !s.channelsLast()).toList()) {
                    activations.add(new Tagged<>(s.group(), new ActivationSlice(node.name(), s.offset(), s.block(),
                            s.period(), s.repeats())));
                }
                if (graph.outputs().contains(node.name())) {
                    block(out, "reaches the network output " + node.name());
                }
            }
            return collect();
        }

        /** Records what the node does to the channels it reads and returns the layout of its output. */
        private List<Segment> visit(LayerNode node) {
            List<Segment> in = firstInput(node);
            if (readsChannelsLast(node) && !followsChannelsLast(node)) {
                return unknown(node, node.typeName() + " reads channels-last activations (after a Transpose)");
            }
            return switch (node.kind()) {
                case INPUT -> List.of();
                case DENSE -> weighted(node, in, 0, 1);
                case CONVOLUTION -> weighted(node, in, 1, 0);
                case OUTPUT -> outputLayer(node, in);
                case DEPTHWISE_CONVOLUTION -> depthwise(node, in);
                case SEPARABLE_CONVOLUTION -> separable(node, in);
                case BATCH_NORMALIZATION -> batchNorm(node, in);
                case ACTIVATION -> mixesChannels(node) ? unknown(node, "softmax mixes channels") : perChannel(node, in);
                case POOLING, GLOBAL_POOLING, DROPOUT -> in;
                case PREPROCESSOR -> RESHAPES.contains(node.typeName()) ? reshape(node, in)
                        : node.typeName().equals(TRANSPOSE) ? transpose(node, in) : flatten(node, in);
                case ELEMENT_WISE -> elementWise(node);
                case MERGE -> concat(node);
                case OTHER_LAYER -> CHANNELWISE_LAYER_TYPES.contains(node.typeName()) ? in
                        : unknown(node, node.typeName() + " is not understood by the pruning engine");
                case OTHER_VERTEX -> unknown(node, node.typeName() + " is not understood by the pruning engine");
            };
        }

        private List<Segment> firstInput(LayerNode node) {
            return node.inputs().isEmpty() ? List.of() : layouts.getOrDefault(node.inputs().get(0), List.of());
        }

        private boolean readsChannelsLast(LayerNode node) {
            return node.inputs().stream().flatMap(i -> layouts.getOrDefault(i, List.of()).stream())
                    .anyMatch(Segment::channelsLast);
        }

        /** What may read [H, W, C]: ops per element (per-channel parameters are refused later), reshapes, transposes. */
        private static boolean followsChannelsLast(LayerNode node) {
            return switch (node.kind()) {
                case ACTIVATION, DROPOUT, ELEMENT_WISE -> true;
                case PREPROCESSOR -> RESHAPES.contains(node.typeName()) || node.typeName().equals(TRANSPOSE);
                default -> false;
            };
        }

        /** Dense or conv: {@code W} reads the input along {@code inAxis} and computes channels along {@code outAxis}. */
        private List<Segment> weighted(LayerNode node, List<Segment> in, int inAxis, int outAxis) {
            Optional<String> odd = unexpectedParam(node, Set.of("W", "b"));
            if (param(node, "W").isEmpty() || odd.isPresent()) {
                return unknown(node, "parameter " + odd.orElse("W") + " not understood");
            }
            read(node, in, "W", inAxis);
            return produce(node, "W", outAxis);
        }

        private List<Segment> outputLayer(LayerNode node, List<Segment> in) {
            if (!node.typeName().equals("OutputLayer") || param(node, "W").isEmpty()
                    || unexpectedParam(node, OUTPUT_LAYER_PARAMS).isPresent()) {
                return unknown(node, node.typeName() + " is not understood by the pruning engine");
            }
            read(node, in, "W", 0);
            return List.of();
        }

        /** Depthwise W [kH, kW, nIn, multiplier]: input channel c makes outputs c·m … c·m+m−1. */
        private List<Segment> depthwise(LayerNode node, List<Segment> in) {
            Optional<ParamTensor> w = param(node, "W");
            if (w.isEmpty() || w.get().shape().rank() != 4 || unexpectedParam(node, Set.of("W", "b")).isPresent()) {
                return unknown(node, "depthwise parameters not understood");
            }
            long multiplier = w.get().shape().dim(3);
            for (Segment s : in) {
                params.add(new Tagged<>(s.group(), new ParamSlice(node.name(), "W", 2, s.offset(), s.block(),
                        SliceRole.OUTPUT, s.period(), s.repeats())));
                param(node, "b").ifPresent(b -> params.add(new Tagged<>(s.group(), new ParamSlice(node.name(), "b",
                        lastAxis(b), s.offset() * multiplier, s.block() * multiplier, SliceRole.OUTPUT,
                        s.period() * multiplier, s.repeats()))));
            }
            return in.stream().map(s -> s.scaled(multiplier)).toList();
        }

        /** Separable: depthwise W [m, nIn, kH, kW], pointwise pW [nOut, nIn·m, 1, 1], b [nOut]. */
        private List<Segment> separable(LayerNode node, List<Segment> in) {
            Optional<ParamTensor> depthwise = param(node, "W");
            if (depthwise.isEmpty() || param(node, "pW").isEmpty()
                    || unexpectedParam(node, Set.of("W", "pW", "b")).isPresent()) {
                return unknown(node, "separable parameters not understood");
            }
            if (depthwise.get().shape().dim(0) == 1) {
                read(node, in, "W", 1);
                read(node, in, "pW", 1);
            } else {
                // the order of pW's nIn·m inputs is not verified, so its input channels stay
                block(in, node.name() + " not prunable: separable conv with depth multiplier > 1 reads them");
                notPrunableIfTouched(node, in, "input channels: depth multiplier > 1 not supported");
            }
            return produce(node, "pW", 0, Set.of("W"));
        }

        private List<Segment> batchNorm(LayerNode node, List<Segment> in) {
            for (ParamTensor p : node.params()) {
                SliceRole role = switch (p.key()) {
                    case "gamma", "beta" -> SliceRole.NORMALIZATION;
                    case "mean", "var", "log10stdev" -> SliceRole.STATISTIC;
                    default -> null;
                };
                if (role == null) {
                    return unknown(node, "BatchNorm parameter " + p.key() + " not understood");
                }
                for (Segment s : in) {
                    params.add(new Tagged<>(s.group(), new ParamSlice(node.name(), p.key(), lastAxis(p), s.offset(),
                            s.block(), role, s.period(), s.repeats())));
                }
            }
            return in;
        }

        /**
         * DL4J flattens [C, H, W] as c·H·W + h·W + w, so one channel becomes H·W consecutive units. A
         * channels-last flatten (Keras: h·W·C + w·C + c) puts one unit of each channel at every one of the
         * H·W positions: the channel's block repeats H·W times, every C units.
         */
        private List<Segment> flatten(LayerNode node, List<Segment> in) {
            if (!node.typeName().equals(FLATTEN_TYPE)) {
                return unknown(node, node.typeName() + " is not understood by the pruning engine");
            }
            if (node.inputShape().rank() != 3) {
                return unknown(node, "flatten with unknown input shape " + node.inputShape());
            }
            if (in.stream().anyMatch(s -> s.repeats() > 1)) {
                return unknown(node, "flattens channels that already repeat");
            }
            long spatial = node.inputShape().dim(1) * node.inputShape().dim(2);
            if (node.description().contains(CHANNELS_LAST)) {
                long channelCount = node.inputShape().dim(0);
                return in.stream().map(s -> s.repeated(channelCount, spatial)).toList();
            }
            return in.stream().map(s -> s.scaled(spatial)).toList();
        }

        /**
         * ONNX Flatten, Reshape, Squeeze, Unsqueeze (batch axis kept, as the reader checked): flattening
         * [C, H, W] (or a channels-last [H, W, C]) to one axis is a flatten; keeping the first axis keeps
         * every channel's values where they were (C order), so the layout passes unchanged.
         */
        private List<Segment> reshape(LayerNode node, List<Segment> in) {
            TensorShape x = node.inputShape();
            TensorShape y = node.outputShape();
            String what = node.typeName() + " " + x + " → " + y;
            if (!x.isKnown() || !y.isKnown() || x.elements() != y.elements()) {
                return unknown(node, what + ": sizes unknown");
            }
            boolean last = in.stream().anyMatch(Segment::channelsLast);
            if (x.rank() == 3 && y.rank() == 1) {
                if (in.stream().anyMatch(s -> s.repeats() > 1)) {
                    return unknown(node, "flattens channels that already repeat");
                }
                if (last) {
                    // [H, W, C] flattens as h·W·C + w·C + c
                    return in.stream().map(s -> s.repeated(x.dim(2), x.dim(0) * x.dim(1))).toList();
                }
                return in.stream().map(s -> s.scaled(x.dim(1) * x.dim(2))).toList();
            }
            if (!last && x.dim(0) == y.dim(0)) {
                return in;
            }
            return unknown(node, what + (last ? " of channels-last activations" : "") + " does not keep the channel axis");
        }

        /** A Transpose to channels last marks the layout; one back to channels first clears it; others keep channels. */
        private List<Segment> transpose(LayerNode node, List<Segment> in) {
            boolean last = in.stream().anyMatch(Segment::channelsLast);
            if (node.description().contains(TO_CHANNELS_LAST)) {
                if (last || in.stream().anyMatch(s -> s.repeats() > 1) || node.inputShape().rank() != 3) {
                    return unknown(node, "Transpose to channels last of activations that are not [C, H, W]");
                }
                return in.stream().map(s -> s.withChannelsLast(true)).toList();
            }
            if (node.description().contains(TO_CHANNELS_FIRST)) {
                if (in.stream().anyMatch(s -> !s.channelsLast())) {
                    return unknown(node, "Transpose to channels first of activations that are not channels last");
                }
                return in.stream().map(s -> s.withChannelsLast(false)).toList();
            }
            if (last) {
                return unknown(node, "Transpose of channels-last activations that keeps axis 1");
            }
            return in;
        }

        /**
         * Constants with one value per channel (a PRelu slope, a bias or scale [C, 1, 1] or [1, C, 1, 1],
         * or [C] on a channels-last activation) go with their channels. Aligned from the last axis as
         * broadcasting aligns them, their one axis longer than 1 must fall on the channel axis. They are
         * carried per channel like BatchNorm's scale and shift (zeroed when masked); a divisor is never zeroed.
         */
        private List<Segment> perChannel(LayerNode node, List<Segment> in) {
            for (ParamTensor p : node.params()) {
                if (p.count() <= 1) {
                    continue;
                }
                int[] axes = IntStream.range(0, p.shape().rank()).filter(a -> p.shape().dim(a) != 1).toArray();
                TensorShape out = node.outputShape();
                boolean last = in.stream().anyMatch(Segment::channelsLast);
                int channelAxis = last ? out.rank() - 1 : 0;
                boolean perChannel = axes.length == 1 && out.isKnown()
                        && out.rank() - p.shape().rank() + axes[0] == channelAxis
                        && p.shape().dim(axes[0]) == out.dim(channelAxis);
                if (!perChannel) {
                    return unknown(node, "its constant " + p.key() + " " + p.shape() + " is not one value per channel");
                }
                SliceRole role = p.key().equals(DIVISOR) ? SliceRole.STATISTIC : SliceRole.NORMALIZATION;
                for (Segment s : in) {
                    params.add(new Tagged<>(s.group(), new ParamSlice(node.name(), p.key(), axes[0], s.offset(),
                            s.block(), role, s.period(), s.repeats())));
                }
            }
            return in;
        }

        /** All inputs of an element-wise op share channel c, so their groups become one. */
        private List<Segment> elementWise(LayerNode node) {
            List<List<Segment>> ins = node.inputs().stream().map(i -> layouts.getOrDefault(i, List.of())).toList();
            List<Segment> first = ins.get(0);
            boolean aligned = ins.stream().allMatch(l -> l.size() == first.size()
                    && IntStream.range(0, l.size()).allMatch(k -> l.get(k).sameLayout(first.get(k))));
            if (!aligned) {
                return unknown(node, "joins inputs whose channels cannot be matched (one is not prunable"
                        + " or laid out differently)");
            }
            for (List<Segment> other : ins) {
                for (int k = 0; k < other.size(); k++) {
                    union(first.get(k).group(), other.get(k).group());
                }
            }
            return perChannel(node, first);
        }

        /** Concatenation along channels: each input's segments move by the channels before it. */
        private List<Segment> concat(LayerNode node) {
            List<Segment> out = new ArrayList<>();
            long offset = 0;
            for (String input : node.inputs()) {
                Optional<LayerNode> source = graph.node(input);
                if (source.isEmpty() || !source.get().outputShape().isKnown()) {
                    return unknown(node, "concatenates an input of unknown size");
                }
                for (Segment s : layouts.getOrDefault(input, List.of())) {
                    out.add(s.shifted(offset));
                }
                offset += source.get().outputShape().dim(0);
            }
            return out;
        }

        private List<Segment> produce(LayerNode node, String weight, int axis) {
            return produce(node, weight, axis, Set.of());
        }

        /** Starts a group for the node's output channels: {@code weight} along {@code axis}, plus the bias. */
        private List<Segment> produce(LayerNode node, String weight, int axis, Set<String> inputSideParams) {
            ParamTensor w = param(node, weight).orElseThrow();
            int n = Math.toIntExact(w.shape().dim(axis));
            int group = newGroup(n);
            for (ParamTensor p : node.params()) {
                if (p.key().equals(weight)) {
                    params.add(new Tagged<>(group, new ParamSlice(node.name(), weight, axis, 0, 1, SliceRole.OUTPUT)));
                } else if (p.key().equals("b")) {
                    params.add(new Tagged<>(group, new ParamSlice(node.name(), "b", lastAxis(p), 0, 1,
                            SliceRole.OUTPUT)));
                } else if (!inputSideParams.contains(p.key())) {
                    blockers.add(new Tagged<>(group, node.name() + ": parameter " + p.key() + " not understood"));
                }
            }
            if (mixesChannels(node)) {
                blockers.add(new Tagged<>(group, node.name() + ": softmax mixes channels"));
            }
            return List.of(new Segment(group, 0, 1, n));
        }

        private void read(LayerNode node, List<Segment> in, String weight, int axis) {
            for (Segment s : in) {
                params.add(new Tagged<>(s.group(), new ParamSlice(node.name(), weight, axis, s.offset(), s.block(),
                        SliceRole.INPUT, s.period(), s.repeats())));
            }
        }

        /** The node's output is opaque; every group reaching it is blocked. */
        private List<Segment> unknown(LayerNode node, String reason) {
            List<Segment> touched = new ArrayList<>();
            node.inputs().forEach(i -> touched.addAll(layouts.getOrDefault(i, List.of())));
            if (node.hasParams()) {
                notPrunable.put(node.name(), reason);
            }
            notPrunableIfTouched(node, touched, reason);
            block(touched, node.name() + " not prunable: " + reason);
            return List.of();
        }

        /** Reported only when it matters: a node that touches no group (e.g. the input reshape) is not news. */
        private void notPrunableIfTouched(LayerNode node, List<Segment> touched, String reason) {
            if (!touched.isEmpty()) {
                notPrunable.putIfAbsent(node.name(), reason);
            }
        }

        private void block(List<Segment> segments, String reason) {
            segments.forEach(s -> blockers.add(new Tagged<>(s.group(), reason)));
        }

        private int newGroup(int n) {
            parent.add(parent.size());
            channels.add(n);
            return parent.size() - 1;
        }

        private int find(int g) {
            int root = g;
            while (parent.get(root) != root) {
                root = parent.get(root);
            }
            parent.set(g, root);
            return root;
        }

        private void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent.set(Math.max(ra, rb), Math.min(ra, rb));
            }
        }

        private ChannelGroups collect() {
            Map<Integer, Integer> finalId = new LinkedHashMap<>();
            for (int g = 0; g < parent.size(); g++) {
                finalId.putIfAbsent(find(g), finalId.size());
            }
            List<ChannelGroup> groups = new ArrayList<>();
            for (Map.Entry<Integer, Integer> e : finalId.entrySet()) {
                int root = e.getKey();
                List<ParamSlice> ps = params.stream().filter(t -> find(t.group()) == root).map(Tagged::item).toList();
                List<ActivationSlice> as = activations.stream().filter(t -> find(t.group()) == root)
                        .map(Tagged::item).toList();
                Set<String> bs = new LinkedHashSet<>();
                blockers.stream().filter(t -> find(t.group()) == root).forEach(t -> bs.add(t.item()));
                String name = ps.stream().filter(p -> p.role() == SliceRole.OUTPUT).findFirst().orElseThrow().layer();
                groups.add(new ChannelGroup(e.getValue(), name, channels.get(root), ps, as, List.copyOf(bs)));
            }
            return new ChannelGroups(groups, notPrunable);
        }

        private static Optional<ParamTensor> param(LayerNode node, String key) {
            return node.params().stream().filter(p -> p.key().equals(key)).findFirst();
        }

        private static Optional<String> unexpectedParam(LayerNode node, Set<String> expected) {
            return node.params().stream().map(ParamTensor::key).filter(k -> !expected.contains(k)).findFirst();
        }

        /** Vectors are [n] in DL4J 1.0.0-M2.1 but [1, n] in older files: the channels are on the last axis. */
        private static int lastAxis(ParamTensor p) {
            return p.shape().rank() - 1;
        }

        /** Our reader describes the activation function by name; softmax is the one that is not per element. */
        private static boolean mixesChannels(LayerNode node) {
            return node.description().toLowerCase(Locale.ROOT).contains("softmax");
        }
    }
}
