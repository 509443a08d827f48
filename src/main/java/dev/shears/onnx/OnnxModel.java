package dev.shears.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.shears.io.AtomicFiles;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX model as read from a file: its {@link ModelProto} (proto2 classes, so explicitly set
 * default values and unknown fields survive; serialising an unchanged model gives the file's bytes
 * back) and its constant tensors — initializers and the values of {@code Constant} nodes — by name,
 * with the bytes of tensors stored in external files next to the model.
 *
 * <p>Surgery can build a changed copy of {@link #proto()} that replaces only the initializers it
 * slices; everything else serialises to the same bytes.
 */
public final class OnnxModel {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);
    /** ModelProto field 1 (ir_version, varint): the first byte of every ONNX file written by a protobuf library. */
    private static final int IR_VERSION_TAG = 0x08;

    private final Path file;
    private final ModelProto proto;
    private final Map<String, TensorProto> constants;
    /** Outputs of Identity nodes that read a constant (exporters share equal tensors this way) → that constant. */
    private final Map<String, String> aliases;
    private final Set<String> initializerNames;
    private final Map<String, byte[]> externalBytes;
    private final boolean reserializesExactly;

    private OnnxModel(Path file, ModelProto proto, Map<String, TensorProto> constants,
                      Map<String, byte[]> externalBytes, boolean reserializesExactly) {
        this.file = file;
        this.proto = proto;
        this.constants = Collections.unmodifiableMap(constants);
        this.aliases = aliasesOf(proto, constants);
        this.initializerNames = proto.getGraph().getInitializerList().stream().map(TensorProto::getName)
                .collect(Collectors.toUnmodifiableSet());
        this.externalBytes = externalBytes;
        this.reserializesExactly = reserializesExactly;
    }

    /** Reads and checks an ONNX file; external data is read from inside the model's folder only. */
    public static OnnxModel read(Path file) throws OnnxFormatException {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(file, name + " does not exist.", e);
        } catch (IOException e) {
            throw new OnnxFormatException(file, name + " cannot be read.", e);
        }
        return parse(file, bytes);
    }

    /**
     * A model held in memory (a conversion's output), read as if it were the file {@code nominalFile}:
     * that is the name errors give and the folder external data would be read from.
     */
    public static OnnxModel fromBytes(byte[] bytes, Path nominalFile) throws OnnxFormatException {
        return parse(nominalFile, bytes);
    }

    private static OnnxModel parse(Path file, byte[] bytes) throws OnnxFormatException {
        String name = String.valueOf(file.getFileName());
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("cannot parse {}", file, e);
            boolean truncated = bytes.length > 0 && (bytes[0] & 0xff) == IR_VERSION_TAG
                    && String.valueOf(e.getMessage()).contains("ended unexpectedly");
            throw new OnnxFormatException(file, truncated
                    ? name + " is truncated: the ONNX model ends in the middle of its data."
                    : name + " is not an ONNX file.", e);
        }
        if (proto.getIrVersion() <= 0 || !proto.hasGraph()) {
            throw new OnnxFormatException(file, name + " is not an ONNX file.");
        }
        Map<String, TensorProto> constants = constantsOf(proto);
        Map<String, byte[]> external = new LinkedHashMap<>();
        for (Map.Entry<String, TensorProto> e : constants.entrySet()) {
            if (ExternalData.isExternal(e.getValue())) {
                external.put(e.getKey(), ExternalData.read(file, e.getValue()));
            }
        }
        boolean exact = Arrays.equals(proto.toByteArray(), bytes);
        if (!exact) {
            LOG.warn("{} does not serialise back to the same bytes (fields out of the usual order, or an enum value"
                    + " newer than onnx-ml.proto of Tribuo 4.3)", file);
        }
        return new OnnxModel(file, proto, constants, external, exact);
    }

    /**
     * A model changed in memory, e.g. by surgery: same file (tensors still stored outside keep being
     * read from next to it), constants taken from the changed proto.
     */
    OnnxModel derived(ModelProto changed) {
        Map<String, TensorProto> changedConstants = constantsOf(changed);
        Map<String, byte[]> stillExternal = new LinkedHashMap<>();
        changedConstants.forEach((name, tensor) -> {
            if (ExternalData.isExternal(tensor) && tensor.equals(constants.get(name))) {
                stillExternal.put(name, externalBytes.get(name));
            }
        });
        return new OnnxModel(file, changed, changedConstants, stillExternal, reserializesExactly);
    }

    /** The bytes of a tensor stored in an external file, or null when the tensor holds its own data. */
    byte[] externalBytes(String name) {
        return externalBytes.get(stored(name));
    }

    /**
     * The model with every externally stored initializer inlined as raw_data: what ONNX Runtime
     * needs to load a model from bytes.
     */
    ModelProto selfContained() {
        if (externalBytes.isEmpty()) {
            return proto;
        }
        ModelProto.Builder builder = proto.toBuilder();
        for (TensorProto.Builder tensor : builder.getGraphBuilder().getInitializerBuilderList()) {
            byte[] bytes = externalBytes.get(tensor.getName());
            if (bytes != null && tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                tensor.clearExternalData().clearDataLocation().setRawData(ByteString.copyFrom(bytes));
            }
        }
        return builder.build();
    }

    public Path file() {
        return file;
    }

    public ModelProto proto() {
        return proto;
    }

    /** Names of the initializers and Constant-node outputs, in file order (not their Identity aliases). */
    public Set<String> constantNames() {
        return constants.keySet();
    }

    /**
     * An initializer, or the tensor a Constant node produces, by the name the graph uses for it; for
     * the output of an Identity that reads one (an alias), the tensor it reads.
     */
    public Optional<TensorProto> constant(String name) {
        return Optional.ofNullable(constants.get(stored(name)));
    }

    public boolean isConstant(String name) {
        return constants.containsKey(stored(name));
    }

    /** True when the tensor comes from a Constant node rather than an initializer. */
    public boolean isConstantNodeOutput(String name) {
        return !aliases.containsKey(name) && constants.containsKey(name) && !initializerNames.contains(name);
    }

    /**
     * True for the output of an Identity node that reads a constant: exporters store equal tensors once
     * and hand them to the other readers this way (PyTorch does so for the all-zero biases BatchNorm
     * folds into the Convs of an untrained model).
     */
    public boolean isAlias(String name) {
        return aliases.containsKey(name);
    }

    /** Outputs of Identity nodes that read a constant, in file order. */
    public Set<String> aliasNames() {
        return aliases.keySet();
    }

    /** The initializer or Constant output behind a name: itself, or what the alias reads. */
    private String stored(String name) {
        return aliases.getOrDefault(name, name);
    }

    /**
     * True when {@link #toByteArray()} gives exactly the bytes read. Protobuf writes fields in
     * number order, as every ONNX writer does; a file with fields in another order, or with a value of
     * a closed enum that Tribuo's proto does not know (kept as an unknown field and written last),
     * would change bytes when written, so surgery should refuse or warn on such a file.
     */
    public boolean reserializesExactly() {
        return reserializesExactly;
    }

    /** The tensor's dimensions; a scalar is [1], since a TensorShape without dimensions means "unknown". */
    public TensorShape shape(String name) {
        TensorProto tensor = require(name);
        return tensor.getDimsCount() == 0 ? TensorShape.of(1)
                : TensorShape.of(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }

    /** The values of a floating-point constant tensor (weights, biases, BatchNorm vectors) as floats. */
    public float[] floats(String name) throws OnnxFormatException {
        return TensorValues.floats(file, require(name), externalBytes(name));
    }

    /** The values of an integer constant tensor (shapes, pads, axes). */
    public long[] longs(String name) throws OnnxFormatException {
        return TensorValues.longs(file, require(name), externalBytes(name));
    }

    /** The model serialised; for an unchanged model, the bytes of the file it was read from. */
    public byte[] toByteArray() {
        return proto.toByteArray();
    }

    /**
     * Writes the model file (not its external data files, which keep their locations relative to
     * the model: write into the same folder, or copy them along).
     */
    public void write(Path target) throws IOException {
        byte[] bytes = proto.toByteArray();
        AtomicFiles.write(target, temp -> Files.write(temp, bytes));
    }

    private TensorProto require(String name) {
        TensorProto tensor = constants.get(stored(name));
        if (tensor == null) {
            throw new IllegalArgumentException(file.getFileName() + " has no constant tensor " + name);
        }
        return tensor;
    }

    /** Identity nodes reading a constant (or another such Identity), in file order, each to the constant it reads. */
    private static Map<String, String> aliasesOf(ModelProto proto, Map<String, TensorProto> constants) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (NodeProto node : proto.getGraph().getNodeList()) {
            boolean identity = node.getOpType().equals("Identity") && (node.getDomain().isEmpty()
                    || node.getDomain().equals("ai.onnx")) && node.getInputCount() == 1 && node.getOutputCount() == 1;
            if (!identity) {
                continue;
            }
            String input = node.getInput(0);
            if (aliases.containsKey(input)) {
                aliases.put(node.getOutput(0), aliases.get(input));
            } else if (constants.containsKey(input)) {
                aliases.put(node.getOutput(0), input);
            }
        }
        return Collections.unmodifiableMap(aliases);
    }

    private static Map<String, TensorProto> constantsOf(ModelProto proto) {
        Map<String, TensorProto> constants = new LinkedHashMap<>();
        for (TensorProto initializer : proto.getGraph().getInitializerList()) {
            constants.put(initializer.getName(), initializer);
        }
        for (NodeProto node : proto.getGraph().getNodeList()) {
            if (node.getOpType().equals("Constant") && node.getDomain().isEmpty() && node.getOutputCount() == 1) {
                constantValue(node).ifPresent(t -> constants.put(node.getOutput(0), t));
            }
        }
        return constants;
    }

    /**
     * A Constant node's value: a tensor, or a scalar/list given as value_float(s) or value_int(s)
     * (opset 12+). Sparse and string values are no weights: the graph reader treats them as unknown inputs.
     */
    private static Optional<TensorProto> constantValue(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(node.getOutput(0));
            switch (a.getName()) {
                case "value" -> {
                    return Optional.of(a.getT());
                }
                case "value_float" -> {
                    return Optional.of(t.setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF()).build());
                }
                case "value_floats" -> {
                    return Optional.of(t.setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(a.getFloatsCount())
                            .addAllFloatData(a.getFloatsList()).build());
                }
                case "value_int" -> {
                    return Optional.of(t.setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(a.getI()).build());
                }
                case "value_ints" -> {
                    return Optional.of(t.setDataType(TensorProto.DataType.INT64_VALUE).addDims(a.getIntsCount())
                            .addAllInt64Data(a.getIntsList()).build());
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }
}
