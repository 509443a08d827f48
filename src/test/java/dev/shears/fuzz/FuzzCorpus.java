package dev.shears.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/**
 * Writes the fuzz corpus into a folder, deterministically (fixed seeds): every case is a bad (or
 * merely odd) model file, data file or recipe derived from the bundled samples and test fixtures —
 * truncations and byte flips, DL4J configurations with wrong types and contradictions, coefficient
 * headers that lie, missing and duplicated zip entries, zip bombs, IDX headers declaring more than the
 * file holds, broken gzip trailers, bad CSV, NumPy files and images, bad recipes. Each case gets a
 * folder of its own. Whether a case is in the fast subset is decided here: one in {@link #FAST_EVERY}
 * of the random mutants, and every hand-written case.
 */
final class FuzzCorpus {
    static final int FAST_EVERY = 9;
    private static final Path REPO = Path.of(System.getProperty("shears.repo", ".")).toAbsolutePath();
    private static final Path SAMPLES = REPO.resolve("sample-models");
    private static final Path ONNX = REPO.resolve("src/test/resources/onnx");
    private static final Path KERAS = REPO.resolve("src/test/resources/keras");
    private static final Path FASHION_TEST_IMAGES = SAMPLES.resolve("data/fashion-mnist/t10k-images-idx3-ubyte.gz");
    private static final Path FASHION_TEST_LABELS = SAMPLES.resolve("data/fashion-mnist/t10k-labels-idx1-ubyte.gz");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final ModelInput IMAGES_28 = ModelInput.images(new ImageGeometry(1, 28, 28, ImageLayout.CHW), false);
    static final ModelInput FOUR_FEATURES = ModelInput.features(TensorShape.of(4), false);

    private final Path root;
    private final boolean fastOnly;
    private final List<FuzzCase> cases = new ArrayList<>();
    private int randomMutants;

    private FuzzCorpus(Path root, boolean fastOnly) {
        this.root = root;
        this.fastOnly = fastOnly;
    }

    /**
     * The cases, written under {@code root}; {@code bombBytes}: the size of the zip bombs' contents (1 GiB
     * in the whole corpus); {@code fastOnly}: only the fast subset (the others are not even written).
     */
    static List<FuzzCase> write(Path root, long bombBytes, boolean fastOnly) throws IOException {
        FuzzCorpus corpus = new FuzzCorpus(root, fastOnly);
        corpus.modelZips(bombBytes);
        corpus.onnxFiles();
        corpus.kerasFiles();
        corpus.idxFiles();
        corpus.csvFiles();
        corpus.numpyFiles();
        corpus.imageFolders();
        corpus.recipes();
        return List.copyOf(corpus.cases);
    }

    // ---------------------------------------------------------------- DL4J zips

    private void modelZips(long bombBytes) throws IOException {
        String[] samples = {"lenet-300-100", "lenet-5", "bn-cnn", "mini-resnet"};
        for (int s = 0; s < samples.length; s++) {
            byte[] zip = Files.readAllBytes(SAMPLES.resolve(samples[s] + ".zip"));
            Random random = new Random(1000 + s);
            for (int i = 0; i < 12; i++) {
                int cut = i == 0 ? 1 : i == 1 ? zip.length - 1 : random.nextInt(zip.length);
                randomModel("zip-truncated", samples[s] + "-at-" + cut, ".zip", Arrays.copyOf(zip, cut));
            }
            for (int i = 0; i < 20; i++) {
                byte[] flipped = zip.clone();
                int at = random.nextInt(zip.length);
                flipped[at] ^= (byte) (1 + random.nextInt(255));
                randomModel("zip-byte-flip", samples[s] + "-at-" + at, ".zip", flipped);
            }
        }
        coefficientHeaders("lenet-5");
        coefficientHeaders("mini-resnet");
        configurationTypes("lenet-300-100", 25, 31);
        configurationTypes("lenet-5", 30, 32);
        configurationTypes("mini-resnet", 30, 33);
        configurationContradictions();
        zipStructure(bombBytes);
    }

