package dev.shears.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A data profile as JSON — in the settings folder, in recipes and reports, and given to the CLI
 * with {@code --profile}: {@code {"validation": {"kind": "image_folder", "path": "/data/flowers",
 * "options": {"mean": "0.5"}}, "test": …, "train": …}}. Unknown roles or kinds are refused by name.
 */
public final class DataProfileJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DataProfileJson() {
    }

    public static ObjectNode toJson(DataProfile profile) {
        ObjectNode root = MAPPER.createObjectNode();
        for (DataRole role : DataRole.values()) {
            profile.source(role).ifPresent(spec -> root.set(key(role), toJson(spec)));
        }
        return root;
    }

    public static ObjectNode toJson(DataSpec spec) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", spec.kind().name().toLowerCase(Locale.ROOT));
        node.put("path", spec.path().toString());
        ObjectNode options = node.putObject("options");
        spec.options().forEach(options::put);
        return node;
    }

    public static String write(DataProfile profile) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(profile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** Reads a profile; {@code where} names the file or recipe in error sentences. */
    public static DataProfile read(String json, String where) throws DataException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(where + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        return read(root, where);
    }

    public static DataProfile read(JsonNode root, String where) throws DataException {
        if (root == null || !root.isObject()) {
            throw new DataException(where + " does not hold a data profile (a JSON object with validation, test"
                    + " and train sources)");
        }
        Map<DataRole, DataSpec> sources = new EnumMap<>(DataRole.class);
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            DataRole role = role(field.getKey(), where);
            sources.put(role, spec(field.getValue(), where + " (" + field.getKey() + ")"));
        }
        return new DataProfile(sources);
    }

    private static DataSpec spec(JsonNode node, String where) throws DataException {
        String kind = node.path("kind").asText("");
        String path = node.path("path").asText("");
        if (path.isEmpty()) {
            throw new DataException(where + " has no path");
        }
        DataKind dataKind;
        try {
            dataKind = DataKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": '" + kind + "' is not a kind of data Shears reads (idx, image_folder,"
                    + " npz, npy, csv)");
        }
        Map<String, String> options = new TreeMap<>();
        node.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        return new DataSpec(dataKind, Path.of(path), options);
    }

    private static String key(DataRole role) {
        return switch (role) {
            case VALIDATION -> "validation";
            case TEST -> "test";
            case TRAIN -> "train";
        };
    }

    private static DataRole role(String key, String where) throws DataException {
        for (DataRole role : DataRole.values()) {
            if (key(role).equals(key)) {
                return role;
            }
        }
        throw new DataException(where + ": '" + key + "' is not a data role (validation, test, train)");
    }
}
