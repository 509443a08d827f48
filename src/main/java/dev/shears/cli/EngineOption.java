package dev.shears.cli;

import dev.shears.eval.Engines;
import picocli.CommandLine.Option;

/** {@code --engine ort|dl4j|auto}: which engine evaluates a DL4J model (ONNX models always run in ONNX Runtime). */
final class EngineOption {
    @Option(names = "--engine", paramLabel = "E", defaultValue = "auto", description = "ort (ONNX Runtime; the model"
            + " is converted and proven equal first), dl4j, or auto: ONNX Runtime when the model converts (default)")
    String engine;

    /** Sets the choice for this command; {@link ShearsCli} resets it when the command ends. */
    void apply() {
        try {
            Engines.prefer(Engines.Choice.parse(engine));
        } catch (IllegalArgumentException e) {
            throw new UserError("--engine: " + e.getMessage());
        }
    }
}
