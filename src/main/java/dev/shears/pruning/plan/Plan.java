package dev.shears.pruning.plan;

/** Either kind of plan: channels removed ({@link PruningPlan}) or weights zeroed ({@link UnstructuredPlan}). */
public sealed interface Plan permits PruningPlan, UnstructuredPlan {
    NetworkCost before();

    NetworkCost after();
}
