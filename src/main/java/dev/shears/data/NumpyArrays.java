package dev.shears.data;

import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What NPZ and NPY sources share: parsing .npy bytes, checking a NumPy array of inputs against the
 * model's input and turning an array of labels into class indices. Values are taken as they are —
 * uint8 images are not divided by 255, because Shears cannot know how the model was trained; scale
 * them before saving.
 */
final class NumpyArrays {
    private NumpyArrays() {
    }

    /**
     * One array from the bytes of a {@code .npy} (a file, or an entry of a {@code .npz}), parsed by
     * ND4J. ND4J reads Fortran-ordered data as if it were C-ordered, so such arrays are re-read here
     * with reversed axes and transposed back.
     */
    static INDArray parseNpy(byte[] bytes, String what) throws DataException {
        NpyHeader.check(bytes, what);
        INDArray array;
        try {
            array = Nd4j.createNpyFromByteArray(bytes);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new DataException("Could not read " + what + " as a NumPy array (it must be numeric).", e);
        }
        if (array == null) {
            throw new DataException("Could not read " + what + " as a NumPy array (it must be numeric).");
        }
        if (!fortranOrder(bytes) || array.rank() < 2) {
            return array;
        }
        long[] dims = array.shape();
        long[] reversed = new long[dims.length];
        int[] axes = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            reversed[i] = dims[dims.length - 1 - i];
            axes[i] = dims.length - 1 - i;
        }
        return exact(array).reshape('c', reversed).permute(axes);
    }

    /** The .npy header (a Python dict literal after the magic, version and length) says fortran_order: True. */
    private static boolean fortranOrder(byte[] bytes) {
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N') {
            return false;
        }
        int major = bytes[6];
        int start = major == 1 ? 10 : 12;
        long length = major == 1 ? (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8
                : (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16 | (bytes[11] & 0xffL) << 24;
        int end = (int) Math.min(bytes.length, start + length);
        String header = new String(bytes, Math.min(start, end), end - Math.min(start, end), StandardCharsets.ISO_8859_1);
        return header.replace(" ", "").contains("'fortran_order':True");
    }

    /** Inputs [n, …] as floats, after checking that one example's shape is what the model takes. */
    record Inputs(float[] values, int count, TensorShape exampleShape) {
    }

    /** {@code what}: "the array x in data.npz", "x.npy". */
    static Inputs inputs(INDArray x, ModelInput input, String what) throws DataException {
        long[] dims = x.shape();
        if (dims.length < 2) {
            throw new DataException("The inputs in " + what + " have shape " + Arrays.toString(dims)
                    + "; Shears needs the examples along the first axis and each example's values after it.");
        }
        TensorShape example = TensorShape.of(Arrays.copyOfRange(dims, 1, dims.length));
        TensorShape shape = example;
        if (input.isKnown()) {
            boolean flatModel = input.shape().rank() == 1 && input.shape().elements() == example.elements();
            if (!example.equals(input.shape()) && !flatModel) {
                throw new DataException("The examples in " + what + " have shape " + example + " but the model takes "
                        + input.shape() + ".");
            }
            shape = input.shape();
        }
        if (x.length() > Integer.MAX_VALUE - 8) {
            throw new DataException("The inputs in " + what + " hold " + x.length()
                    + " values, more than Shears can keep in memory at once; split them into several files.");
        }
        float[] values = exact(x).castTo(DataType.FLOAT).data().asFloat();
        long nonFinite = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                nonFinite++;
            }
        }
        if (nonFinite > 0) {
            // a model's output on NaN is NaN: accuracy and agreement would be computed on nothing
            throw new DataException("The inputs in " + what + " hold " + nonFinite + " value" + (nonFinite == 1 ? "" : "s")
                    + " that " + (nonFinite == 1 ? "is" : "are") + " not a finite number (NaN or infinity); replace"
                    + " or drop those examples.");
        }
        return new Inputs(values, (int) dims[0], shape);
    }

    /**
     * A C-order copy in a buffer of exactly its own length: ND4J's npy parsing can leave an array in a
     * larger buffer (seen with {@code Nd4j.createFromNpzFile}), which its ravel() then misreads.
     */
    private static INDArray exact(INDArray array) {
        return array.dup('c');
    }

    /** Labels [n] or [n, 1] of class indices, or one-hot [n, classes]. */
    static int[] labels(INDArray y, int count, String what) throws DataException {
        long[] dims = y.shape();
        boolean column = dims.length == 1 || dims.length == 2 && dims[1] == 1;
        boolean oneHot = dims.length == 2 && dims[1] > 1;
        if (!column && !oneHot) {
            throw new DataException("The labels in " + what + " have shape " + Arrays.toString(dims)
                    + "; Shears reads one class index per example ([n]) or one-hot rows ([n, classes]).");
        }
        if (dims[0] != count) {
            throw new DataException("There are " + count + " examples but " + dims[0] + " labels in " + what + ".");
        }
        double[] values = exact(y).castTo(DataType.DOUBLE).data().asDouble();
        int[] labels = new int[count];
        if (column) {
            for (int i = 0; i < count; i++) {
                labels[i] = ClassLabels.index(values[i], "example " + i + " of " + what);
            }
            return labels;
        }
        int classes = (int) dims[1];
        for (int i = 0; i < count; i++) {
            int hot = -1;
            for (int c = 0; c < classes; c++) {
                double v = values[i * classes + c];
                if (v == 1 && hot < 0) {
                    hot = c;
                } else if (v != 0) {
                    hot = -2;
                    break;
                }
            }
            if (hot < 0) {
                throw new DataException("Row " + i + " of the labels in " + what + " is not one-hot (a single 1, the rest 0): "
                        + Arrays.toString(Arrays.copyOfRange(values, i * classes, (i + 1) * classes)) + ".");
            }
            labels[i] = hot;
        }
        return labels;
    }
}
