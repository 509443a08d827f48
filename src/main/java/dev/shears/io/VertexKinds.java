package dev.shears.io;

import dev.shears.model.LayerKind;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;

/** Maps DL4J graph vertices (other than layers) to {@link LayerKind}s and descriptions. */
final class VertexKinds {
    private VertexKinds() {
    }

    static LayerKind kindOf(GraphVertex vertex) {
        if (vertex instanceof ElementWiseVertex) {
            return LayerKind.ELEMENT_WISE;
        }
        if (vertex instanceof MergeVertex) {
            return LayerKind.MERGE;
        }
        if (vertex instanceof PreprocessorVertex) {
            return LayerKind.PREPROCESSOR;
        }
        return LayerKind.OTHER_VERTEX;
    }

    static String describe(GraphVertex vertex) {
        if (vertex instanceof ElementWiseVertex ew) {
            return ew.getOp().toString().toLowerCase();
        }
        if (vertex instanceof MergeVertex) {
            return "concatenate channels";
        }
        if (vertex instanceof PreprocessorVertex pv && pv.getPreProcessor() != null) {
            return pv.getPreProcessor().getClass().getSimpleName();
        }
        return "";
    }
}
