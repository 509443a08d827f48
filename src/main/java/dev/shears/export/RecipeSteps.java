package dev.shears.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The exported recipe file. One step is written as the plain version-1 recipe object, exactly what
 * {@code shears prune --recipe} reads. Several steps are written as a JSON array of such objects,
 * first step first; each element is a complete recipe that replays its step on the previous step's
 * output (structured pruning keeps layer names).
 */
public final class RecipeSteps {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecipeSteps() {
    }

    public static String write(List<PruningSpec> steps) {
        return write(steps, List.of());
    }

    /**
     * The recipe, each step carrying {@code data}: the sources the result was measured on (name,
     * examples, SHA-256 fingerprint) — provenance, ignored when the recipe is replayed.
     */
    public static String write(List<PruningSpec> steps, List<DataUsed> data) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a recipe has at least one step");
        }
        ArrayNode array = MAPPER.createArrayNode();
        for (PruningSpec spec : steps) {
            ObjectNode step = PruningSpecJson.toJson(spec);
            if (!data.isEmpty()) {
                ObjectNode provenance = step.putObject("data");
                for (DataUsed used : data) {
                    ObjectNode source = provenance.putObject(used.role());
                    source.put("name", used.name());
                    source.put("examples", used.examples());
                    source.put("sha256", used.sha256());
                }
            }
            array.add(step);
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array.size() == 1 ? array.get(0) : array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe tree always serialises", e);
        }
    }

    /** One data source a result was measured on: its role ("validation", "test"), name, size and fingerprint. */
    public record DataUsed(String role, String name, int examples, String sha256) {
    }

    /** Reads either form; a problem in step i is reported as {@code [i].field: problem}. */
    public static List<PruningSpec> read(String json) {
        JsonNode root = PruningSpecJson.tree(json); // strict: one value, nothing after it
        if (!root.isArray()) {
            return List.of(PruningSpecJson.read(root));
        }
        if (root.isEmpty()) {
            throw new PruningSpecException("recipe", "an empty list of steps");
        }
        List<PruningSpec> steps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                steps.add(PruningSpecJson.read(root.get(i)));
            } catch (PruningSpecException e) {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                throw new PruningSpecException("[" + i + "]." + message.substring(0, colon),
                        message.substring(colon + 2));
            }
        }
        return steps;
    }
}
