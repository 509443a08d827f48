package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.ConvolutionGeometry.longs;
import static dev.shears.onnx.convert.OnnxGraph.integer;
import static dev.shears.onnx.convert.OnnxGraph.ints;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** Windowed (Subsampling) and global pooling. */
final class PoolingConverters {
    private PoolingConverters() {
    }

    static String subsampling(LayerInput in) throws ConversionException {
        SubsamplingLayer conf = (SubsamplingLayer) in.conf();
        ConvolutionGeometry.requireNchw(in, conf.getCnn2dDataFormat());
        long[] pads = ConvolutionGeometry.pads(in, conf.getConvolutionMode(), conf.getKernelSize(),
                conf.getStride(), conf.getDilation(), conf.getPadding());
        List<String> x = List.of(in.tensor());
        if (conf.getPoolingType() == PoolingType.MAX) {
            return in.graph().node("MaxPool", in.name(), x,
                    ints("kernel_shape", longs(conf.getKernelSize())),
                    ints("strides", longs(conf.getStride())),
                    ints("dilations", longs(conf.getDilation())),
                    ints("pads", pads));
        }
        if (conf.getPoolingType() == PoolingType.AVG) {
            if (Arrays.stream(conf.getDilation()).anyMatch(d -> d != 1)) {
                throw in.refuse("average pooling with dilation has no ONNX opset 13 equivalent");
            }
            return in.graph().node("AveragePool", in.name(), x,
                    ints("kernel_shape", longs(conf.getKernelSize())),
                    ints("strides", longs(conf.getStride())),
                    ints("pads", pads),
                    integer("count_include_pad", conf.isAvgPoolIncludePadInDivisor() ? 1 : 0));
        }
        throw in.refuse(conf.getPoolingType() + " pooling is not supported");
    }

    /** Over height and width of NCHW images; collapsed to [batch, channels] unless the layer keeps them. */
    static String global(LayerInput in) throws ConversionException {
        GlobalPoolingLayer conf = (GlobalPoolingLayer) in.conf();
        in.requireImages();
        int[] dims = conf.getPoolingDimensions();
        if (dims != null && !Arrays.equals(dims, new int[] {2, 3})) {
            throw in.refuse("it pools over dimensions " + Arrays.toString(dims) + " rather than height and width");
        }
        OnnxGraph g = in.graph();
        String base = in.name() + (conf.isCollapseDimensions() ? "_pool" : "");
        String pooled = switch (conf.getPoolingType()) {
            case AVG -> g.node("GlobalAveragePool", base, List.of(in.tensor()));
            case MAX -> g.node("GlobalMaxPool", base, List.of(in.tensor()));
            case SUM -> g.node("ReduceSum", base, List.of(in.tensor(), g.longs(in.name() + "_axes", 2, 3)),
                    integer("keepdims", 1));
            default -> throw in.refuse(conf.getPoolingType() + " pooling is not supported");
        };
        return conf.isCollapseDimensions() ? g.node("Flatten", in.name(), List.of(pooled), integer("axis", 1))
                : pooled;
    }
}
