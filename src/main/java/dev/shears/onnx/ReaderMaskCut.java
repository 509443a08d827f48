package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ONNX model cut in two around one channel group, so that many masks of the group can be
 * measured on one pair of warm sessions instead of one new model per mask.
 *
 * <p>Removing a group's channels changes only what its <em>readers</em> compute — the Conv, Gemm or
 * MatMul nodes whose weights read the channels: nothing else mixes one channel into another (the
 * channel groups are built so). Multiplying a reader's data input by a 0/1 mask that zeroes the
 * removed channels therefore computes what surgery computes (the reader's removed weights meet only
 * zeros), with the weights untouched and the mask an ordinary graph input. Everything upstream of
 * the readers is the same for every mask: the <em>prefix</em> computes it once per batch (the
 * <em>frontier</em> tensors), and the <em>suffix</em> — the masks, the readers and everything after
 * them — runs once per mask.
 *
 * <p>A site is named by its reader's weight tensor (an initializer or a Constant node output read
 * at input 1 of exactly one Conv with group 1, Gemm with transA 0, or MatMul with a 2-D weight); the
 * mask has one value per input the weight reads: a Conv's input channels, a Gemm's or MatMul's
 * input features.
 */
public final class ReaderMaskCut {
    private static final String MASK = "shears_mask_";
    private static final String MASKED = "shears_masked_";
    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    /** Ops whose outputs are never float: a frontier tensor they compute cannot be declared as one. */
    private static final Set<String> NOT_FLOAT = Set.of("Shape", "Size", "NonZero", "ArgMax", "ArgMin", "Cast",
            "CastLike", "ConstantOfShape", "Range", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "Not", "And", "Or", "Xor", "IsNaN", "IsInf", "TopK", "Unique");

    /** A reader of the group: the node reading {@code weight} at input 1; {@code width} inputs it reads. */
    public record Site(String weight, int width) {
        public Site {
            if (width < 1) {
                throw new IllegalArgumentException("a mask site reads at least one input, not " + width);
            }
        }
    }

    private final ModelProto model;
    private final List<Site> sites;
    private final List<long[]> maskShapes;
    private final List<String> maskInputs;
    private final List<NodeProto> suffixNodes;
    private final List<NodeProto> prefixNodes;
    private final List<String> computedFrontier;
    private final List<String> directInputs;
    private final String output;

    private ReaderMaskCut(ModelProto model, List<Site> sites, List<long[]> maskShapes, List<String> maskInputs,
                          List<NodeProto> suffixNodes, List<NodeProto> prefixNodes, List<String> computedFrontier,
                          List<String> directInputs, String output) {
        this.model = model;
        this.sites = List.copyOf(sites);
        this.maskShapes = List.copyOf(maskShapes);
        this.maskInputs = List.copyOf(maskInputs);
        this.suffixNodes = List.copyOf(suffixNodes);
        this.prefixNodes = List.copyOf(prefixNodes);
        this.computedFrontier = List.copyOf(computedFrontier);
        this.directInputs = List.copyOf(directInputs);
        this.output = output;
    }

    /** The model with every externally stored tensor inlined: what ONNX Runtime loads from bytes. */
    public static ModelProto runnable(OnnxModel model) {
        return model.selfContained();
    }

