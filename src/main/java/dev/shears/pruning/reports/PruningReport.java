package dev.shears.pruning.reports;

import dev.shears.pruning.PruningMode;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.plan.NetworkCost;
import dev.shears.pruning.recipes.Provenance;
import dev.shears.pruning.recipes.PruningSpec;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * @param fineTune         present when the pruned network was fine-tuned
 */
public record PruningReport(Provenance provenance, PruningMode mode, List<LayerReport> layers, NetworkCost before,
                            NetworkCost after, long storedParams, long channelsBefore, long channelsAfter,
                            Optional<Equivalence> equivalence, Equivalence outputChange, String checkInputs,
                            Map<String, String> skipped, Map<String, String> notPrunable,
                            Optional<FineTuneSummary> fineTune) {
    public PruningReport {
        layers = List.copyOf(layers);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        notPrunable = Collections.unmodifiableMap(new LinkedHashMap<>(notPrunable));
        Objects.requireNonNull(fineTune, "fineTune");
    }

    /** A report of pruning alone, without fine-tuning. */
    public PruningReport(Provenance provenance, PruningMode mode, List<LayerReport> layers, NetworkCost before,
                         NetworkCost after, long storedParams, long channelsBefore, long channelsAfter,
                         Optional<Equivalence> equivalence, Equivalence outputChange, String checkInputs,
                         Map<String, String> skipped, Map<String, String> notPrunable) {
        this(provenance, mode, layers, before, after, storedParams, channelsBefore, channelsAfter, equivalence,
                outputChange, checkInputs, skipped, notPrunable, Optional.empty());
    }

    public PruningReport withFineTune(FineTuneSummary summary) {
        return new PruningReport(provenance, mode, layers, before, after, storedParams, channelsBefore, channelsAfter,
                equivalence, outputChange, checkInputs, skipped, notPrunable, Optional.of(summary));
    }

    /**
     * Several pruning steps applied one after another (iterative pruning) as one report: sizes before
     * come from the first step, sizes after, skipped groups and the output change from the last, the
     * equivalence check is the worst of all steps, and the recipe is the one the user gave.
     */
    public static PruningReport chain(List<PruningReport> steps, PruningSpec recipe) {
        PruningReport first = steps.get(0);
        PruningReport last = steps.get(steps.size() - 1);
        Map<String, LayerReport> lastLayers = new LinkedHashMap<>();
        last.layers().forEach(l -> lastLayers.put(l.name(), l));
        List<LayerReport> layers = first.layers().stream().map(l -> {
            LayerReport after = lastLayers.getOrDefault(l.name(), l);
            return new LayerReport(l.name(), l.type(), l.paramsBefore(), after.paramsAfter(), l.macsBefore(),
                    after.macsAfter(), l.channelsBefore(), after.channelsAfter());
        }).toList();
        Optional<Equivalence> worst = steps.stream().flatMap(s -> s.equivalence().stream())
                .max(Comparator.comparingDouble(Equivalence::maxAbsDifference));
        Provenance p = first.provenance();
        return new PruningReport(new Provenance(p.sourceFile(), p.sourceSha256(), recipe, p.shearsVersion(),
                p.createdAt()), first.mode(), layers, first.before(), last.after(), last.storedParams(),
                first.channelsBefore(), last.channelsAfter(), worst, last.outputChange(), last.checkInputs(),
                last.skipped(), last.notPrunable(), last.fineTune());
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

    /**
     * Why {@link #equivalent()} is false, in a sentence without a full stop (the caller says what
     * follows): the difference and what it was measured on, or that the outputs were not finite.
     */
    public Optional<String> whyNotEquivalent() {
        if (equivalent()) {
            return Optional.empty();
        }
        Equivalence e = equivalence.orElseThrow();
        String how = e.method().isEmpty() ? "" : " (" + e.method() + ")";
        return Optional.of(Double.isNaN(e.maxAbsDifference())
                ? "the outputs are not finite on " + checkInputs + how + ": nothing proves the pruned model equal to"
                + " the masked original"
                : String.format(java.util.Locale.ROOT, "the pruned model differs from the masked original by %.3g"
                + " (tolerance %.0e) on %s%s", e.maxAbsDifference(), Equivalence.TOLERANCE, checkInputs, how));
    }

    /** True unless a structured result disagrees with its masked original beyond float rounding. */
    public boolean equivalent() {
        return equivalence.map(e -> e.maxAbsDifference() <= Equivalence.TOLERANCE).orElse(true);
    }
}
