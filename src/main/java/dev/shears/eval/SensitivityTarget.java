package dev.shears.eval;

import dev.shears.io.LoadedModel;
import dev.shears.model.NetworkGraph;
import dev.shears.onnx.OnnxBackend;
import dev.shears.onnx.OnnxNetwork;
import org.deeplearning4j.nn.api.Model;

/** What a {@link SensitivityScan} measures: a DL4J network (DL4J zips, Keras imports) or an ONNX model. */
public sealed interface SensitivityTarget {
    NetworkGraph graph();

    /** Planned on the DL4J graph; measured in ONNX Runtime when it converts, else (or on request) in DL4J. */
    record Dl4j(Model network, NetworkGraph graph) implements SensitivityTarget {
    }

    /** Planned on the ONNX graph; always measured in ONNX Runtime. */
    record Onnx(OnnxNetwork network) implements SensitivityTarget {
        @Override
        public NetworkGraph graph() {
            return network.graph();
        }
    }

    /** The model's own format: an ONNX model stays ONNX, a DL4J (or Keras) network stays DL4J. */
    static SensitivityTarget of(LoadedModel model) {
        if (model.backend() instanceof OnnxBackend onnx) {
            return new Onnx(onnx.network());
        }
        return new Dl4j(model.network(), model.graph());
    }
}
