package dev.shears.ui.lessons;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.pruning.CriterionName;
import dev.shears.samples.SampleArchitectures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a lesson file (JSON, documented in {@code src/site/lessons.md}) and checks everything in it
 * that does not need a model: unknown fields, names of views, modes, criteria and samples, ranges.
 * Every refusal is a sentence naming the file, the step and the field.
 */
public final class LessonFormat {
    /** A lesson is a few KB of text. */
    public static final int MAX_BYTES = 256 * 1024;
    /** The tabs a step can show or test. */
    public static final Set<String> VIEWS = Set.of("heatmap", "histogram", "3d", "sensitivity", "layers", "graph");
    /** The parts of the window a step can need (presentation mode hides the others). */
    public static final Set<String> PARTS = Set.of("tree", "weights", "details", "pruning", "sizes");
    static final Set<String> MODES = Set.of("channels", "weights");
    static final Set<String> TARGETS = Set.of("global", "every-layer", "selected-layer");
    static final Set<String> SCHEDULES = Set.of("oneshot", "agp");
    /** What follows removing channels: the pruning panel's choice (see {@code ui.pruning.Recovery}). */
    static final Set<String> RECOVERIES = Set.of("refit", "batchnorm", "none");
    private static final Set<String> LESSON_FIELDS = Set.of("title", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("title", "text", "source", "task", "setup", "done", "views");
    private static final Set<String> SETUP_FIELDS = Set.of("model", "layer", "view", "mode", "criterion", "target",
            "ratio", "threshold", "maxLayerRatio", "recovery");
    private static final Set<String> CONDITION_FIELDS = Set.of("all", "any", "model", "layer", "coupled", "view", "mode",
            "criterion", "target", "ratio", "maxLayerRatio", "maskedShare", "keptShare", "paramsKept", "macsKept",
            "accuracy", "applied", "sensitivityScanned", "schedule", "agpSteps", "recovery");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LessonFormat() {
    }

    /** @param id the file's name without .json; @param origin where it was read, for messages */
    public static Lesson read(String id, String json, String origin) throws LessonFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new LessonFormatException("The lesson " + origin + " is not valid JSON" + where
                    + "; check quotes, commas and brackets.");
        }
        try {
            return lesson(id, root, origin);
        } catch (Refused r) {
            throw new LessonFormatException("The lesson " + origin + " cannot be used: " + r.getMessage() + ".");
        }
    }

    /** A problem at a place in the file; becomes the sentence of a {@link LessonFormatException}. */
    private static final class Refused extends RuntimeException {
        Refused(String where, String why) {
            super(where + " " + why);
        }
    }

    private static Lesson lesson(String id, JsonNode root, String origin) {
        if (root == null || !root.isObject()) {
            throw new Refused("the file", "must hold one JSON object with a title and steps");
        }
        fields(root, "the file", LESSON_FIELDS);
        String title = text(root, "title", "the file", true).orElseThrow();
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new Refused("the file", "needs \"steps\": a list of at least one step");
        }
        List<LessonStep> read = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            read.add(step(steps.get(i), "step " + (i + 1)));
        }
        return new Lesson(id, title, read, origin);
    }

    private static LessonStep step(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new Refused(where, "must be an object with title, text, source, task, setup and done");
        }
        fields(node, where, STEP_FIELDS);
        String title = text(node, "title", where, true).orElseThrow();
        String text = text(node, "text", where, true).orElseThrow();
        String source = text(node, "source", where, true).orElseThrow();
        String task = text(node, "task", where, true).orElseThrow();
        LessonStep.Setup setup = setup(node.get("setup"), where + ", setup");
        JsonNode done = node.get("done");
        if (done == null) {
            throw new Refused(where, "needs \"done\": the condition that says the task is done (see lessons.md)");
        }
        Condition condition = condition(done, where + ", done");
        Set<String> views = new LinkedHashSet<>(PARTS);
        JsonNode parts = node.get("views");
        if (parts != null) {
            views = new LinkedHashSet<>(names(parts, where + ", views", PARTS));
        }
        return new LessonStep(title, text, source, task, setup, condition, views);
    }

    private static LessonStep.Setup setup(JsonNode node, String where) {
        if (node == null) {
            return new LessonStep.Setup(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        if (!node.isObject()) {
            throw new Refused(where, "must be an object");
        }
        fields(node, where, SETUP_FIELDS);
        Optional<String> model = text(node, "model", where, false);
        model.ifPresent(m -> oneOf(m, where + ", model", Set.copyOf(SampleArchitectures.NAMES)));
        List<String> views = node.has("view") ? viewList(node.get("view"), where + ", view") : List.of();
        return new LessonStep.Setup(model, text(node, "layer", where, false), views,
                text(node, "mode", where, false).map(m -> oneOf(m, where + ", mode", MODES)),
                text(node, "criterion", where, false).map(c -> criterion(c, where + ", criterion")),
                text(node, "target", where, false).map(t -> oneOf(t, where + ", target", TARGETS)),
                share(node, "ratio", where, 0, 0.95), number(node, "threshold", where),
                share(node, "maxLayerRatio", where, 0.01, 1),
                text(node, "recovery", where, false).map(r -> oneOf(r, where + ", recovery", RECOVERIES)));
    }

    /** "view": "graph" or ["graph", "heatmap"]: a sidebar tab and a weights tab can both be chosen. */
    private static List<String> viewList(JsonNode node, String where) {
        if (node.isTextual()) {
            return List.of(oneOf(node.asText(), where, VIEWS));
        }
        return names(node, where, VIEWS);
    }

    private static Condition condition(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new Refused(where, "must be an object of conditions, e.g. {\"layer\": \"conv2\", \"maskedShare\":"
                    + " {\"atLeast\": 0.45, \"atMost\": 0.55}}");
        }
        fields(node, where, CONDITION_FIELDS);
        if (node.has("keptShare") && !node.has("layer")) {
            throw new Refused(where + ", keptShare", "needs \"layer\": the layer whose kept share is tested");
        }
        List<Condition> all = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String at = where + ", " + f.getKey();
            JsonNode v = f.getValue();
            all.add(switch (f.getKey()) {
                case "all" -> new Condition.All(conditions(v, at));
                case "any" -> new Condition.Any(conditions(v, at));
                case "model" -> {
                    String name = string(v, at);
                    yield new Condition.Test(f.getKey(), s -> s.modelName().filter(name::equals).isPresent());
                }
                case "layer" -> {
                    String name = string(v, at);
                    yield new Condition.Test(f.getKey(), s -> s.selectedLayer().filter(name::equals).isPresent());
                }
                case "coupled" -> {
                    String name = string(v, at);
                    yield new Condition.Test(f.getKey(), s -> s.coupledLayers().contains(name));
                }
                case "view" -> {
                    List<String> views = viewList(v, at);
                    yield new Condition.Test(f.getKey(), s -> s.shownViews().containsAll(views));
                }
                case "mode" -> equalsText(f.getKey(), oneOf(string(v, at), at, MODES), LessonState::mode);
                case "criterion" -> equalsText(f.getKey(), criterion(string(v, at), at), LessonState::criterion);
                case "target" -> equalsText(f.getKey(), oneOf(string(v, at), at, TARGETS), LessonState::target);
                case "schedule" -> equalsText(f.getKey(), oneOf(string(v, at), at, SCHEDULES), LessonState::schedule);
                case "recovery" -> equalsText(f.getKey(), oneOf(string(v, at), at, RECOVERIES), LessonState::recovery);
                case "ratio" -> inRange(f.getKey(), range(v, at), s -> OptionalDouble.of(s.ratio()));
                case "maxLayerRatio" -> inRange(f.getKey(), range(v, at), s -> OptionalDouble.of(s.maxLayerRatio()));
                case "maskedShare" -> inRange(f.getKey(), range(v, at), LessonState::maskedShare);
                case "keptShare" -> {
                    String layer = node.get("layer").asText();
                    yield inRange(f.getKey(), range(v, at), s -> s.keptShare(layer));
                }
                case "paramsKept" -> inRange(f.getKey(), range(v, at), LessonState::paramsKept);
                case "macsKept" -> inRange(f.getKey(), range(v, at), LessonState::macsKept);
                case "accuracy" -> inRange(f.getKey(), range(v, at), LessonState::accuracy);
                case "agpSteps" -> inRange(f.getKey(), range(v, at), s -> OptionalDouble.of(s.agpSteps()));
                case "applied" -> {
                    boolean applied = bool(v, at);
                    yield new Condition.Test(f.getKey(), s -> (s.currentStep() > 0) == applied);
                }
                case "sensitivityScanned" -> {
                    boolean scanned = bool(v, at);
                    yield new Condition.Test(f.getKey(), s -> s.sensitivityScanned() == scanned);
                }
                default -> throw new IllegalStateException("field checked above: " + f.getKey());
            });
        }
        return all.size() == 1 ? all.get(0) : new Condition.All(all);
    }

    private static List<Condition> conditions(JsonNode node, String where) {
        if (!node.isArray() || node.isEmpty()) {
            throw new Refused(where, "must be a list of at least one condition");
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(condition(node.get(i), where + "[" + (i + 1) + "]"));
        }
        return out;
    }

    private static Condition equalsText(String field, String expected, Function<LessonState, String> actual) {
        return new Condition.Test(field, s -> expected.equals(actual.apply(s)));
    }

    private static Condition inRange(String field, Condition.Range range, Function<LessonState, OptionalDouble> actual) {
        return new Condition.Test(field, s -> range.contains(actual.apply(s)));
    }

    /** {@code {"atLeast": 0.45, "atMost": 0.55}}, at least one bound, finite, in order. */
    static Condition.Range range(JsonNode node, String where) {
        if (!node.isObject() || node.isEmpty()) {
            throw new Refused(where, "must be a range such as {\"atLeast\": 0.45, \"atMost\": 0.55}, not "
                    + describe(node));
        }
        fields(node, where, Set.of("atLeast", "atMost"));
        double atLeast = node.has("atLeast") ? finite(node.get("atLeast"), where + ".atLeast") : Double.NaN;
        double atMost = node.has("atMost") ? finite(node.get("atMost"), where + ".atMost") : Double.NaN;
        if (atLeast > atMost) {
            throw new Refused(where, "has atLeast " + atLeast + " above atMost " + atMost + ": nothing can be in it");
        }
        return new Condition.Range(atLeast, atMost);
    }

    private static double finite(JsonNode node, String where) {
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new Refused(where, "must be a number, not " + describe(node));
        }
        return node.asDouble();
    }

    private static Optional<Double> number(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        return v == null ? Optional.empty() : Optional.of(finite(v, where + ", " + field));
    }

    private static Optional<Double> share(JsonNode node, String field, String where, double min, double max) {
        Optional<Double> v = number(node, field, where);
        v.ifPresent(x -> {
            if (x < min || x > max) {
                throw new Refused(where + ", " + field, "is " + x + ", outside [" + min + ", " + max + "]");
            }
        });
        return v;
    }

    private static String criterion(String name, String where) {
        return oneOf(name, where, Arrays.stream(CriterionName.values()).map(CriterionName::jsonName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    private static String oneOf(String value, String where, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new Refused(where, "is '" + value + "', which is not one of " + String.join(", ",
                    new java.util.TreeSet<>(allowed)));
        }
        return value;
    }

    private static List<String> names(JsonNode node, String where, Set<String> allowed) {
        if (!node.isArray() || node.isEmpty()) {
            throw new Refused(where, "must be a list of names from " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(oneOf(string(node.get(i), where + "[" + (i + 1) + "]"), where + "[" + (i + 1) + "]", allowed));
        }
        return out;
    }

    private static Optional<String> text(JsonNode node, String field, String where, boolean required) {
        JsonNode v = node.get(field);
        if (v == null) {
            if (required) {
                throw new Refused(where, "needs \"" + field + "\"");
            }
            return Optional.empty();
        }
        String s = string(v, where + ", " + field);
        if (s.isBlank()) {
            throw new Refused(where + ", " + field, "is empty");
        }
        return Optional.of(s.strip());
    }

    private static String string(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new Refused(where, "must be text in quotes, not " + describe(v));
        }
        return v.asText();
    }

    private static boolean bool(JsonNode v, String where) {
        if (!v.isBoolean()) {
            throw new Refused(where, "must be true or false, not " + describe(v));
        }
        return v.asBoolean();
    }

    private static void fields(JsonNode node, String where, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new Refused(where, "has an unknown field \"" + name + "\" (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String describe(JsonNode v) {
        return v == null || v.isNull() ? "an empty value" : v.isTextual() ? "'" + v.asText() + "'" : v.toString();
    }
}
