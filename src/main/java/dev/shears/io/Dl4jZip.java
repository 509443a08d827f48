package dev.shears.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonParseException;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonMappingException;
import org.nd4j.shade.jackson.databind.exc.InvalidTypeIdException;
import org.nd4j.shade.jackson.databind.exc.MismatchedInputException;
import org.nd4j.shade.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads a DL4J ModelSerializer zip without ModelSerializer, which reads every entry of the zip
 * whole into memory (a zip bomb in any entry exhausts the heap), deserialises {@code preprocessor.bin}
 * with Java serialisation, takes whichever of two same-named entries comes last, and hands
 * {@code coefficients.bin} to ND4J, whose reader allocates whatever its header declares natively
 * (2^62 killed the JVM). Here: each name at most once, CRCs checked; {@code configuration.json} read to at most
 * {@link #MAX_CONFIGURATION_BYTES} as strict UTF-8 and parsed by DL4J; the configuration checked
 * ({@link Dl4jConfigurationChecks}); the weights read in Java ({@link CoefficientsReader}) against
 * the entry's real bytes and the parameter count the layers declare; then the network is built from
 * the two as ModelSerializer would. Between the configuration and the weights the caller may take the
 * model's outline (decision 0030). The updater state is not read (Shears never resumes training).
 */
final class Dl4jZip {
    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    private static final String NO_PARAMS = "noParams.marker";
    /** Keras 3 {@code .keras} archives hold these instead of a DL4J configuration. */
    private static final String KERAS3_CONFIG = "config.json";
    private static final String KERAS3_WEIGHTS = "model.weights.h5";
    /** ResNet-50's configuration is about 0.5 MB. */
    static final int MAX_CONFIGURATION_BYTES = 16 << 20;
    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Dl4jZip() {
    }

    static Model read(Path file) throws ModelLoadException {
        return read(file, null);
    }

    /**
     * @param outline given the model's outline before the weights are read (and ND4J starts): from the
     *                configuration's JSON tree ({@link ConfigurationOutline}) before DL4J parses it, else from
     *                DL4J's configuration once read and checked ({@link NetworkGraphReader#outline}); not
     *                called when a layer's shapes are known only to the built network; null: none
     */
    static Model read(Path file, java.util.function.Consumer<dev.shears.model.NetworkGraph> outline)
            throws ModelLoadException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            checkNamesOnce(file, zip);
            ZipEntry config = zip.getEntry(CONFIGURATION);
            ZipEntry coefficients = zip.getEntry(COEFFICIENTS);
            if (config == null && zip.getEntry(KERAS3_CONFIG) != null && zip.getEntry(KERAS3_WEIGHTS) != null) {
                throw new ModelLoadException(file, "a Keras 3 .keras archive, which DL4J cannot import; save the model"
                        + " in Keras 2 format with model.save('model.h5')");
            }
            boolean noParams = coefficients == null && config != null && zip.getEntry(NO_PARAMS) != null;
            if (config == null || (coefficients == null && !noParams) || config.isDirectory()
                    || (coefficients != null && coefficients.isDirectory())) {
                throw new ModelLoadException(file, "a zip, but not a DL4J model (no " + CONFIGURATION + " and "
                        + COEFFICIENTS + " inside)");
            }
            String json = configurationText(file, zip, config);
            com.fasterxml.jackson.databind.JsonNode tree = checkOneJsonValue(file, json);
            // the outline from the JSON tree, before DL4J's parse and checks (decision 0031); DL4J's when the
            // tree holds something only DL4J's classes know
            boolean outlined = false;
            if (outline != null) {
                var early = ConfigurationOutline.of(tree);
                early.ifPresent(outline);
                outlined = early.isPresent();
            }
            Object configuration = parse(file, json);
            long declared = Dl4jConfigurationChecks.check(file, configuration);
            if (outline != null && !outlined) {
                outlineOf(configuration).ifPresent(outline);
            }
            INDArray params = null;
            if (noParams) {
                if (declared != 0) {
                    throw new ModelLoadException(file, "its layers take " + declared + " parameters but the file holds"
                            + " no weights (" + NO_PARAMS + ")");
                }
            } else {
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(coefficients), new CRC32())) {
                    params = CoefficientsReader.read(file, in, coefficients.getSize(), declared);
                    checkCrc(file, coefficients, in);
                }
            }
            return build(file, configuration, params);
        } catch (ModelLoadException e) {
            throw e;
        } catch (ZipException e) {
            throw new ModelLoadException(file, "damaged or truncated zip (" + zipProblem(e) + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read the zip: " + (e.getMessage() == null
                    ? "its data ends early or is damaged" : e.getMessage()), e);
        }
    }

    /**
     * The outline, or none when the configuration cannot give one: a configuration odd enough to trip the
     * graph's reader is left to the full load, which says what is wrong with it.
     */
    private static java.util.Optional<dev.shears.model.NetworkGraph> outlineOf(Object configuration) {
        try {
            return NetworkGraphReader.outline(configuration);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** ZipFile's own wording is fine ("zip END header not found"), but it can be empty. */
    private static String zipProblem(ZipException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "unreadable structure" : e.getMessage();
    }

    private static void checkNamesOnce(Path file, ZipFile zip) throws ModelLoadException {
        Set<String> names = new HashSet<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (!names.add(entry.getName())) {
                throw new ModelLoadException(file, "the zip holds " + entry.getName() + " more than once, so which one"
                        + " is the model is ambiguous; a DL4J model zip holds each entry once");
            }
        }
    }

    private static String configurationText(Path file, ZipFile zip, ZipEntry config) throws IOException {
        if (config.getSize() > MAX_CONFIGURATION_BYTES) {
            throw tooLarge(file);
        }
        byte[] bytes;
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(config), new CRC32())) {
            bytes = in.readNBytes(MAX_CONFIGURATION_BYTES + 1);
            if (bytes.length > MAX_CONFIGURATION_BYTES) {
                throw tooLarge(file);
            }
            checkCrc(file, config, in);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelLoadException(file, "its " + CONFIGURATION + " is not UTF-8 text, so it is not a DL4J"
                    + " configuration (the file is damaged or was edited with another encoding)", e);
        }
        if (text.isBlank()) {
            throw new ModelLoadException(file, "its " + CONFIGURATION + " is empty");
        }
        return text;
    }

    /**
     * ZipFile, unlike ZipInputStream, never compares an entry's CRC: a flipped byte inside the weights
     * would load as a different model. Checked once the entry has been read to its end.
     */
    private static void checkCrc(Path file, ZipEntry entry, CheckedInputStream in) throws ModelLoadException {
        if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
            throw new ModelLoadException(file, "damaged: the checksum of its " + entry.getName() + " does not match the"
                    + " one the zip records");
        }
    }

    /**
     * DL4J's reader (an older Jackson, shaded) ignores whatever follows the first JSON value, takes the
     * last of two same-named fields and recurses until the stack overflows on deep nesting; this
     * Jackson refuses all three first.
     */
    private static com.fasterxml.jackson.databind.JsonNode checkOneJsonValue(Path file, String text)
            throws ModelLoadException {
        try {
            return STRICT_JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            String problem = message.startsWith("Trailing token") ? "something follows its JSON value"
                    : message.startsWith("Duplicate field") ? "it gives a field twice"
                    : message.contains("nesting depth") ? "it nests too deeply"
                    : "it is not valid JSON";
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new ModelLoadException(file, "its " + CONFIGURATION + " is not a configuration DL4J wrote: " + problem
                    + where, e);
        }
    }

    private static ModelLoadException tooLarge(Path file) {
        return new ModelLoadException(file, "its " + CONFIGURATION + " is larger than " + (MAX_CONFIGURATION_BYTES >> 20)
                + " MB; a DL4J configuration is text of at most a few MB, so the file is damaged or not a DL4J model");
    }

    /** A ComputationGraphConfiguration when the JSON has vertices, else a MultiLayerConfiguration. */
    private static Object parse(Path file, String json) throws ModelLoadException {
        boolean graph = json.contains("\"vertices\"");
        try {
            return graph ? ComputationGraphConfiguration.fromJson(json) : MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelLoadException(file, "its " + CONFIGURATION + " is not a " + (graph ? "ComputationGraph"
                    : "MultiLayerNetwork") + " configuration DL4J can read (" + jsonProblem(e) + ")", e);
        }
    }

    /** What Jackson (shaded inside DL4J) says, in words and a JSON path, without its class names. */
    static String jsonProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return parse.getLocation() == null ? "it is not valid JSON"
                        : "it is not valid JSON at line " + parse.getLocation().getLineNr() + ", column "
                        + parse.getLocation().getColumnNr();
            }
            if (t instanceof InvalidTypeIdException typeId) {
                String id = typeId.getTypeId();
                return id == null || id.isBlank() ? "a part does not say what kind it is" + where(typeId)
                        : "it names a kind of layer or part DL4J does not know, '" + id.substring(id.lastIndexOf('.') + 1)
                        + "'" + where(typeId);
            }
            if (t instanceof UnrecognizedPropertyException unknown) {
                return "it has a field DL4J does not know, '" + unknown.getPropertyName() + "'" + where(unknown);
            }
            if (t instanceof MismatchedInputException mismatch) {
                return "a value of the wrong type" + where(mismatch);
            }
            if (t instanceof JsonMappingException mapping) {
                return "a value DL4J cannot use" + where(mapping);
            }
            if (t instanceof JsonProcessingException) {
                return "it is not valid JSON";
            }
        }
        return error instanceof StackOverflowError ? "it nests too deeply" : "its fields do not describe a network";
    }

    private static String where(JsonMappingException e) {
        List<String> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.add("[" + ref.getIndex() + "]");
            }
        }
        return path.isEmpty() ? "" : " at " + String.join(".", path).replace(".[", "[");
    }

    private static Model build(Path file, Object configuration, INDArray params) throws ModelLoadException {
        try {
            if (configuration instanceof ComputationGraphConfiguration graph) {
                if (params != null) {
                    graph.setDataType(params.dataType());
                }
                ComputationGraph network = new ComputationGraph(graph);
                network.init(params, false);
                return network;
            }
            MultiLayerConfiguration layers = (MultiLayerConfiguration) configuration;
            if (params != null) {
                layers.setDataType(params.dataType());
            }
            MultiLayerNetwork network = new MultiLayerNetwork(layers);
            network.init(params, false);
            return network;
        } catch (OutOfMemoryError e) {
            throw new ModelLoadException(file, "not enough memory to build this network; start Shears with more, for"
                    + " example java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=4G -jar shears.jar", e);
        } catch (RuntimeException e) {
            throw new ModelLoadException(file, "DL4J cannot build the network its " + CONFIGURATION
                    + " describes; the file is damaged or was not written by DL4J", e);
        }
    }

    /** Parameters each layer of the configuration takes, as DL4J's initialisers count them. */
    static long declaredParams(Object configuration) {
        long total = 0;
        if (configuration instanceof ComputationGraphConfiguration graph) {
            for (GraphVertex vertex : graph.getVertices().values()) {
                total = Math.addExact(total, vertex.numParams(false));
            }
            return total;
        }
        for (NeuralNetConfiguration conf : ((MultiLayerConfiguration) configuration).getConfs()) {
            total = Math.addExact(total, conf.getLayer().initializer().numParams(conf));
        }
        return total;
    }

}
