package dev.shears.pruning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pruning run did, per layer and in total. Channel, parameter and MAC ratios are all given
 * because they differ: removing half of the channels removes about three quarters of a middle
 * conv's weights (its inputs and outputs both shrink).
 *
 * @param storedParams     parameters the resulting network stores (numParams())
 * @param channelsBefore   channels over all channel groups
 * @param equivalence      structured only: the shrunk network against the masked original
 * @param outputChange     the original against the result: how far pruning moved the outputs
 * @param checkInputs      what {@code equivalence} and {@code outputChange} ran on
 * @param skipped          groups kept whole on purpose (ignored, criterion not applicable) → reason
 * @param notPrunable      layers the engine does not understand → reason (they block their groups)
 */
public record PruningReport(Provenance provenance, PruningMode mode, List<LayerReport> layers, NetworkCost before,
                            NetworkCost after, long storedParams, long channelsBefore, long channelsAfter,
                            Optional<Equivalence> equivalence, Equivalence outputChange, String checkInputs,
                            Map<String, String> skipped, Map<String, String> notPrunable) {
    /** Largest |shrunk − masked| accepted as float rounding; a wrong slice shows as 1e-2 and more. */
    public static final double EQUIVALENCE_TOLERANCE = 1e-4;

    public PruningReport {
        layers = List.copyOf(layers);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        notPrunable = Collections.unmodifiableMap(new LinkedHashMap<>(notPrunable));
    }

    public double keptChannelRatio() {
        return channelsBefore == 0 ? 1 : (double) channelsAfter / channelsBefore;
    }

    public double keptParamRatio() {
        return before.params() == 0 ? 1 : (double) after.params() / before.params();
    }

    public double keptMacRatio() {
        return before.macs() == 0 ? 1 : (double) after.macs() / before.macs();
    }

    /** True unless a structured result disagrees with its masked original beyond float rounding. */
    public boolean equivalent() {
        return equivalence.map(e -> e.maxAbsDifference() <= EQUIVALENCE_TOLERANCE).orElse(true);
    }
}
