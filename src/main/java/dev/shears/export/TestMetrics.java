package dev.shears.export;

import dev.shears.eval.EvaluationResult;
import java.util.Objects;

/** The original and the pruned model measured on the same Fashion-MNIST test-split images. */
public record TestMetrics(EvaluationResult before, EvaluationResult after) {
    public TestMetrics {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
