package dev.shears.ui.shell;

import dev.shears.io.InputShapes;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoadException;
import java.util.Optional;

/**
 * A model just opened whose file does not record its input size: the guess Shears read it with
 * (shapes and MACs depend on it), which sizes its layers take, and how to read it with the user's
 * answer. Answers are checked against every layer before the model is read again.
 *
 * @param guessed  the model read with the guessed size
 * @param accepted the sizes the layers take, in words ("any size from 3×32×32"), when known
 */
public record InputShapeRequest(LoadedModel guessed, Optional<String> accepted) {
    /** The guess as the user types it: "3,224,224". */
    public String guess() {
        return InputShapes.format(InputShapes.asTyped(guessed.graph().input()));
    }

    /** The question in a sentence or two. */
    public String question() {
        return guessed.file().getFileName() + " does not record the size of its input"
                + accepted.map(a -> "; its layers take " + a).orElse("") + ". Shapes and MACs depend on it."
                + " Give the size it was trained on as channels, height, width.";
    }

    /**
     * The model read with {@code text} as its input size (its graph is read when first asked for: off
     * the FX thread).
     *
     * @throws IllegalArgumentException with a sentence when the text is no size or a layer refuses it
     */
    public LoadedModel answer(String text) {
        try {
            return guessed.withInputShape(InputShapes.parse(text));
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException(capitalise(e.reason()) + ".", e);
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
