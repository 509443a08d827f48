package dev.shears.analysis.heatmap;

import dev.shears.analysis.FloatValues;
import dev.shears.model.TensorShape;
import dev.shears.task.Cancellation;

/**
 * B − A of one parameter tensor that has the same shape in two models (after unstructured pruning, or
 * fine-tuning), laid out for the heatmap as the weights view lays out a tensor: conv W as a
 * {@link ConvMosaic}, a matrix as a {@link WeightMatrix}, anything else as one row. The difference is
 * never stored: it is read from both models' views block by block as the renderer asks for it, so a
 * big layer costs no copy at all (decision 0029).
 */
public final class WeightDifference {
    private final TensorShape shape;
    private final HeatmapSource first;
    private final HeatmapSource second;
    private final HeatmapSource difference;

    private WeightDifference(TensorShape shape, HeatmapSource first, HeatmapSource second, HeatmapSource difference) {
        this.shape = shape;
        this.first = first;
        this.second = second;
        this.difference = difference;
    }

    /**
     * @param first  A's values, row-major (a view: {@code ModelBackend.paramView})
     * @param second B's values of the same tensor, same shape
     * @throws IllegalArgumentException when the sizes do not match the shape
     */
    public static WeightDifference of(FloatValues first, FloatValues second, TensorShape shape) {
        if (first.size() != shape.elements() || second.size() != shape.elements()) {
            throw new IllegalArgumentException("a tensor of shape " + shape + " needs " + shape.elements()
                    + " values in both models, got " + first.size() + " and " + second.size());
        }
        return new WeightDifference(shape, layout(first, shape), layout(second, shape),
                layout(new Subtracted(first, second), shape));
    }

    /** The grid the tensor is drawn on: conv W [out, in, kH, kW] as a mosaic, [rows, columns] as a matrix, else a row. */
    static HeatmapSource layout(FloatValues values, TensorShape shape) {
        long[] d = shape.dims();
        if (d.length == 4) {
            return new ConvMosaic(values, (int) d[0], (int) d[1], (int) d[2], (int) d[3]);
        }
        if (d.length == 2) {
            return new WeightMatrix(values, (int) d[0], (int) d[1]);
        }
        return new WeightMatrix(values, 1, values.size());
    }

    public TensorShape shape() {
        return shape;
    }

    /** B − A on the heatmap's grid: what the renderer draws. */
    public HeatmapSource source() {
        return difference;
    }

    /** A's value in a non-gap cell of {@link #source()}. */
    public float firstAt(int row, int column) {
        return first.valueAt(row, column);
    }

    /** B's value in a non-gap cell of {@link #source()}. */
    public float secondAt(int row, int column) {
        return second.valueAt(row, column);
    }

    /** B − A in a non-gap cell of {@link #source()}. */
    public float differenceAt(int row, int column) {
        return difference.valueAt(row, column);
    }

    /** Whether a cell shows a weight (not the spacing of a conv mosaic, not outside the grid). */
    public boolean holdsValue(int row, int column) {
        return row >= 0 && column >= 0 && row < difference.rows() && column < difference.columns()
                && !difference.isGapRow(row) && !difference.isGapColumn(column);
    }

    /**
     * Where a non-gap cell lies in the tensor, as the weights view names it: "out 3, in 0, y 2, x 1" (conv W),
     * "in 5, out 7" (dense W [in, out]), "7" (a vector).
     */
    public String positionAt(int row, int column) {
        if (difference instanceof ConvMosaic mosaic) {
            return mosaic.kernelIndexAt(row, column).map(k -> "out " + k.out() + ", in " + k.in() + ", y " + k.y()
                    + ", x " + k.x()).orElse("");
        }
        return shape.rank() == 2 ? "in " + row + ", out " + column : Integer.toString(column);
    }

    /** How many weights differ and by how much at most: one pass over both views. */
    public Summary summarize(Cancellation cancellation) {
        long changed = 0;
        double max = 0;
        FloatValues values = difference.values();
        float[] chunk = new float[Math.min(FloatValues.CHUNK, Math.max(1, values.size()))];
        for (int from = 0; from < values.size(); from += chunk.length) {
            cancellation.throwIfCancelled();
            int length = Math.min(chunk.length, values.size() - from);
            values.read(from, chunk, 0, length);
            for (int i = 0; i < length; i++) {
                float d = chunk[i];
                if (d != 0) { // NaN counts as changed
                    changed++;
                }
                double a = Math.abs(d);
                if (a > max) {
                    max = a;
                }
            }
        }
        return new Summary(values.size(), changed, max);
    }

    /**
     * @param weights    the tensor's size
     * @param changed    weights whose value differs (B − A ≠ 0)
     * @param maxAbsDiff the largest |B − A|
     */
    public record Summary(long weights, long changed, double maxAbsDiff) {
    }

    /** B − A read block-wise from the two views: a block of B, minus the same block of A. */
    record Subtracted(FloatValues first, FloatValues second) implements FloatValues {
        @Override
        public int size() {
            return first.size();
        }

        @Override
        public float get(int index) {
            return second.get(index) - first.get(index);
        }

        @Override
        public void read(int from, float[] target, int offset, int length) {
            second.read(from, target, offset, length);
            float[] scratch = new float[Math.min(length, CHUNK)];
            for (int done = 0; done < length; done += scratch.length) {
                int n = Math.min(scratch.length, length - done);
                first.read(from + done, scratch, 0, n);
                for (int j = 0; j < n; j++) {
                    target[offset + done + j] -= scratch[j];
                }
            }
        }
    }
}
