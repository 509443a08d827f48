package dev.shears.pruning.recipes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.impact.Budget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes {@link PruningSpec} as JSON. Reading validates everything that does not need a
 * network and names the field and value of the first problem ({@link PruningSpecException}), e.g.
 * {@code layers.conv3.ratio: 1.2 is outside [0, 1)}. Parsed from a tree by hand rather than by data
 * binding, so that every message can say where it is.
 */
public final class PruningSpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A recipe is a few hundred bytes; a per-layer one for a large network some KB. */
    public static final int MAX_RECIPE_BYTES = 4 << 20;
    /** {@code data}: provenance an export adds (which data measured the result); ignored when replaying. */
    private static final Set<String> TOP_FIELDS = Set.of("version", "mode", "scope", "criterion", "ratio",
            "threshold", "minKeep", "roundTo", "seed", "ignore", "layers", "data", "importance", "budget", "maxLayerRatio",
            "reestimateBatchNorm", "refit");
    private static final Set<String> LAYER_FIELDS = Set.of("criterion", "ratio", "threshold", "minKeep", "roundTo");

    private PruningSpecJson() {
    }

    public static PruningSpec read(Path file) throws IOException {
        return read(text(file));
    }

    /**
     * A recipe file's text: UTF-8, at most {@link #MAX_RECIPE_BYTES}; a folder, a missing file, a binary
     * or a huge file is refused with a sentence naming it.
     */
    public static String text(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new PruningSpecException("recipe", "cannot read the recipe " + file + ": it is a folder, not a recipe file");
        }
        if (!Files.isRegularFile(file)) {
            throw new PruningSpecException("recipe", "cannot read the recipe " + file + ": file not found");
        }
        if (Files.size(file) > MAX_RECIPE_BYTES) {
            throw new PruningSpecException("recipe", "cannot read the recipe " + file + ": it is larger than "
                    + (MAX_RECIPE_BYTES >> 20) + " MB; a recipe is a few lines of JSON");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new PruningSpecException("recipe", "cannot read the recipe " + file + ": it is not UTF-8 text; save it"
                    + " as UTF-8 JSON");
        }
    }

    public static PruningSpec read(String json) {
        return read(tree(json));
    }

    /**
     * Exactly one JSON value: trailing garbage or a second object is an error, not silently ignored.
     * Jackson's own wording names its features and tokens, so the reason is said in plain words.
     */
    public static JsonNode tree(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new PruningSpecException("recipe", "empty (expected a JSON object)");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new PruningSpecException("recipe", "not valid JSON" + where + " (" + syntaxProblem(e) + ")");
        }
    }

    private static String syntaxProblem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return "something follows the recipe's JSON value";
        }
        if (message.contains("end-of-input")) {
            return "the text ends before the JSON value does";
        }
        if (message.contains("Non-standard token") || message.contains("NaN")) {
            return "numbers must be finite decimal numbers";
        }
        if (message.contains("nesting depth")) {
            return "it nests too deeply";
        }
        if (message.contains("Duplicate field")) {
            int quote = message.indexOf('\'');
            String field = quote < 0 ? "" : message.substring(quote, message.indexOf('\'', quote + 1) + 1);
            return "a field is given twice" + (field.isEmpty() ? "" : ": " + field);
        }
        if (message.contains("String value length") || message.contains("Number value length")
                || message.contains("length (")) {
            return "a value is too long";
        }
        return "unexpected text; check quotes, commas and brackets";
    }

    public static PruningSpec read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new PruningSpecException("recipe", "expected a JSON object");
        }
        checkFields(root, "", TOP_FIELDS);
        JsonNode version = root.get("version");
        if (version == null) {
            throw new PruningSpecException("version", "missing (this Shears reads version " + PruningSpec.CURRENT_VERSION
                    + ")");
        }
        if (!version.isIntegralNumber() || version.asInt() != PruningSpec.CURRENT_VERSION) {
            throw new PruningSpecException("version", describe(version) + " is not supported (this Shears reads version "
                    + PruningSpec.CURRENT_VERSION + ")");
        }
        PruningMode mode = choice(root, "mode", PruningMode.values(), PruningMode::jsonName)
                .orElse(PruningMode.STRUCTURED);
        Scope scope = choice(root, "scope", Scope.values(), PruningSpecJson::scopeName).orElse(Scope.PER_LAYER);
        CriterionName criterion = criterion(root, "", mode).orElse(CriterionName.L1);
        Amount amount = amount(root, "").orElseThrow(() -> new PruningSpecException("ratio",
                "missing (give ratio or threshold)"));
        int minKeep = structuredOnly(root, "", "minKeep", mode).orElse(1);
        int roundTo = structuredOnly(root, "", "roundTo", mode).orElse(1);
        long seed = root.has("seed") ? wholeNumber(root.get("seed"), "seed") : PruningSpec.DEFAULT_SEED;
        Optional<Importance> importance = choice(root, "importance", Importance.values(), Importance::jsonName);
        if (importance.isPresent() && mode == PruningMode.UNSTRUCTURED) {
            throw new PruningSpecException("importance", "applies to structured pruning only (channels)");
        }
        if (root.has("refit") && mode == PruningMode.UNSTRUCTURED) {
            throw new PruningSpecException("refit", "applies to structured pruning only (channels)");
        }
        importance.flatMap(i -> i.refuses(criterion)).ifPresent(reason -> {
            throw new PruningSpecException("importance", reason);
        });
        return new PruningSpec(PruningSpec.CURRENT_VERSION, mode, scope, criterion, amount, minKeep, roundTo, seed,
                ignore(root.get("ignore")), layers(root.get("layers"), mode), importance.orElse(Importance.PRODUCER),
                budget(root.get("budget")), maxLayerRatio(root.get("maxLayerRatio"), mode, scope),
                examples(root.get("reestimateBatchNorm"), "reestimateBatchNorm", "BatchNorm statistics are measured"
                        + " on"), examples(root.get("refit"), "refit", "layers are refitted on"));
    }

    /**
     * {@code "reestimateBatchNorm": 1024}: after pruning, every BatchNorm's running statistics are measured
     * anew on that many training examples; {@code "refit": 1024}: the layers are refitted to the unpruned
     * outputs on that many. Absent (every recipe written before them): nothing of the kind is done.
     */
    private static int examples(JsonNode node, String field, String what) {
        if (node == null) {
            return 0;
        }
        long examples = wholeNumber(node, field);
        if (examples < 1 || examples > 1_000_000) {
            throw new PruningSpecException(field, describe(node) + " is outside 1 … 1,000,000 (the training"
                    + " examples " + what + ")");
        }
        return (int) examples;
    }

    /**
     * {@code "maxLayerRatio": 0.8}: the most of one layer's channels the global ranking removes. A recipe
     * without it (every recipe written before the cap) has no cap and replays exactly as it did.
     */
    private static double maxLayerRatio(JsonNode node, PruningMode mode, Scope scope) {
        if (node == null) {
            return PruningSpec.NO_CAP;
        }
        if (mode == PruningMode.UNSTRUCTURED || scope != Scope.GLOBAL) {
            throw new PruningSpecException("maxLayerRatio", "applies to structured pruning with the global scope only"
                    + " (one ranking over all layers' channels)");
        }
        double cap = number(node, "maxLayerRatio");
        if (!(cap > 0 && cap <= 1)) {
            throw new PruningSpecException("maxLayerRatio", describe(node) + " is outside (0, 1] (the largest share of"
                    + " one layer's channels the global ranking may remove)");
        }
        return cap;
    }

    /** {@code "budget": {"macs": 0.5}} or {@code {"params": 0.6}}: the share the ratio was solved for. */
    private static Optional<Budget> budget(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject() || node.size() != 1) {
            throw new PruningSpecException("budget", "expected one of {\"macs\": share} or {\"params\": share}, got "
                    + describe(node));
        }
        String name = node.fieldNames().next();
        Budget.Metric metric = Budget.Metric.named(name).orElseThrow(() -> new PruningSpecException("budget." + name,
                "unknown field (expected macs or params)"));
        double keep = number(node.get(name), "budget." + name);
        if (!(keep > 0 && keep <= 1)) {
            throw new PruningSpecException("budget." + name, describe(node.get(name)) + " is outside (0, 1] (the share kept)");
        }
        return Optional.of(new Budget(metric, keep));
    }

    public static String write(PruningSpec spec) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe tree always serialises", e);
        }
    }

    public static ObjectNode toJson(PruningSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", spec.version());
        root.put("mode", spec.mode().jsonName());
        root.put("scope", scopeName(spec.scope()));
        root.put("criterion", spec.criterion().jsonName());
        putAmount(root, spec.amount());
        if (spec.mode() == PruningMode.STRUCTURED) {
            root.put("minKeep", spec.minKeep());
            root.put("roundTo", spec.roundTo());
        }
        root.put("seed", spec.seed());
        if (spec.importance() != Importance.PRODUCER) {
            root.put("importance", spec.importance().jsonName());
        }
        spec.budget().ifPresent(b -> root.putObject("budget").put(b.metric().jsonName(), b.keep()));
        if (spec.capped()) {
            root.put("maxLayerRatio", spec.maxLayerRatio());
        }
        if (spec.reestimatesBatchNorm()) {
            root.put("reestimateBatchNorm", spec.batchNormExamples());
        }
        if (spec.refits()) {
            root.put("refit", spec.refitExamples());
        }
        ArrayNode ignore = root.putArray("ignore");
        spec.ignore().forEach(ignore::add);
        ObjectNode layers = root.putObject("layers");
        spec.layers().forEach((name, o) -> {
            ObjectNode entry = layers.putObject(name);
            o.criterion().ifPresent(c -> entry.put("criterion", c.jsonName()));
            o.amount().ifPresent(a -> putAmount(entry, a));
            o.minKeep().ifPresent(n -> entry.put("minKeep", n));
            o.roundTo().ifPresent(n -> entry.put("roundTo", n));
        });
        return root;
    }

    public static String scopeName(Scope scope) {
        return scope == Scope.GLOBAL ? "global" : "per-layer";
    }

    private static void putAmount(ObjectNode node, Amount amount) {
        if (amount instanceof Amount.Ratio r) {
            node.put("ratio", r.value());
        } else {
            node.put("threshold", ((Amount.Threshold) amount).value());
        }
    }

    private static Map<String, LayerOverride> layers(JsonNode node, PruningMode mode) {
        Map<String, LayerOverride> layers = new LinkedHashMap<>();
        if (node == null) {
            return layers;
        }
        if (!node.isObject()) {
            throw new PruningSpecException("layers", "expected an object of layer name → settings, got " + describe(node));
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            String path = "layers." + e.getKey() + ".";
            JsonNode entry = e.getValue();
            if (!entry.isObject()) {
                throw new PruningSpecException("layers." + e.getKey(), "expected an object of settings, got " + describe(entry));
            }
            checkFields(entry, path, LAYER_FIELDS);
            layers.put(e.getKey(), new LayerOverride(criterion(entry, path, mode), amount(entry, path),
                    structuredOnly(entry, path, "minKeep", mode), structuredOnly(entry, path, "roundTo", mode)));
        }
        return layers;
    }

    private static List<String> ignore(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        if (!node.isArray()) {
            throw new PruningSpecException("ignore", "expected a list of layer names, got " + describe(node));
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new PruningSpecException("ignore[" + i + "]", "expected a layer name, got " + describe(node.get(i)));
            }
            names.add(node.get(i).asText());
        }
        return names;
    }

    private static Optional<CriterionName> criterion(JsonNode node, String path, PruningMode mode) {
        Optional<CriterionName> criterion = choice(node, path + "criterion", "criterion", CriterionName.values(),
                CriterionName::jsonName);
        if (mode == PruningMode.UNSTRUCTURED && criterion.isPresent() && !criterion.get().elementWise()) {
            throw new PruningSpecException(path + "criterion", "'" + criterion.get().jsonName()
                    + "' ranks whole channels; unstructured pruning takes l1, l2 (both |w|), obd or random");
        }
        return criterion;
    }

    private static Optional<Amount> amount(JsonNode node, String path) {
        JsonNode ratio = node.get("ratio");
        JsonNode threshold = node.get("threshold");
        if (ratio != null && threshold != null) {
            throw new PruningSpecException(path + "threshold", "give ratio or threshold, not both");
        }
        if (ratio != null) {
            double r = number(ratio, path + "ratio");
            if (!(r >= 0 && r < 1)) {
                throw new PruningSpecException(path + "ratio", ratio + " is outside [0, 1)");
            }
            return Optional.of(Amount.ratio(r));
        }
        if (threshold != null) {
            double t = number(threshold, path + "threshold");
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new PruningSpecException(path + "threshold", threshold + " must be a finite number >= 0");
            }
            return Optional.of(Amount.threshold(t));
        }
        return Optional.empty();
    }

    /** minKeep and roundTo: whole numbers >= 1, meaningless for single weights. */
    private static Optional<Integer> structuredOnly(JsonNode node, String path, String field, PruningMode mode) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (mode == PruningMode.UNSTRUCTURED) {
            throw new PruningSpecException(path + field, "applies to structured pruning only (channels)");
        }
        long n = wholeNumber(value, path + field);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new PruningSpecException(path + field, describe(value) + " must be at least 1");
        }
        return Optional.of((int) n);
    }

    private static double number(JsonNode value, String field) {
        if (!value.isNumber()) {
            throw new PruningSpecException(field, "expected a number, got " + describe(value));
        }
        return value.asDouble();
    }

    private static long wholeNumber(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new PruningSpecException(field, "expected a whole number, got " + describe(value));
        }
        return value.asLong();
    }

    private static <E> Optional<E> choice(JsonNode node, String field, E[] values, Function<E, String> name) {
        return choice(node, field, field, values, name);
    }

    private static <E> Optional<E> choice(JsonNode node, String path, String field, E[] values,
                                          Function<E, String> name) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        for (E e : values) {
            if (value.isTextual() && name.apply(e).equals(value.asText())) {
                return Optional.of(e);
            }
        }
        throw new PruningSpecException(path, describe(value) + " is not one of "
                + String.join(", ", Arrays.stream(values).map(name).toList()));
    }

    /** Text in quotes as a user would write it in a message, numbers and the rest as JSON. */
    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "an empty value";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }

    private static void checkFields(JsonNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new PruningSpecException(path + name, "unknown field (expected one of "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
