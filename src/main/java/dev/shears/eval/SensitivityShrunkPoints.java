package dev.shears.eval;

import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.engine.Dl4jEngine;
import dev.shears.engine.OrtEngine;
import dev.shears.model.ChannelGroup;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.surgery.Surgeon;
import dev.shears.task.Cancellation;
import java.util.List;
import org.deeplearning4j.nn.api.Model;

/**
 * The DL4J way: every plan is executed by surgery (a physically smaller network) and evaluated on
 * its own — in DL4J when {@code dl4jOnly}, else on the engine {@link Engines} picks for each network
 * (converting it to ONNX each time). The reference the masked ONNX scan is checked against.
 */
final class SensitivityShrunkPoints implements SensitivityPoints {
    private final Model network;
    private final NetworkGraph graph;
    private final DataSource data;
    private final boolean dl4jOnly;
    private final List<String> notes;

    /** @param notes what the user should know about why the scan runs this way */
    SensitivityShrunkPoints(Model network, NetworkGraph graph, DataSource data, boolean dl4jOnly, List<String> notes) {
        this.network = network;
        this.graph = graph;
        this.data = data;
        this.dl4jOnly = dl4jOnly;
        this.notes = List.copyOf(notes);
    }

    @Override
    public String engine() {
        return dl4jOnly ? Dl4jEngine.NAME : OrtEngine.NAME + " or " + Dl4jEngine.NAME + ", per network";
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public AccuracyEstimate baseline(Cancellation cancellation) throws DataException {
        return evaluate(network, cancellation);
    }

    @Override
    public void measure(ChannelGroup group, List<PruningPlan> plans, Cancellation cancellation, Measured measured)
            throws DataException {
        for (int i = 0; i < plans.size(); i++) {
            cancellation.throwIfCancelled();
            measured.accept(i, evaluate(Surgeon.shrink(network, graph, plans.get(i)), cancellation));
        }
    }

    private AccuracyEstimate evaluate(Model model, Cancellation cancellation) throws DataException {
        if (!dl4jOnly) {
            return Evaluator.evaluate(model, data, Evaluator.DEFAULT_BATCH, e -> { }, cancellation);
        }
        try (Dl4jEngine engine = new Dl4jEngine(model)) {
            return Evaluator.evaluate(engine, data, Evaluator.DEFAULT_BATCH, e -> { }, cancellation);
        }
    }

    @Override
    public void close() {
        // nothing held between points
    }
}
