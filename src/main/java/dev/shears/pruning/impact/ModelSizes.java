package dev.shears.pruning.impact;

import java.util.List;

/**
 * Bytes of a (pruned) network in the storage formats users compare. Each figure says whether it
 * is exact arithmetic, measured on a real file, or an estimate of a format Shears does not write.
 *
 * <ul>
 *   <li>dense float32: every parameter in 4 bytes — exact;</li>
 *   <li>the model's own file (DL4J zip, ONNX file): the opened file's size is measured; after pruning
 *       it is estimated from the file's own bytes per stored value (non-zero floats barely compress;
 *       zeros mostly do in a zip, not at all in an ONNX file); the export measures the real file;</li>
 *   <li>sparse CSR: weight tensors as float32 values + int32 column indices + int32 row pointers,
 *       everything else dense — estimate;</li>
 *   <li>int8: one byte per parameter plus a float32 scale per tensor — estimate;</li>
 *   <li>Deep Compression (Han et al. 2016): non-zero weights as 5-bit indices into a 32-entry float32
 *       codebook per tensor, positions as Huffman-coded gaps (costed at the entropy of the gap
 *       distribution, at least 1 bit each), other parameters float32 — estimate.</li>
 * </ul>
 */
public record ModelSizes(List<Figure> figures) {
    /** How a figure was obtained. */
    public enum Basis {
        EXACT("exact"), MEASURED("measured"), ESTIMATE("estimate");

        private final String label;

        Basis(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One format's size before and after. */
    public record Figure(String format, long bytesBefore, long bytesAfter, Basis basisBefore, Basis basisAfter,
                         String explanation) {
        public double ratio() {
            return bytesBefore == 0 ? 1 : (double) bytesAfter / bytesBefore;
        }
    }

    /**
     * Deflated bytes a scattered zero float32 costs, by the tensor's share of zeros: the sparser, the
     * longer the zero runs and the cheaper each zero. Measured on lenet-300-100 pruned globally by
     * magnitude and saved by DL4J (0.65 at 50 %, 0.37 at 80 %, 0.32 at 92 % zeros); interpolated
     * linearly, towards ~1 byte when zeros are rare.
     */
    private static final double[][] ZIP_BYTES_PER_ZERO = {{0, 1.0}, {0.5, 0.65}, {0.8, 0.37}, {0.92, 0.32},
        {1, 0.05}};
    static final int SHARED_WEIGHT_BITS = 5;
    static final int CODEBOOK_BYTES = (1 << SHARED_WEIGHT_BITS) * 4;

    public ModelSizes {
        figures = List.copyOf(figures);
    }

    public Figure figure(String format) {
        return figures.stream().filter(f -> f.format().equals(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no size figure " + format));
    }

    /**
     * The opened model's file: what its format is called, its size, and whether zeroed weights make
     * it smaller (a zip deflates them; an ONNX file stores every float).
     */
    public record SourceFile(String format, long bytes, boolean zerosShrink) {
    }

    static ModelSizes of(ImpactModel model, Impact impact, SourceFile file) {
        Impact before = model.unpruned();
        long denseBefore = 4 * impact.paramsBefore();
        long denseAfter = 0;
        for (long e : impact.elements()) {
            denseAfter += 4 * e;
        }
        return new ModelSizes(List.of(
                new Figure("dense float32", denseBefore, denseAfter, Basis.EXACT, Basis.EXACT,
                        "every parameter stored as a 4-byte float, zeros included"),
                new Figure(file.format(), file.bytes(), fileEstimate(model, before, impact, file),
                        Basis.MEASURED, Basis.ESTIMATE,
                        "the opened file is measured; after pruning, estimated from its bytes per value — "
                                + "exact once exported"),
                new Figure("sparse CSR", csr(model, before), csr(model, impact), Basis.ESTIMATE, Basis.ESTIMATE,
                        "weights as float32 values + int32 column indices + row pointers; other parameters dense"),
                new Figure("int8", int8(model, before), int8(model, impact), Basis.ESTIMATE, Basis.ESTIMATE,
                        "one byte per parameter plus a float32 scale per tensor"),
                new Figure("Deep Compression", deepCompression(model, before), deepCompression(model, impact),
                        Basis.ESTIMATE, Basis.ESTIMATE,
                        "non-zero weights as 5-bit shared values (32-entry codebook per tensor) + Huffman-coded "
                                + "gaps (at their entropy); other parameters float32")));
    }

    private static long fileEstimate(ImpactModel model, Impact before, Impact after, SourceFile file) {
        double costBefore = storedCost(model, before, file.zerosShrink());
        if (costBefore == 0 || file.bytes() <= 0) {
            return 0;
        }
        return Math.round(file.bytes() * storedCost(model, after, file.zerosShrink()) / costBefore);
    }

    /** Relative cost of the stored values: non-zero floats ~4 bytes, zeros much less when deflated. */
    private static double storedCost(ImpactModel model, Impact impact, boolean zerosShrink) {
        double cost = 0;
        for (int t = 0; t < model.tensorCount(); t++) {
            long nonZero = impact.nonZeros()[t];
            long zeros = impact.elements()[t] - nonZero;
            double share = impact.elements()[t] == 0 ? 0 : (double) zeros / impact.elements()[t];
            cost += 4.0 * nonZero + (zerosShrink ? zipBytesPerZero(share) : 4.0) * zeros;
        }
        return cost;
    }

    static double zipBytesPerZero(double zeroShare) {
        for (int i = 1; i < ZIP_BYTES_PER_ZERO.length; i++) {
            double[] lo = ZIP_BYTES_PER_ZERO[i - 1];
            double[] hi = ZIP_BYTES_PER_ZERO[i];
            if (zeroShare <= hi[0]) {
                return lo[1] + (hi[1] - lo[1]) * (zeroShare - lo[0]) / (hi[0] - lo[0]);
            }
        }
        return ZIP_BYTES_PER_ZERO[ZIP_BYTES_PER_ZERO.length - 1][1];
    }

    private static long csr(ImpactModel model, Impact impact) {
        long bytes = 0;
        for (int t = 0; t < model.tensorCount(); t++) {
            bytes += model.isWeight(t) ? 8 * impact.nonZeros()[t] + 4 * (impact.rows()[t] + 1) : 4 * impact.elements()[t];
        }
        return bytes;
    }

    private static long int8(ImpactModel model, Impact impact) {
        long bytes = 0;
        for (int t = 0; t < model.tensorCount(); t++) {
            bytes += impact.elements()[t] + 4;
        }
        return bytes;
    }

    private static long deepCompression(ImpactModel model, Impact impact) {
        double bits = 0;
        for (int t = 0; t < model.tensorCount(); t++) {
            long n = impact.elements()[t];
            long nonZero = impact.nonZeros()[t];
            if (!model.isWeight(t)) {
                bits += 32.0 * n;
                continue;
            }
            double density = n == 0 ? 1 : (double) nonZero / n;
            bits += nonZero * (SHARED_WEIGHT_BITS + gapBits(density)) + 8.0 * CODEBOOK_BYTES;
        }
        return (long) Math.ceil(bits / 8);
    }

    /**
     * Bits per non-zero for its position: gaps between non-zeros are geometric with p = density, whose
     * entropy is H(p)/p; Huffman coding gets within a bit of it and needs at least one bit per symbol.
     * A dense tensor needs no positions.
     */
    public static double gapBits(double density) {
        if (density >= 1 || density <= 0) {
            return 0;
        }
        double h = -(density * log2(density) + (1 - density) * log2(1 - density));
        return Math.max(1, h / density);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
