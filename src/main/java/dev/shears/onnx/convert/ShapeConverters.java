package dev.shears.onnx.convert;

import static dev.shears.onnx.convert.OnnxGraph.text;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;

/** Layers that move or pass values without weights: padding, upsampling, dropout, activation. */
final class ShapeConverters {
    private ShapeConverters() {
    }

    /** DL4J padding is [top, bottom, left, right]; ONNX Pad wants all begins, then all ends. */
    static String zeroPadding(LayerInput in) throws ConversionException {
        ZeroPaddingLayer conf = (ZeroPaddingLayer) in.conf();
        ConvolutionGeometry.requireNchw(in, conf.getDataFormat());
        in.requireImages();
        int[] p = conf.getPadding();
        OnnxGraph g = in.graph();
        return g.node("Pad", in.name(), List.of(in.tensor(),
                g.longs(in.name() + "_pads", 0, 0, p[0], p[2], 0, 0, p[1], p[3])));
    }

    /** Nearest-neighbour repetition by whole factors: output pixel y reads input pixel ⌊y / size⌋. */
    static String upsampling(LayerInput in) throws ConversionException {
        Upsampling2D conf = (Upsampling2D) in.conf();
        if (conf.getFormat() == CNN2DFormat.NHWC) {
            throw in.refuse("it uses the NHWC data format, and only NCHW is supported");
        }
        in.requireImages();
        int[] size = conf.getSize();
        OnnxGraph g = in.graph();
        return g.node("Resize", in.name(), List.of(in.tensor(), "",
                g.floats(in.name() + "_scales", new float[] {1f, 1f, size[0], size[1]}, 4)),
                text("mode", "nearest"),
                text("coordinate_transformation_mode", "asymmetric"),
                text("nearest_mode", "floor"));
    }

    /** Dropout only acts while training. */
    static String dropout(LayerInput in) {
        return in.tensor();
    }

    static String activation(LayerInput in) throws ConversionException {
        return Activations.apply(((ActivationLayer) in.conf()).getActivationFn(), in, in.tensor());
    }
}
