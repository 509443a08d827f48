package dev.shears.eval;

import ai.onnxruntime.OrtException;
import dev.shears.data.DataException;
import dev.shears.engine.OrtEngine;
import dev.shears.model.ChannelGroup;
import dev.shears.onnx.OnnxMasker;
import dev.shears.onnx.OnnxModel;
import dev.shears.onnx.OnnxNetwork;
import dev.shears.onnx.OnnxPruningException;
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.task.Cancellation;
import java.util.List;

/**
 * An ONNX model's plans one by one: the weights the plan removes zeroed ({@link OnnxMasker}), a new
 * ONNX Runtime session per plan. What the masked scan falls back to for a group it cannot cut.
 */
final class SensitivityZeroedPoints implements SensitivityPoints {
    private final OnnxNetwork network;
    private final SensitivityRuns runs;

    SensitivityZeroedPoints(OnnxNetwork network, SensitivityRuns runs) {
        this.network = network;
        this.runs = runs;
    }

    @Override
    public String engine() {
        return OrtEngine.NAME;
    }

    @Override
    public AccuracyEstimate baseline(Cancellation cancellation) throws DataException {
        return evaluate(network.model(), cancellation);
    }

    @Override
    public void measure(ChannelGroup group, List<PruningPlan> plans, Cancellation cancellation, Measured measured)
            throws DataException {
        for (int i = 0; i < plans.size(); i++) {
            cancellation.throwIfCancelled();
            OnnxModel masked;
            try {
                masked = OnnxMasker.masked(network, plans.get(i));
            } catch (OnnxPruningException e) {
                throw new DataException("the channels of " + group.name() + " cannot be removed: " + e.getMessage(), e);
            }
            measured.accept(i, evaluate(masked, cancellation));
        }
    }

    private AccuracyEstimate evaluate(OnnxModel model, Cancellation cancellation) throws DataException {
        try {
            return runs.whole(ReaderMaskCut.runnable(model), cancellation);
        } catch (OrtException e) {
            throw new DataException("ONNX Runtime could not run the model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held between points
    }
}
