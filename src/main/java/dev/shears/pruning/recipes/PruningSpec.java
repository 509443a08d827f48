package dev.shears.pruning.recipes;

import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.impact.Budget;
import dev.shears.pruning.planning.BudgetSolver;
import dev.shears.pruning.planning.SpecResolver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pruning recipe: what the user asked for, independent of any one network until it is resolved
 * against one ({@link SpecResolver}). Read and validated from versioned JSON by
 * {@link PruningSpecJson}, the one entry point for users (the CLI's flags become the same JSON).
 *
 * @param criterion  default criterion of every layer
 * @param amount     default ratio or threshold of every layer (ratio in [0, 1))
 * @param minKeep    structured only: channels every group keeps at least
 * @param roundTo    structured only: kept channel counts are rounded up to a multiple of it
 * @param seed       for the random criterion
 * @param ignore     layer names left untouched
 * @param layers     layer name → override, in recipe order
 * @param importance structured only: which tensors of a channel group score its channels
 * @param budget     the MACs or parameter share the ratio was solved for ({@link BudgetSolver}); a note
 *                   of intent — replaying the recipe uses its ratio
 * @param maxLayerRatio structured, global scope only: the largest share of any one channel group the global
 *                   ranking may remove (like Torch-Pruning's {@code max_pruning_ratio}); {@link #NO_CAP} (1)
 *                   lets the ranking empty a layer down to {@code minKeep} — what recipes written before the
 *                   cap existed do, and still do when replayed
 * @param batchNormExamples after pruning, re-estimate every BatchNorm's running statistics on this many
 *                   training examples (EagleEye's adaptive BatchNorm); 0: leave them as the unpruned network had
 *                   them — what recipes written before this existed do
 * @param refitExamples after pruning, refit the layers by least squares to the unpruned network's outputs on
 *                   this many training examples ({@link dev.shears.pruning.service.LayerRefit}); 0: keep the
 *                   pruned weights as they are — what recipes written before this existed do
 */
public record PruningSpec(int version, PruningMode mode, Scope scope, CriterionName criterion, Amount amount,
                          int minKeep, int roundTo, long seed, List<String> ignore,
                          Map<String, LayerOverride> layers, Importance importance, Optional<Budget> budget,
                          double maxLayerRatio, int batchNormExamples, int refitExamples) {
    public static final int CURRENT_VERSION = 1;
    public static final long DEFAULT_SEED = 42;
    /** No cap: the global ranking may take a group down to its {@code minKeep} channels. */
    public static final double NO_CAP = 1.0;
    /**
     * The cap the app and the CLI's {@code --global} start with: at 50 % of all channels no layer keeps
     * less than 40 % while the ranking still prefers layers (0.8 let lenet-5 fall to 43 %, 0.6 keeps 62 %;
     * measured in decision 0032).
     */
    public static final double DEFAULT_MAX_LAYER_RATIO = 0.6;

    public PruningSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(budget, "budget");
        if (!(maxLayerRatio > 0 && maxLayerRatio <= 1)) {
            throw new IllegalArgumentException("maxLayerRatio must be in (0, 1], got " + maxLayerRatio);
        }
        if (batchNormExamples < 0) {
            throw new IllegalArgumentException("batchNormExamples must be >= 0, got " + batchNormExamples);
        }
        if (refitExamples < 0) {
            throw new IllegalArgumentException("refitExamples must be >= 0, got " + refitExamples);
        }
        ignore = List.copyOf(ignore);
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** A recipe that keeps the pruned weights as they are (no refit). */
    public PruningSpec(int version, PruningMode mode, Scope scope, CriterionName criterion, Amount amount,
                       int minKeep, int roundTo, long seed, List<String> ignore, Map<String, LayerOverride> layers,
                       Importance importance, Optional<Budget> budget, double maxLayerRatio, int batchNormExamples) {
        this(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers, importance, budget,
                maxLayerRatio, batchNormExamples, 0);
    }

    /** A recipe that leaves the BatchNorm statistics as they are. */
    public PruningSpec(int version, PruningMode mode, Scope scope, CriterionName criterion, Amount amount,
                       int minKeep, int roundTo, long seed, List<String> ignore, Map<String, LayerOverride> layers,
                       Importance importance, Optional<Budget> budget, double maxLayerRatio) {
        this(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers, importance, budget,
                maxLayerRatio, 0);
    }

    /** A recipe without a per-layer cap ({@link #NO_CAP}). */
    public PruningSpec(int version, PruningMode mode, Scope scope, CriterionName criterion, Amount amount,
                       int minKeep, int roundTo, long seed, List<String> ignore, Map<String, LayerOverride> layers,
                       Importance importance, Optional<Budget> budget) {
        this(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers, importance, budget,
                NO_CAP);
    }

    /** A recipe scored by each criterion's own tensors ({@link Importance#PRODUCER}), without a budget or cap. */
    public PruningSpec(int version, PruningMode mode, Scope scope, CriterionName criterion, Amount amount,
                       int minKeep, int roundTo, long seed, List<String> ignore, Map<String, LayerOverride> layers) {
        this(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers, Importance.PRODUCER,
                Optional.empty());
    }

    /** The same recipe with another default amount and layer overrides (everything else kept). */
    public PruningSpec with(Amount newAmount, Map<String, LayerOverride> newLayers) {
        return new PruningSpec(version, mode, scope, criterion, newAmount, minKeep, roundTo, seed, ignore, newLayers,
                importance, budget, maxLayerRatio, batchNormExamples, refitExamples);
    }

    public PruningSpec withImportance(Importance newImportance) {
        return new PruningSpec(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers,
                newImportance, budget, maxLayerRatio, batchNormExamples, refitExamples);
    }

    /** The recipe with the amount solved for a budget, and the budget noted. */
    public PruningSpec solvedFor(Budget solved, Amount newAmount) {
        return new PruningSpec(version, mode, scope, criterion, newAmount, minKeep, roundTo, seed, ignore, layers,
                importance, Optional.of(solved), maxLayerRatio, batchNormExamples, refitExamples);
    }

    /** The same recipe with another per-layer cap for the global ranking. */
    public PruningSpec withMaxLayerRatio(double cap) {
        return new PruningSpec(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers,
                importance, budget, cap, batchNormExamples, refitExamples);
    }

    /** The same recipe re-estimating BatchNorm statistics on {@code examples} examples after pruning (0: not). */
    public PruningSpec withBatchNormExamples(int examples) {
        return new PruningSpec(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers,
                importance, budget, maxLayerRatio, examples, refitExamples);
    }

    /** The same recipe refitting the layers on {@code examples} examples after pruning (0: not). */
    public PruningSpec withRefitExamples(int examples) {
        return new PruningSpec(version, mode, scope, criterion, amount, minKeep, roundTo, seed, ignore, layers,
                importance, budget, maxLayerRatio, batchNormExamples, examples);
    }

    /** Whether pruning is followed by refitting the layers to the unpruned outputs. */
    public boolean refits() {
        return refitExamples > 0;
    }

    /** Whether pruning is followed by re-estimating the BatchNorm statistics. */
    public boolean reestimatesBatchNorm() {
        return batchNormExamples > 0;
    }

    /** Whether a cap limits the global ranking (structured, global scope, below 1). */
    public boolean capped() {
        return mode == PruningMode.STRUCTURED && scope == Scope.GLOBAL && maxLayerRatio < NO_CAP;
    }
}
