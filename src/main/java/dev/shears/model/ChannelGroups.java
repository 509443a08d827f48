package dev.shears.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of dependency analysis: all channel groups of a network, and the layers the pruning
 * engine does not understand (each blocks only the groups that reach it).
 *
 * @param notPrunable node name → reason, in graph order
 */
public record ChannelGroups(List<ChannelGroup> groups, Map<String, String> notPrunable) {
    public ChannelGroups {
        groups = List.copyOf(groups);
        notPrunable = Collections.unmodifiableMap(new LinkedHashMap<>(notPrunable));
    }

    public List<ChannelGroup> prunable() {
        return groups.stream().filter(ChannelGroup::prunable).toList();
    }

    public Optional<ChannelGroup> named(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
