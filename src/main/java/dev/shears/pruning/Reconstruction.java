package dev.shears.pruning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a least-squares reconstruction refitted: each layer's new parameters (graph layout) with how far its
 * outputs were from the unpruned layer's before and after, and the layers left as they were, with why.
 *
 * @param refits  in graph order
 * @param skipped layer → why it was not refitted, in words
 */
public record Reconstruction(List<Refit> refits, Map<String, String> skipped) {
    public Reconstruction {
        refits = List.copyOf(refits);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /**
     * @param values        parameter key → values in the graph's layout, same sizes as the pruned layer's
     * @param errorBefore   mean squared difference from the unpruned layer's outputs with the pruned weights
     * @param errorAfter    the same with the refitted ones
     */
    public record Refit(String layer, Map<String, float[]> values, double errorBefore, double errorAfter) {
        public Refit {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** Layer → key → values, as {@code ModelBackend.withParamValues} takes them. */
    public Map<String, Map<String, float[]>> values() {
        Map<String, Map<String, float[]>> all = new LinkedHashMap<>();
        refits.forEach(r -> all.put(r.layer(), r.values()));
        return all;
    }
}