    /**
     * Cuts {@code model} (self-contained) at the readers named by {@code sites}.
     *
     * @throws OnnxPruningException when a site has no single reader Shears can mask, the masked part
     *                              does not reach the model's (first) output, or the model has subgraphs
     */
    public static ReaderMaskCut of(ModelProto model, List<Site> sites) throws OnnxPruningException {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a cut needs at least one reader");
        }
        GraphProto g = model.getGraph();
        if (g.getOutputCount() == 0) {
            throw new OnnxPruningException("The model has no output.");
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new OnnxPruningException("The model has sparse initializers, which the scan does not read.");
        }
        List<NodeProto> nodes = g.getNodeList();
        for (NodeProto n : nodes) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new OnnxPruningException("The node " + n.getName() + " (" + n.getOpType()
                            + ") holds a subgraph, which the scan does not cut.");
                }
            }
        }
        Map<String, TensorProto> constants = constants(g);
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        Set<String> used = new HashSet<>(initializers);
        g.getInputList().forEach(i -> used.add(i.getName()));
        for (NodeProto n : nodes) {
            used.addAll(n.getInputList());
            used.addAll(n.getOutputList());
        }

        // one mask input and one Mul in front of each site's reader
        Map<Integer, Integer> siteAt = new HashMap<>();
        List<long[]> maskShapes = new ArrayList<>();
        List<String> maskInputs = new ArrayList<>();
        List<String> maskedTensors = new ArrayList<>();
        for (int s = 0; s < sites.size(); s++) {
            Site site = sites.get(s);
            int reader = reader(nodes, site.weight());
            if (siteAt.putIfAbsent(reader, s) != null) {
                throw new IllegalArgumentException("two sites name the reader of " + site.weight());
            }
            maskShapes.add(maskShape(nodes.get(reader), site, constants.get(site.weight())));
            maskInputs.add(fresh(MASK + s, used));
            maskedTensors.add(fresh(MASKED + s, used));
        }
        List<NodeProto> rewritten = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Integer s = siteAt.get(i);
            if (s == null) {
                rewritten.add(nodes.get(i));
                continue;
            }
            NodeProto reader = nodes.get(i);
            rewritten.add(NodeProto.newBuilder().setOpType("Mul").setName(maskedTensors.get(s))
                    .addInput(reader.getInput(0)).addInput(maskInputs.get(s)).addOutput(maskedTensors.get(s)).build());
            rewritten.add(reader.toBuilder().setInput(0, maskedTensors.get(s)).build());
        }

        Set<String> dataInputs = new LinkedHashSet<>();
        g.getInputList().stream().map(ValueInfoProto::getName).filter(n -> !initializers.contains(n))
                .forEach(dataInputs::add);
        Set<String> dynamic = new HashSet<>(dataInputs);
        dynamic.addAll(maskInputs);
        closeForward(rewritten, dynamic, new boolean[rewritten.size()]);
        boolean[] affected = new boolean[rewritten.size()];
        closeForward(rewritten, new HashSet<>(maskInputs), affected);

        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < rewritten.size(); i++) {
            for (String out : rewritten.get(i).getOutputList()) {
                producer.put(out, i);
            }
        }
        String output = g.getOutput(0).getName();
        Integer outputProducer = producer.get(output);
        if (outputProducer == null || !affected[outputProducer]) {
            throw new OnnxPruningException("The channels do not reach the model's output " + output + ".");
        }
        // the suffix: the masked part, plus the weight-only nodes (Constant, shape arithmetic) it reads
        boolean[] inSuffix = affected.clone();
        List<Integer> work = new ArrayList<>();
        for (int i = 0; i < inSuffix.length; i++) {
            if (inSuffix[i]) {
                work.add(i);
            }
        }
        while (!work.isEmpty()) {
            NodeProto n = rewritten.get(work.remove(work.size() - 1));
            for (String in : n.getInputList()) {
                Integer p = producer.get(in);
                if (p != null && !inSuffix[p] && rewritten.get(p).getOutputList().stream().noneMatch(dynamic::contains)) {
                    inSuffix[p] = true;
                    work.add(p);
                }
            }
        }
        Set<String> suffixMade = new HashSet<>();
        List<NodeProto> suffixNodes = new ArrayList<>();
        for (int i = 0; i < rewritten.size(); i++) {
            if (inSuffix[i]) {
                suffixNodes.add(rewritten.get(i));
                suffixMade.addAll(rewritten.get(i).getOutputList());
            }
        }
        Set<String> frontier = new LinkedHashSet<>();
        for (NodeProto n : suffixNodes) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !suffixMade.contains(in) && !initializers.contains(in) && !maskInputs.contains(in)) {
                    frontier.add(in);
                }
            }
        }
        List<String> direct = frontier.stream().filter(dataInputs::contains).toList();
        List<String> computed = frontier.stream().filter(t -> !dataInputs.contains(t)).toList();
        for (String t : computed) {
            NodeProto p = rewritten.get(producer.get(t));
            if (NOT_FLOAT.contains(p.getOpType()) || declaredType(g, t).map(type -> type != FLOAT).orElse(false)) {
                throw new OnnxPruningException("The masked part of the model reads " + t + " (" + p.getOpType()
                        + "), which is not a float tensor.");
            }
        }
        boolean[] inPrefix = new boolean[nodes.size()];
        Map<String, Integer> originalProducer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                originalProducer.put(out, i);
            }
        }
        List<String> needed = new ArrayList<>(computed);
        while (!needed.isEmpty()) {
            Integer p = originalProducer.get(needed.remove(needed.size() - 1));
            if (p != null && !inPrefix[p]) {
                inPrefix[p] = true;
                needed.addAll(nodes.get(p).getInputList());
            }
        }
        List<NodeProto> prefixNodes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (inPrefix[i]) {
                prefixNodes.add(nodes.get(i));
            }
        }
        return new ReaderMaskCut(model, sites, maskShapes, maskInputs, suffixNodes, prefixNodes, computed, direct,
                output);
    }

    public List<Site> sites() {
        return sites;
    }

    /** The graph input that takes site {@code i}'s mask. */
    public String maskInput(int site) {
        return maskInputs.get(site);
    }

    /** Site {@code i}'s mask shape: [C, 1, 1] for a 2-D Conv (broadcast over N, H, W), [F] for Gemm and MatMul. */
    public long[] maskShape(int site) {
        return maskShapes.get(site).clone();
    }

    /** Tensors the prefix computes for the suffix, in the order of the prefix's outputs. */
    public List<String> frontier() {
        return computedFrontier;
    }

    /** Model inputs the suffix reads as they are (e.g. a reader of the input itself). */
    public List<String> directInputs() {
        return directInputs;
    }

    /** The model's output, computed by the suffix. */
    public String output() {
        return output;
    }

    /** The prefix model (the model's inputs in, {@link #frontier()} out), or empty when the frontier is the input. */
    public Optional<ModelProto> prefix() {
        if (computedFrontier.isEmpty()) {
            return Optional.empty();
        }
        GraphProto g = model.getGraph();
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        Set<String> dataInputs = new HashSet<>();
        g.getInputList().stream().map(ValueInfoProto::getName).filter(n -> !initializers.contains(n))
                .forEach(dataInputs::add);
        GraphProto.Builder part = part(g, prefixNodes, dataInputs);
        for (String t : computedFrontier) {
            part.addOutput(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT))));
        }
        return Optional.of(model.toBuilder().setGraph(part).build());
    }

    /**
     * The suffix model: frontier tensors, direct inputs and masks in, the model's first output out.
     *
     * @param frontierShapes each frontier tensor's shape as the prefix computed it; the first (batch)
     *                       axis is declared symbolic
     */
    public ModelProto suffix(Map<String, long[]> frontierShapes) {
        GraphProto g = model.getGraph();
        GraphProto.Builder part = part(g, suffixNodes, Set.copyOf(directInputs));
        for (String t : computedFrontier) {
            long[] shape = frontierShapes.get(t);
            if (shape == null) {
                throw new IllegalArgumentException("no shape for the frontier tensor " + t);
            }
            part.addInput(floatInput(t, shape, true));
        }
        for (int s = 0; s < sites.size(); s++) {
            part.addInput(floatInput(maskInputs.get(s), maskShapes.get(s), false));
        }
        part.addOutput(g.getOutput(0));
        return model.toBuilder().setGraph(part).build();
    }

    /** The graph of {@code keep}: the initializers they read, and of the data inputs those in {@code dataInputs}. */
    private static GraphProto.Builder part(GraphProto g, List<NodeProto> keep, Set<String> dataInputs) {
        Set<String> read = new HashSet<>();
        keep.forEach(n -> read.addAll(n.getInputList()));
        GraphProto.Builder part = GraphProto.newBuilder().setName(g.getName()).addAllNode(keep);
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            if (read.contains(t.getName())) {
                part.addInitializer(t);
                initializers.add(t.getName());
            }
        }
        for (ValueInfoProto in : g.getInputList()) {
            if (initializers.contains(in.getName()) || (dataInputs.contains(in.getName()) && read.contains(in.getName()))) {
                part.addInput(in);
            }
        }
        return part;
    }

    private static ValueInfoProto floatInput(String name, long[] shape, boolean symbolicBatch) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.addDim(i == 0 && symbolicBatch ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(shape[i]));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(dims))).build();
    }

    /** The one Conv, Gemm or MatMul reading {@code weight} as its second input. */
    private static int reader(List<NodeProto> nodes, String weight) throws OnnxPruningException {
        int found = -1;
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            boolean reads = n.getInputCount() > 1 && n.getInput(1).equals(weight) && n.getDomain().isEmpty()
                    && Set.of("Conv", "Gemm", "MatMul").contains(n.getOpType());
            if (reads && found >= 0) {
                throw new OnnxPruningException("The weight " + weight + " is read by more than one layer.");
            }
            if (reads) {
                found = i;
            }
        }
        if (found < 0) {
            throw new OnnxPruningException("No Conv, Gemm or MatMul reads the weight " + weight + ".");
        }
        return found;
    }

    private static long[] maskShape(NodeProto reader, Site site, TensorProto weight) throws OnnxPruningException {
        if (weight == null) {
            throw new OnnxPruningException("The weight " + site.weight() + " is not a constant tensor.");
        }
        long[] dims = weight.getDimsList().stream().mapToLong(Long::longValue).toArray();
        Attributes a = new Attributes(reader);
        long width;
        long[] shape;
        switch (reader.getOpType()) {
            case "Conv" -> {
                if (a.integer("group", 1) != 1 || dims.length < 3) {
                    throw new OnnxPruningException("The Conv reading " + site.weight() + " is grouped.");
                }
                width = dims[1];
                shape = new long[dims.length - 1];
                Arrays.fill(shape, 1);
            }
            case "Gemm" -> {
                if (a.integer("transA", 0) != 0 || dims.length != 2) {
                    throw new OnnxPruningException("The Gemm reading " + site.weight() + " transposes its input.");
                }
                width = a.integer("transB", 0) == 1 ? dims[1] : dims[0];
                shape = new long[1];
            }
            default -> {
                if (dims.length != 2) {
                    throw new OnnxPruningException("The MatMul reading " + site.weight() + " has a "
                            + dims.length + "-D weight.");
                }
                width = dims[0];
                shape = new long[1];
            }
        }
        if (width != site.width()) {
            throw new OnnxPruningException("The layer reading " + site.weight() + " reads " + width
                    + " inputs, not " + site.width() + ".");
        }
        shape[0] = width;
        return shape;
    }

    /** Marks every node reading a tensor in {@code tensors}, and adds its outputs, until nothing changes. */
    private static void closeForward(List<NodeProto> nodes, Set<String> tensors, boolean[] marked) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < nodes.size(); i++) {
                if (!marked[i] && nodes.get(i).getInputList().stream().anyMatch(tensors::contains)) {
                    marked[i] = true;
                    tensors.addAll(nodes.get(i).getOutputList());
                    changed = true;
                }
            }
        }
    }

    private static Map<String, TensorProto> constants(GraphProto g) {
        Map<String, TensorProto> constants = new HashMap<>();
        g.getInitializerList().forEach(t -> constants.put(t.getName(), t));
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                n.getAttributeList().stream().filter(a -> a.getName().equals("value") && a.hasT()).findFirst()
                        .ifPresent(a -> constants.put(n.getOutput(0), a.getT()));
            }
        }
        return constants;
    }

    private static Optional<Integer> declaredType(GraphProto g, String tensor) {
        return g.getValueInfoList().stream().filter(v -> v.getName().equals(tensor) && v.getType().hasTensorType())
                .findFirst().map(v -> v.getType().getTensorType().getElemType());
    }

    private static String fresh(String base, Set<String> used) {
        String name = base;
        for (int i = 1; !used.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
