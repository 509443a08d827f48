package dev.shears.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labelled axes of a 3D weight surface: what runs along the grid's rows and columns and up the
 * value axis, with a few ticks each. Conv W [out, in, kh, kw]: filter × (input × kernel position);
 * dense W [nIn, nOut]: input × output neuron; the height is the value. A tick's position is a fraction
 * along its axis: 0 at the first grid vertex (or −max), 1 at the last (or +max), at the vertex whose
 * block holds the tick's index.
 */
public record SurfaceAxes(Axis rows, Axis columns, Axis value) {
    static final int MAX_TICKS = 5;

    public record Axis(String title, List<Tick> ticks) {
        public Axis {
            ticks = List.copyOf(ticks);
        }
    }

    public record Tick(double fraction, String label) {
    }

    public static SurfaceAxes of(long[] dims, SurfaceGrid grid) {
        double max = grid.maxMagnitude();
        Axis value = new Axis("value", List.of(new Tick(0, number(-max)), new Tick(0.5, "0"),
                new Tick(1, number(max))));
        int matrixRows = grid.matrixRows();
        int matrixCols = grid.matrixCols();
        if (dims.length == 4) {
            int kh = (int) dims[2];
            int kw = (int) dims[3];
            int in = (int) dims[1];
            List<Tick> columnTicks = new ArrayList<>();
            if (in > 1) {
                for (int k : spread(in)) {
                    columnTicks.add(new Tick(fraction(k * kh * kw, matrixCols, grid.cols()), "in " + k));
                }
            } else {
                for (int y : spread(kh)) {
                    columnTicks.add(new Tick(fraction(y * kw, matrixCols, grid.cols()), "y " + y));
                }
            }
            return new SurfaceAxes(indexAxis("filter", matrixRows, grid.rows()),
                    new Axis(in > 1 ? "input × kernel position" : "kernel position", columnTicks), value);
        }
        if (dims.length == 2) {
            return new SurfaceAxes(indexAxis("input", matrixRows, grid.rows()),
                    indexAxis("output neuron", matrixCols, grid.cols()), value);
        }
        return new SurfaceAxes(new Axis("", List.of()), indexAxis("channel", matrixCols, grid.cols()), value);
    }

    private static Axis indexAxis(String title, int n, int gridCells) {
        List<Tick> ticks = new ArrayList<>();
        for (int i : spread(n)) {
            ticks.add(new Tick(fraction(i, n, gridCells), Integer.toString(i)));
        }
        return new Axis(title, ticks);
    }

    /** Up to {@link #MAX_TICKS} indices of 0 … n − 1, evenly spread, first and last included. */
    static int[] spread(int n) {
        int count = Math.min(n, MAX_TICKS);
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = count == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (count - 1));
        }
        return out;
    }

    /** Where index i of n sits along an axis of gridCells vertices: at the vertex whose block holds it. */
    static double fraction(int index, int n, int gridCells) {
        if (gridCells == 1) {
            return 0.5;
        }
        int cell = (int) ((long) index * gridCells / n);
        while (cell + 1 < gridCells && (long) (cell + 1) * n / gridCells <= index) {
            cell++;
        }
        while (cell > 0 && (long) cell * n / gridCells > index) {
            cell--;
        }
        return (double) cell / (gridCells - 1);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