    private void coefficientHeaders(String sample) throws IOException {
        Map<String, byte[]> entries = ZipBytes.entries(SAMPLES.resolve(sample + ".zip"));
        Coefficients c = Coefficients.parse(entries.get("coefficients.bin"));
        long n = c.dataLength();
        Map<String, Coefficients> mutants = new LinkedHashMap<>();
        mutants.put("shape-length-2^62", c.withShapeLength(1L << 62));
        mutants.put("shape-length-2^31-1", c.withShapeLength(Integer.MAX_VALUE));
        mutants.put("shape-length-negative", c.withShapeLength(-6));
        mutants.put("shape-length-0", c.withShapeLength(0).withShapeInfo(new long[0]));
        mutants.put("shape-length-5", c.withShapeLength(5));
        mutants.put("data-length-2^62", c.withDataLength(1L << 62));
        mutants.put("data-length-2^31-1", c.withDataLength(Integer.MAX_VALUE));
        mutants.put("data-length-negative", c.withDataLength(-1));
        mutants.put("data-length-minus-one", c.withDataLength(n - 1));
        mutants.put("data-length-plus-one", c.withDataLength(n + 1));
        mutants.put("zero-length-weights", c.withDataLength(0).withData(new byte[0])
                .withShapeInfoValue(1, 0).withShapeInfo(zeroShape(c.shapeInfo())));
        mutants.put("data-type-utf8", c.withDataType("UTF8"));
        mutants.put("data-type-bool", c.withDataType("BOOL"));
        mutants.put("data-type-unknown", c.withDataType("FLOAT128"));
        mutants.put("data-type-double-mislabelled", c.withDataType("DOUBLE"));
        mutants.put("weights-half", c.reencoded("HALF"));
        mutants.put("weights-double", c.reencoded("DOUBLE"));
        mutants.put("shape-type-float", c.withShapeType("FLOAT"));
        mutants.put("allocation-mode-unknown", c.withModes("NOT_A_MODE", c.dataMode()));
        mutants.put("allocation-mode-heap", c.withModes("HEAP", "HEAP"));
        mutants.put("rank-99", c.withShapeInfoValue(0, 99));
        mutants.put("dimension-negative", c.withShapeInfoValue(1, -n));
        mutants.put("dimension-2^40", c.withShapeInfoValue(1, 1L << 40));
        mutants.put("weights-truncated", c.withData(Arrays.copyOf(c.data(), c.data().length / 2)));
        mutants.put("trailing-bytes", c.withData(Arrays.copyOf(c.data(), c.data().length + 7)));
        mutants.put("weight-nan", c.withData(withFloat(c.data(), 17, Float.NaN)));
        mutants.put("weight-infinite", c.withData(withFloat(c.data(), (int) (n / 2), Float.NEGATIVE_INFINITY)));
        for (Map.Entry<String, Coefficients> mutant : mutants.entrySet()) {
            Map<String, byte[]> changed = new LinkedHashMap<>(entries);
            changed.put("coefficients.bin", mutant.getValue().bytes());
            FuzzCase fuzzCase = handModel("coefficients-header", sample + "-" + mutant.getKey(), ZipBytes.list(changed),
                    sample.equals("lenet-5"));
            if (mutant.getKey().contains("2^")) {
                replaceLast(fuzzCase.inChildJvm());
            }
        }
    }

    private static long[] zeroShape(long[] info) {
        long[] copy = info.clone();
        int rank = (int) copy[0];
        for (int i = 1; i <= rank; i++) {
            copy[i] = 0;
        }
        return copy;
    }

