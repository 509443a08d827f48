package dev.shears.ui.lessons;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a lesson: the state it sets, the idea it explains (2–4 sentences) with its source, what
 * the student is asked to do, and the condition on the app's real state that says it is done.
 *
 * @param views the parts of the window the step needs; presentation mode hides the others
 *              ({@link LessonFormat#PARTS})
 */
public record LessonStep(String title, String text, String source, String task, Setup setup, Condition done,
                         Set<String> views) {
    public LessonStep {
        views = Set.copyOf(views);
    }

    /**
     * The state a step starts from; every field optional. {@code model} is a bundled sample's name,
     * {@code view} a tab ("heatmap", "histogram", "3d", "sensitivity", "layers", "graph"), {@code threshold}
     * the weight views' |w| threshold; {@code recovery} what follows removing channels ("refit", "batchnorm",
     * "none" — a step that sets a ratio without naming one shows the pruning alone, "none"); the rest are the
     * pruning panel's fields.
     */
    public record Setup(Optional<String> model, Optional<String> layer, List<String> views, Optional<String> mode,
                        Optional<String> criterion, Optional<String> target, Optional<Double> ratio,
                        Optional<Double> threshold, Optional<Double> maxLayerRatio, Optional<String> recovery) {
        public Setup {
            views = List.copyOf(views);
        }
    }
}
