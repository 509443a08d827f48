package dev.shears.onnx.convert;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;

/**
 * ONNX pads for a DL4J convolution or pooling window: explicit, so the result never depends on
 * how a runtime reads auto_pad. Same mode pads like DL4J — the output is ceil(in / stride), and an
 * odd total padding puts the extra row and column at the bottom and right.
 */
final class ConvolutionGeometry {
    private ConvolutionGeometry() {
    }

    /** [top, left, bottom, right] for an input of [channels, height, width]. */
    static long[] pads(LayerInput in, ConvolutionMode mode, int[] kernel, int[] stride, int[] dilation,
                       int[] padding) throws ConversionException {
        in.requireImages();
        long[] pads = new long[4];
        for (int axis = 0; axis < 2; axis++) {
            if (mode == ConvolutionMode.Same) {
                long size = in.shape()[axis + 1];
                long out = (size + stride[axis] - 1) / stride[axis];
                long effectiveKernel = (long) (kernel[axis] - 1) * dilation[axis] + 1;
                long total = Math.max(0, (out - 1) * stride[axis] + effectiveKernel - size);
                pads[axis] = total / 2;
                pads[axis + 2] = total - total / 2;
            } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
                pads[axis] = padding[axis];
                pads[axis + 2] = padding[axis];
            } else {
                throw in.refuse("convolution mode " + mode + " is not supported");
            }
        }
        return pads;
    }

    static void requireNchw(LayerInput in, CNN2DFormat format) throws ConversionException {
        if (format == CNN2DFormat.NHWC) {
            throw in.refuse("it uses the NHWC data format, and only NCHW is supported");
        }
    }

    static long[] longs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