    private static byte[] withFloat(byte[] data, int index, float value) {
        byte[] copy = data.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.BIG_ENDIAN).putFloat(index * 4, value);
        return copy;
    }

    /** Every scalar of the configuration replaced, a few at a time, by a value of another type or size. */
    private void configurationTypes(String sample, int count, long seed) throws IOException {
        Map<String, byte[]> entries = ZipBytes.entries(SAMPLES.resolve(sample + ".zip"));
        JsonNode config = JSON.readTree(entries.get("configuration.json"));
        List<String> paths = new ArrayList<>();
        scalarPaths(config, "", paths);
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode[] replacements = {f.textNode("a string"), f.numberNode(-1), f.numberNode(0), f.numberNode(1e12),
                f.nullNode(), f.arrayNode(), f.objectNode(), f.booleanNode(true), f.numberNode(Long.MAX_VALUE),
                f.numberNode(0.5)};
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            String path = paths.get(random.nextInt(paths.size()));
            JsonNode value = replacements[random.nextInt(replacements.length)];
            JsonNode mutated = config.deepCopy();
            set(mutated, path, value);
            Map<String, byte[]> changed = new LinkedHashMap<>(entries);
            changed.put("configuration.json", JSON.writeValueAsBytes(mutated));
            randomZip("configuration-wrong-type", sample + path.replace('/', '.') + "=" + value, ZipBytes.list(changed));
        }
    }

    private static void scalarPaths(JsonNode node, String path, List<String> out) {
        if (node.isValueNode()) {
            out.add(path);
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                scalarPaths(field.getValue(), path + "/" + field.getKey(), out);
            }
        } else {
            for (int i = 0; i < node.size(); i++) {
                scalarPaths(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        int slash = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, slash));
        String key = path.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(key), value);
        }
    }

    private void configurationContradictions() throws IOException {
        Map<String, byte[]> lenet5 = ZipBytes.entries(SAMPLES.resolve("lenet-5.zip"));
        Map<String, byte[]> mlp = ZipBytes.entries(SAMPLES.resolve("lenet-300-100.zip"));
        Map<String, byte[]> resnet = ZipBytes.entries(SAMPLES.resolve("mini-resnet.zip"));
        configuration("stride-0", lenet5, c -> layer(c, 0).set("stride", ints(0, 0)));
        configuration("stride-negative", lenet5, c -> layer(c, 1).set("stride", ints(-2, 2)));
        configuration("padding-negative", lenet5, c -> layer(c, 0).set("padding", ints(-3, -3)));
        configuration("kernel-0", lenet5, c -> layer(c, 2).set("kernelSize", ints(0, 5)));
        configuration("kernel-larger-than-input", lenet5, c -> layer(c, 0).set("kernelSize", ints(40, 40)));
        configuration("dilation-0", lenet5, c -> layer(c, 0).set("dilation", ints(0, 1)));
        configuration("nout-0", lenet5, c -> {
            layer(c, 4).put("nout", 0);
            layer(c, 5).put("nin", 0);
        });
        configuration("nin-contradicts-previous-nout", mlp, c -> {
            layer(c, 1).put("nin", 100);
            layer(c, 2).put("nin", 300);
        });
        configuration("layers-reversed", mlp, c -> {
            ArrayNode confs = (ArrayNode) c.get("confs");
            List<JsonNode> reversed = new ArrayList<>();
            confs.forEach(reversed::add);
            java.util.Collections.reverse(reversed);
            confs.removeAll();
            reversed.forEach(confs::add);
        });
        configuration("layers-reversed-cnn", lenet5, c -> {
            ArrayNode confs = (ArrayNode) c.get("confs");
            List<JsonNode> reversed = new ArrayList<>();
            confs.forEach(reversed::add);
            java.util.Collections.reverse(reversed);
            confs.removeAll();
            reversed.forEach(confs::add);
        });
        configuration("unknown-layer-class", lenet5, c -> layer(c, 4).put("@class", "org.example.NoSuchLayer"));
        configuration("no-confs", lenet5, c -> ((ObjectNode) c).remove("confs"));
        configuration("confs-empty", lenet5, c -> ((ArrayNode) c.get("confs")).removeAll());
        configuration("preprocessor-of-missing-layer", lenet5, c -> ((ObjectNode) c.get("inputPreProcessors"))
                .set("17", c.get("inputPreProcessors").get("0").deepCopy()));
        configuration("data-type-utf8", lenet5, c -> ((ObjectNode) c).put("dataType", "UTF8"));
        configuration("graph-cycle", resnet, c -> ((ArrayNode) c.get("vertexInputs").get("stem")).set(0,
                JsonNodeFactory.instance.textNode("stem_relu")));
        configuration("graph-input-missing", resnet, c -> ((ArrayNode) c.get("vertexInputs").get("stem")).set(0,
                JsonNodeFactory.instance.textNode("nowhere")));
        configuration("graph-no-outputs", resnet, c -> ((ArrayNode) c.get("networkOutputs")).removeAll());
        configuration("graph-output-unknown", resnet, c -> ((ArrayNode) c.get("networkOutputs")).set(0,
                JsonNodeFactory.instance.textNode("nowhere")));
        configuration("graph-vertices-missing", resnet, c -> ((ObjectNode) c).remove("vertices"));
        configurationText("empty-object", lenet5, "{}".getBytes(StandardCharsets.UTF_8));
        configurationText("json-array", lenet5, "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        configurationText("empty", lenet5, new byte[0]);
        configurationText("not-json", lenet5, "this is not JSON".getBytes(StandardCharsets.UTF_8));
        byte[] latin1 = new String(lenet5.get("configuration.json"), StandardCharsets.UTF_8)
                .replace("\"conv1\"", "\"cônv1\"").getBytes(StandardCharsets.ISO_8859_1);
        configurationText("not-utf8", lenet5, latin1);
        byte[] nested = ("[".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        configurationText("nested-100000-deep", lenet5, nested);
        String config = new String(lenet5.get("configuration.json"), StandardCharsets.UTF_8);
        configurationText("duplicate-key", lenet5, config.replaceFirst("\\{", "{\"dataType\":\"DOUBLE\",")
                .getBytes(StandardCharsets.UTF_8));
        configurationText("second-object-after", lenet5, (config + "{}").getBytes(StandardCharsets.UTF_8));
    }

    private static ArrayNode ints(int a, int b) {
        return JsonNodeFactory.instance.arrayNode().add(a).add(b);
    }

    private static ObjectNode layer(JsonNode config, int index) {
        return (ObjectNode) config.get("confs").get(index).get("layer");
    }

    private void configuration(String name, Map<String, byte[]> entries, Consumer<JsonNode> change) throws IOException {
        JsonNode config = JSON.readTree(entries.get("configuration.json"));
        change.accept(config);
        configurationText(name, entries, JSON.writeValueAsBytes(config));
    }

    private void configurationText(String name, Map<String, byte[]> entries, byte[] config) throws IOException {
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        changed.put("configuration.json", config);
        handModel("configuration-contradiction", name, ZipBytes.list(changed));
    }

    private void zipStructure(long bombBytes) throws IOException {
        Map<String, byte[]> lenet5 = ZipBytes.entries(SAMPLES.resolve("lenet-5.zip"));
        Map<String, byte[]> mlp = ZipBytes.entries(SAMPLES.resolve("lenet-300-100.zip"));
        byte[] config = lenet5.get("configuration.json");
        byte[] coefficients = lenet5.get("coefficients.bin");
        handModel("zip-structure", "no-configuration", List.of(ZipBytes.Entry.of("coefficients.bin", coefficients)));
        handModel("zip-structure", "no-coefficients", List.of(ZipBytes.Entry.of("configuration.json", config)));
        handModel("zip-structure", "no-coefficients-no-params-marker", List.of(
                ZipBytes.Entry.of("configuration.json", config), ZipBytes.Entry.of("noParams.marker", new byte[0])));
        handModel("zip-structure", "no-entries", List.of());
        handModel("zip-structure", "configuration-twice-different", List.of(
                ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.of("coefficients.bin", coefficients),
                ZipBytes.Entry.of("configuration.json", mlp.get("configuration.json"))));
        handModel("zip-structure", "coefficients-twice-different", List.of(
                ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.of("coefficients.bin", mlp.get("coefficients.bin")),
                ZipBytes.Entry.of("coefficients.bin", coefficients)));
        handModel("zip-structure", "coefficients-twice-same", List.of(
                ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.of("coefficients.bin", coefficients),
                ZipBytes.Entry.of("coefficients.bin", coefficients)));
        handModel("zip-structure", "configuration-of-another-model", List.of(
                ZipBytes.Entry.of("configuration.json", mlp.get("configuration.json")),
                ZipBytes.Entry.of("coefficients.bin", coefficients)));
        handModel("zip-structure", "configuration-bomb", List.of(ZipBytes.Entry.bomb("configuration.json", bombBytes),
                ZipBytes.Entry.of("coefficients.bin", coefficients)));
        handModel("zip-structure", "coefficients-bomb", List.of(ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.bomb("coefficients.bin", bombBytes)));
        handModel("zip-structure", "extra-entry-bomb", List.of(ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.of("coefficients.bin", coefficients), ZipBytes.Entry.bomb("junk.bin", bombBytes)));
        handModel("zip-structure", "updater-state-garbage", List.of(ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.of("coefficients.bin", coefficients),
                ZipBytes.Entry.of("updaterState.bin", "garbage".getBytes(StandardCharsets.UTF_8))));
        handModel("zip-structure", "preprocessor-object-garbage", List.of(
                ZipBytes.Entry.of("configuration.json", config), ZipBytes.Entry.of("coefficients.bin", coefficients),
                ZipBytes.Entry.of("preprocessor.bin", new byte[]{(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3})));
        handModel("zip-structure", "coefficients-folder", List.of(ZipBytes.Entry.of("configuration.json", config),
                ZipBytes.Entry.of("coefficients.bin/", new byte[0])));
        handModel("zip-structure", "entries-in-a-folder", List.of(ZipBytes.Entry.of("model/configuration.json", config),
                ZipBytes.Entry.of("model/coefficients.bin", coefficients)));
        handModel("zip-structure", "keras3-archive", List.of(ZipBytes.Entry.of("config.json", config),
                ZipBytes.Entry.of("model.weights.h5", new byte[16])));
        Path zipInZip = folder("zip-structure", "zip-in-a-zip").resolve("model.zip");
        ZipBytes.write(zipInZip, List.of(ZipBytes.Entry.of("lenet-5.zip",
                Files.readAllBytes(SAMPLES.resolve("lenet-5.zip")))));
        add(FuzzCase.model("zip-structure", "zip-in-a-zip", zipInZip).inFastSubset());
    }

    private FuzzCase handModel(String category, String name, List<ZipBytes.Entry> entries) throws IOException {
        return handModel(category, name, entries, true);
    }

    private FuzzCase handModel(String category, String name, List<ZipBytes.Entry> entries, boolean fast)
            throws IOException {
        FuzzCase fuzzCase = FuzzCase.model(category, name, folder(category, name).resolve("model.zip"));
        if (fastOnly && !fast) {
            return fuzzCase;
        }
        ZipBytes.write(fuzzCase.file(), entries);
        return add(fast ? fuzzCase.inFastSubset() : fuzzCase);
    }

    private void randomZip(String category, String name, List<ZipBytes.Entry> entries) throws IOException {
        if (skipNextRandom()) {
            return;
        }
        Path file = folder(category, name).resolve("model.zip");
        ZipBytes.write(file, entries);
        addRandom(FuzzCase.model(category, name, file));
    }

    private void randomModel(String category, String name, String extension, byte[] bytes) throws IOException {
        if (skipNextRandom()) {
            return;
        }
        Path file = Files.write(folder(category, name).resolve("model" + extension), bytes);
        addRandom(FuzzCase.model(category, name, file));
    }

    // ---------------------------------------------------------------- ONNX and Keras

    private void onnxFiles() throws IOException {
        String[] fixtures = {"fashion_cnn", "gemm_se", "mobilenet_block", "inception_block", "resnet_se",
                "nhwc_input"};
        for (int f = 0; f < fixtures.length; f++) {
            byte[] model = Files.readAllBytes(ONNX.resolve(fixtures[f] + ".onnx"));
            Random random = new Random(2000 + f);
            for (int i = 0; i < 6; i++) {
                int cut = i == 0 ? 1 : random.nextInt(model.length);
                randomModel("onnx-truncated", fixtures[f] + "-at-" + cut, ".onnx", Arrays.copyOf(model, cut));
            }
            for (int i = 0; i < 10; i++) {
                byte[] flipped = model.clone();
                int at = i < 3 ? random.nextInt(Math.min(model.length, 200)) : random.nextInt(model.length);
                flipped[at] ^= (byte) (1 + random.nextInt(255));
                randomModel("onnx-byte-flip", fixtures[f] + "-at-" + at, ".onnx", flipped);
            }
        }
        byte[] fashion = Files.readAllBytes(ONNX.resolve("fashion_cnn.onnx"));
        handFile("onnx-structure", "zip-named-onnx", "model.onnx", Files.readAllBytes(SAMPLES.resolve("lenet-5.zip")));
        handFile("onnx-structure", "text-named-onnx", "model.onnx", "ir_version: 7\n".getBytes(StandardCharsets.UTF_8));
        byte[] hugeLength = new byte[16];
        hugeLength[0] = 0x3a; // field 7 (graph), length-delimited, then a varint of 2^62
        for (int i = 1; i < 9; i++) {
            hugeLength[i] = (byte) 0xff;
        }
        hugeLength[9] = 0x3f;
        handFile("onnx-structure", "graph-length-2^62", "model.onnx", hugeLength);
        handFile("onnx-structure", "twice-concatenated", "model.onnx", concat(fashion, fashion));
    }

    private void kerasFiles() throws IOException {
        String[] fixtures = {"sequential_cnn", "functional_residual"};
        for (int f = 0; f < fixtures.length; f++) {
            byte[] model = Files.readAllBytes(KERAS.resolve(fixtures[f] + ".h5"));
            Random random = new Random(3000 + f);
            for (int i = 0; i < 6; i++) {
                int cut = i == 0 ? 8 : random.nextInt(model.length);
                randomModel("keras-truncated", fixtures[f] + "-at-" + cut, ".h5", Arrays.copyOf(model, cut));
            }
            for (int i = 0; i < 10; i++) {
                byte[] flipped = model.clone();
                int at = 8 + random.nextInt(model.length - 8);
                flipped[at] ^= (byte) (1 + random.nextInt(255));
                randomModel("keras-byte-flip", fixtures[f] + "-at-" + at, ".h5", flipped);
            }
        }
        byte[] signatureOnly = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        handFile("keras-structure", "signature-only", "model.h5", signatureOnly);
        handFile("keras-structure", "weights-only", "model.h5", Files.readAllBytes(KERAS.resolve("weights_only.h5")));
    }

    // ---------------------------------------------------------------- data

    /** A hundred Fashion-MNIST test images and labels: the seed of the IDX cases. */
    private void idxFiles() throws IOException {
        byte[] images;
        byte[] labels;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FASHION_TEST_IMAGES))) {
            images = in.readNBytes(16 + 100 * 784);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FASHION_TEST_LABELS))) {
            labels = in.readNBytes(8 + 100);
        }
        putInt(images, 4, 100);
        putInt(labels, 4, 100);
        idx("plain-ok", images, labels, false);
        idx("gzip-ok", images, labels, true);
        idx("count-2^31-1", withInt(images, 4, Integer.MAX_VALUE), labels, false);
        idx("count-2^31-1-gzip", withInt(images, 4, Integer.MAX_VALUE), labels, true);
        idx("count-1000000", withInt(images, 4, 1_000_000), withInt(labels, 4, 1_000_000), false);
        idx("count-1000000-gzip", withInt(images, 4, 1_000_000), withInt(labels, 4, 1_000_000), true);
        idx("count-2700", withInt(images, 4, 2700), withInt(labels, 4, 2700), true);
        idx("count-negative", withInt(images, 4, -100), labels, false);
        idx("count-0", withInt(images, 4, 0), withInt(labels, 4, 0), false);
        idx("rows-0", withInt(images, 8, 0), labels, false);
        idx("rows-65536-cols-65536", withInt(withInt(images, 8, 65536), 12, 65536), labels, false);
        idx("rows-46341-cols-46341", withInt(withInt(images, 8, 46341), 12, 46341), labels, true);
        idx("rows-14-cols-56", withInt(withInt(images, 8, 14), 12, 56), labels, false);
        idx("label-count-2^31-1", images, withInt(labels, 4, Integer.MAX_VALUE), false);
        idx("label-count-negative", images, withInt(labels, 4, -1), true);
        idx("label-count-fewer", images, Arrays.copyOf(withInt(labels, 4, 50), 58), false);
        idx("labels-out-of-range", images, withByte(labels, 20, 200), false);
        idx("magic-wrong", withInt(images, 0, 0x12345678), labels, false);
        idx("magic-float-data", withInt(images, 0, 0x00000d03), labels, false);
        idx("magic-labels-as-images", withInt(images, 0, 0x00000801), labels, false);
        idx("images-truncated", Arrays.copyOf(images, 16 + 50 * 784 + 3), labels, false);
        idx("images-truncated-gzip", Arrays.copyOf(images, 16 + 50 * 784 + 3), labels, true);
        idx("header-truncated", Arrays.copyOf(images, 10), labels, false);
        idx("trailing-bytes", concat(images, new byte[100]), labels, false);
        idx("empty-file", new byte[0], labels, false);
        byte[] gz = gzip(images);
        idxRaw("gzip-trailer-crc-broken", withByte(gz, gz.length - 6, gz[gz.length - 6] ^ 0x5a), gzip(labels));
        idxRaw("gzip-trailer-size-broken", withByte(gz, gz.length - 2, gz[gz.length - 2] ^ 0x01), gzip(labels));
        idxRaw("gzip-trailer-missing", Arrays.copyOf(gz, gz.length - 8), gzip(labels));
        idxRaw("gzip-header-only", Arrays.copyOf(gz, 10), gzip(labels));
        idxRaw("gzip-two-members", concat(gz, gzip(new byte[50])), gzip(labels));
        Random random = new Random(4000);
        for (int i = 0; i < 12; i++) {
            byte[] flipped = gz.clone();
            int at = random.nextInt(flipped.length);
            flipped[at] ^= (byte) (1 + random.nextInt(255));
            if (skipNextRandom()) {
                continue;
            }
            Path folder = folder("idx-byte-flip", "gzip-at-" + at);
            Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"), flipped);
            Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels));
            addRandom(FuzzCase.data("idx-byte-flip", "gzip-at-" + at, folder, IMAGES_28));
        }
    }

    private void idx(String name, byte[] images, byte[] labels, boolean gzipped) throws IOException {
        Path folder = folder("idx", name);
        String suffix = gzipped ? ".gz" : "";
        Files.write(folder.resolve("t10k-images-idx3-ubyte" + suffix), gzipped ? gzip(images) : images);
        Files.write(folder.resolve("t10k-labels-idx1-ubyte" + suffix), gzipped ? gzip(labels) : labels);
        add(FuzzCase.data("idx", name, folder, IMAGES_28).inFastSubset());
    }

    private void idxRaw(String name, byte[] imagesGz, byte[] labelsGz) throws IOException {
        Path folder = folder("idx", name);
        Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"), imagesGz);
        Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), labelsGz);
        add(FuzzCase.data("idx", name, folder, IMAGES_28).inFastSubset());
    }

    private void csvFiles() throws IOException {
        String good = "a,b,c,d,label\n0.1,0.2,0.3,0.4,0\n1,2,3,4,1\n-1,0,1,2,2\n";
        Map<String, byte[]> csv = new LinkedHashMap<>();
        csv.put("ok", utf8(good));
        csv.put("empty", new byte[0]);
        csv.put("header-only", utf8("a,b,c,d,label\n"));
        csv.put("row-too-short", utf8(good + "1,2,3\n"));
        csv.put("row-too-long", utf8(good + "1,2,3,4,5,6,7\n"));
        csv.put("all-rows-too-wide", utf8("1,2,3,4,5,6,0\n1,2,3,4,5,6,1\n"));
        csv.put("not-a-number", utf8(good + "1,two,3,4,0\n"));
        csv.put("nan", utf8(good + "1,NaN,3,4,0\n"));
        csv.put("infinity", utf8(good + "1,Infinity,3,4,0\n"));
        csv.put("huge-number", utf8(good + "1,1e400,3,4,0\n"));
        csv.put("label-negative", utf8(good + "1,2,3,4,-1\n"));
        csv.put("label-fraction", utf8(good + "1,2,3,4,1.5\n"));
        csv.put("label-huge", utf8(good + "1,2,3,4,99999999999\n"));
        csv.put("label-text", utf8(good + "1,2,3,4,cat\n"));
        csv.put("unclosed-quote", utf8(good + "1,\"2,3,4,0\n"));
        csv.put("not-utf8", new byte[]{'a', ',', (byte) 0xff, (byte) 0xfe, '\n', '1', ',', '2', '\n'});
        csv.put("bom-and-crlf", utf8("\uFEFFa,b,c,d,label\r\n1,2,3,4,0\r\n"));
        csv.put("semicolons", utf8("a;b;c;d;label\n1;2;3;4;0\n"));
        csv.put("nul-bytes", new byte[64]);
        csv.put("one-huge-line", utf8("1,".repeat(300_000) + "0\n"));
        csv.put("blank-lines-only", utf8("\n\n   \n\n"));
        for (Map.Entry<String, byte[]> e : csv.entrySet()) {
            Path file = Files.write(folder("csv", e.getKey()).resolve("data.csv"), e.getValue());
            add(FuzzCase.data("csv", e.getKey(), file, FOUR_FEATURES).inFastSubset());
        }
    }

    private void numpyFiles() throws IOException {
        float[] x = new float[3 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / 10f;
        }
        byte[] xs = npy("<f4", "(3, 4)", floatsLittleEndian(x));
        byte[] ys = npy("<i8", "(3,)", longsLittleEndian(0, 1, 2));
        Map<String, byte[]> npy = new LinkedHashMap<>();
        npy.put("ok", xs);
        npy.put("shape-2^40", npy("<f4", "(1099511627776, 4)", floatsLittleEndian(x)));
        npy.put("shape-2^31", npy("<f4", "(2147483648,)", floatsLittleEndian(x)));
        npy.put("shape-negative", npy("<f4", "(-3, 4)", floatsLittleEndian(x)));
        npy.put("shape-more-than-data", npy("<f4", "(300, 4)", floatsLittleEndian(x)));
        npy.put("shape-garbage", npy("<f4", "(three, four)", floatsLittleEndian(x)));
        npy.put("shape-rank-40", npy("<f4", "(" + "1, ".repeat(40) + ")", floatsLittleEndian(x)));
        npy.put("dtype-unicode", npy("<U8", "(3, 4)", new byte[3 * 4 * 32]));
        npy.put("dtype-object", npy("|O", "(3, 4)", new byte[3 * 4 * 8]));
        npy.put("dtype-complex", npy("<c8", "(3, 4)", new byte[3 * 4 * 8]));
        npy.put("dtype-unknown", npy("<q9", "(3, 4)", new byte[3 * 4 * 8]));
        npy.put("big-endian", npy(">f4", "(3, 4)", floatsLittleEndian(x)));
        npy.put("header-length-huge", withByte(withByte(xs, 8, 0xff), 9, 0xff));
        npy.put("header-unclosed", utf8("\u0093NUMPY\u0001\u0000\u0010\u0000{'descr': '<f4',\n"));
        npy.put("magic-only", Arrays.copyOf(xs, 6));
        npy.put("version-9", withByte(xs, 6, 9));
        npy.put("data-truncated", Arrays.copyOf(xs, xs.length - 5));
        npy.put("nan-values", npy("<f4", "(3, 4)", floatsLittleEndian(withNaN(x))));
        npy.put("scalar", npy("<f4", "()", floatsLittleEndian(new float[]{1})));
        for (Map.Entry<String, byte[]> e : npy.entrySet()) {
            Path folder = folder("npy", e.getKey());
            Path file = Files.write(folder.resolve("x.npy"), e.getValue());
            Files.write(folder.resolve("y.npy"), ys);
            add(FuzzCase.data("npy", e.getKey(), file, FOUR_FEATURES).inFastSubset());
        }
        Map<String, List<ZipBytes.Entry>> npz = new LinkedHashMap<>();
        npz.put("ok", List.of(ZipBytes.Entry.of("x.npy", xs), ZipBytes.Entry.of("y.npy", ys)));
        npz.put("no-x", List.of(ZipBytes.Entry.of("y.npy", ys)));
        npz.put("no-arrays", List.of(ZipBytes.Entry.of("readme.txt", utf8("hello"))));
        npz.put("x-twice", List.of(ZipBytes.Entry.of("x.npy", xs), ZipBytes.Entry.of("y.npy", ys),
                ZipBytes.Entry.of("x.npy", npy.get("shape-more-than-data"))));
        npz.put("x-bomb", List.of(ZipBytes.Entry.bomb("x.npy", 1L << 30), ZipBytes.Entry.of("y.npy", ys)));
        npz.put("x-huge-shape", List.of(ZipBytes.Entry.of("x.npy", npy.get("shape-2^40")),
                ZipBytes.Entry.of("y.npy", ys)));
        npz.put("y-more-labels", List.of(ZipBytes.Entry.of("x.npy", xs),
                ZipBytes.Entry.of("y.npy", npy("<i8", "(4,)", longsLittleEndian(0, 1, 2, 3)))));
        npz.put("y-negative", List.of(ZipBytes.Entry.of("x.npy", xs),
                ZipBytes.Entry.of("y.npy", npy("<i8", "(3,)", longsLittleEndian(0, -1, 2)))));
        npz.put("y-text", List.of(ZipBytes.Entry.of("x.npy", xs), ZipBytes.Entry.of("y.npy", npy.get("dtype-unicode"))));
        npz.put("x-garbage", List.of(ZipBytes.Entry.of("x.npy", utf8("not an array")), ZipBytes.Entry.of("y.npy", ys)));
        for (Map.Entry<String, List<ZipBytes.Entry>> e : npz.entrySet()) {
            Path file = folder("npz", e.getKey()).resolve("data.npz");
            ZipBytes.write(file, e.getValue());
            add(FuzzCase.data("npz", e.getKey(), file, FOUR_FEATURES).inFastSubset());
        }
        byte[] okNpz = Files.readAllBytes(folder("npz", "ok").resolve("data.npz"));
        Random random = new Random(5000);
        for (int i = 0; i < 8; i++) {
            byte[] flipped = okNpz.clone();
            int at = random.nextInt(flipped.length);
            flipped[at] ^= (byte) (1 + random.nextInt(255));
            if (skipNextRandom()) {
                continue;
            }
            Path file = Files.write(folder("npz-byte-flip", "at-" + at).resolve("data.npz"), flipped);
            addRandom(FuzzCase.data("npz-byte-flip", "at-" + at, file, FOUR_FEATURES));
        }
    }

    private void imageFolders() throws IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, (x * y) & 0xff);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] good = png.toByteArray();
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("png-truncated", Arrays.copyOf(good, good.length / 2));
        bad.put("png-empty", new byte[0]);
        bad.put("png-that-is-text", utf8("not an image"));
        bad.put("png-100000-by-100000", pngWithSize(good, 100_000, 100_000));
        bad.put("png-0-by-0", pngWithSize(good, 0, 0));
        bad.put("png-1-by-2^31-1", pngWithSize(good, 1, Integer.MAX_VALUE));
        bad.put("jpeg-header-only", new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16});
        bad.put("gif-header-only", utf8("GIF89a"));
        bad.put("bmp-huge", bmpHeader(1_000_000, 1_000_000));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            // a labelled folder of one good image per class and the bad one: the bad one is skipped and said so
            Path folder = folder("images", "one-" + e.getKey());
            Files.createDirectories(folder.resolve("a"));
            Files.createDirectories(folder.resolve("b"));
            Files.write(folder.resolve("a/good.png"), good);
            Files.write(folder.resolve("b/good.png"), good);
            String extension = e.getKey().startsWith("jpeg") ? ".jpg" : e.getKey().startsWith("gif") ? ".gif"
                    : e.getKey().startsWith("bmp") ? ".bmp" : ".png";
            Files.write(folder.resolve("b/bad" + extension), e.getValue());
            add(FuzzCase.data("images", "one-" + e.getKey(), folder, IMAGES_28).inFastSubset());
            // a folder of nothing but bad images
            Path only = folder("images", "only-" + e.getKey());
            Files.createDirectories(only.resolve("a"));
            Files.write(only.resolve("a/bad" + extension), e.getValue());
            add(FuzzCase.data("images", "only-" + e.getKey(), only, IMAGES_28));
        }
    }

    // ---------------------------------------------------------------- recipes

    private void recipes() throws IOException {
        String good = "{\"version\": 1, \"mode\": \"structured\", \"scope\": \"per-layer\", \"criterion\": \"l1\", "
                + "\"ratio\": 0.3, \"minKeep\": 1, \"roundTo\": 1, \"seed\": 42, \"ignore\": [\"output\"], "
                + "\"layers\": {\"conv1\": {\"ratio\": 0.5}}}";
        Map<String, byte[]> recipes = new LinkedHashMap<>();
        recipes.put("ok", utf8(good));
        recipes.put("empty", new byte[0]);
        recipes.put("whitespace", utf8("   \n"));
        recipes.put("null", utf8("null"));
        recipes.put("array-empty", utf8("[]"));
        recipes.put("trailing-garbage", utf8(good + " xyz"));
        recipes.put("second-object", utf8(good + "\n" + good));
        recipes.put("trailing-comma", utf8(good.substring(0, good.length() - 1) + ",}"));
        recipes.put("not-utf8", concat(utf8(good.substring(0, 20)), new byte[]{(byte) 0xc3, (byte) 0x28},
                utf8(good.substring(20))));
        recipes.put("utf16", good.getBytes(StandardCharsets.UTF_16));
        recipes.put("nested-100000-deep", utf8("[".repeat(100_000)));
        recipes.put("string-50MB", utf8("{\"version\": 1, \"ratio\": 0.3, \"criterion\": \"" + "x".repeat(50 << 20) + "\"}"));
        recipes.put("duplicate-key", utf8("{\"version\": 1, \"ratio\": 0.3, \"ratio\": 0.4}"));
        recipes.put("number-1e400", utf8("{\"version\": 1, \"ratio\": 1e400}"));
        recipes.put("number-huge-integer", utf8("{\"version\": 1, \"ratio\": 0.3, \"seed\": " + "9".repeat(5000) + "}"));
        recipes.put("nan", utf8("{\"version\": 1, \"ratio\": NaN}"));
        recipes.put("layers-not-object", utf8("{\"version\": 1, \"ratio\": 0.3, \"layers\": [1, 2]}"));
        recipes.put("steps-one-bad", utf8("[" + good + ", {\"version\": 1, \"ratio\": \"half\"}]"));
        JsonNode tree = JSON.readTree(good);
        List<String> paths = new ArrayList<>();
        scalarPaths(tree, "", paths);
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode[] replacements = {f.textNode("a string"), f.numberNode(-1), f.numberNode(0), f.numberNode(1e12),
                f.nullNode(), f.arrayNode(), f.objectNode(), f.booleanNode(true), f.numberNode(Long.MAX_VALUE),
                f.numberNode(1), f.numberNode(0.999999), f.textNode("")};
        for (String path : paths) {
            for (int r = 0; r < replacements.length; r += 2) {
                JsonNode value = replacements[(r + path.length()) % replacements.length];
                JsonNode mutated = tree.deepCopy();
                set(mutated, path, value);
                recipes.put("field" + path.replace('/', '.') + "=" + value, JSON.writeValueAsBytes(mutated));
            }
        }
        for (String field : List.of("version", "ratio", "criterion", "mode", "scope", "layers")) {
            JsonNode mutated = tree.deepCopy();
            ((ObjectNode) mutated).remove(field);
            recipes.put("without-" + field, JSON.writeValueAsBytes(mutated));
        }
        int i = 0;
        for (Map.Entry<String, byte[]> e : recipes.entrySet()) {
            Path file = Files.write(folder("recipe", e.getKey()).resolve("recipe.json"), e.getValue());
            FuzzCase recipe = FuzzCase.recipe("recipe", e.getKey(), file);
            add(e.getKey().startsWith("field") && i++ % 4 != 0 ? recipe : recipe.inFastSubset());
        }
        Path folderAsRecipe = Files.createDirectories(folder("recipe", "a-folder").resolve("recipe.json"));
        add(FuzzCase.recipe("recipe", "a-folder", folderAsRecipe).inFastSubset());
    }

    // ---------------------------------------------------------------- helpers

    private FuzzCase add(FuzzCase fuzzCase) {
        if (!fastOnly || fuzzCase.fast()) {
            cases.add(fuzzCase);
        }
        return fuzzCase;
    }

    /** In the fast subset only: true when the next random mutant is not in it (it is then not written). */
    private boolean skipNextRandom() {
        if (fastOnly && randomMutants % FAST_EVERY != 0) {
            randomMutants++;
            return true;
        }
        return false;
    }

    private void replaceLast(FuzzCase fuzzCase) {
        cases.set(cases.size() - 1, fuzzCase);
    }

    private void addRandom(FuzzCase fuzzCase) {
        add(randomMutants++ % FAST_EVERY == 0 ? fuzzCase.inFastSubset() : fuzzCase);
    }

    private void handFile(String category, String name, String fileName, byte[] bytes) throws IOException {
        Path file = Files.write(folder(category, name).resolve(fileName), bytes);
        add(FuzzCase.model(category, name, file).inFastSubset());
    }

    private Path folder(String category, String name) throws IOException {
        String safe = name.replaceAll("[^A-Za-z0-9._^=+-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 70) + "-" + Integer.toHexString(name.hashCode());
        }
        return Files.createDirectories(root.resolve(category).resolve(safe));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).putInt(at, value);
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        putInt(copy, at, value);
        return copy;
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int padded = (total + 63) / 64 * 64;
        header = header + " ".repeat(padded - total) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] floatsLittleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    private static byte[] longsLittleEndian(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    private static float[] withNaN(float[] values) {
        float[] copy = values.clone();
        copy[5] = Float.NaN;
        return copy;
    }

    /** The PNG with its IHDR width and height replaced and the chunk's CRC recomputed, so decoders believe it. */
    private static byte[] pngWithSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return copy;
    }

    private static byte[] bmpHeader(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        ByteBuffer header = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'B').put((byte) 'M').putInt(54 + 64).putInt(0).putInt(54);
        header.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(64)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        out.write(header.array());
        out.write(new byte[64]);
        return bytes.toByteArray();
    }
}
