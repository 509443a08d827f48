package dev.shears.cli;

import dev.shears.io.InputShapes;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoadException;
import dev.shears.io.ModelLoader;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --input-shape C,H,W}: the input size of a model whose file does not record it (a DL4J
 * network whose layers accept several sizes, e.g. one ending in a global pooling). Without it such a
 * model is refused, naming the option, rather than measured on a guessed size; with it the layers are
 * checked against the size before anything runs.
 */
final class InputShapeOption {
    static final String OPTION = "--input-shape";

    @Option(names = OPTION, paramLabel = "C,H,W", description = "the size of one input example: channels, height,"
            + " width (or the length of a feature vector); needed when the model file does not record it, and"
            + " overrides what Shears reads from the layers")
    String inputShape;

    /** The model read with the given input size; a guessed size without the option is a {@link UserError}. */
    LoadedModel load(Path model) throws IOException {
        LoadedModel loaded = ModelLoader.load(model);
        if (inputShape != null) {
            TensorShape typed;
            try {
                typed = InputShapes.parse(inputShape);
            } catch (IllegalArgumentException e) {
                throw new UserError(OPTION + ": " + e.getMessage());
            }
            try {
                return loaded.withInputShape(typed);
            } catch (ModelLoadException e) {
                throw new UserError(OPTION + " " + inputShape + ": " + e.reason());
            }
        }
        NetworkGraph graph = loaded.graph();
        if (graph.inputShapeAssumed()) {
            String accepted = loaded.backend().acceptedInputs().map(a -> " (its layers take " + a + ")").orElse("");
            throw new UserError(model.getFileName() + " does not record its input size" + accepted + "; give "
                    + OPTION + " C,H,W, e.g. " + OPTION + " " + InputShapes.format(InputShapes.asTyped(graph.input())));
        }
        return loaded;
    }
}
