package dev.shears.pruning;

import java.util.Arrays;

/**
 * A linear layer refitted by least squares: the weights {@code Θ} (features × outputs) and bias that map the rows
 * {@code x} seen so far closest to their targets {@code y}, with a small ridge (relative to the features' mean
 * square) so that features that never vary (a dead channel, padding) get weight 0 instead of an unsolvable
 * system. Rows are added one at a time and kept
 * only as the normal equations XᵀX, Xᵀy — memory features² whatever the number of rows — summed in double.
 */
public final class LeastSquares {
    /** The ridge, relative to a feature's mean square (XᵀX's mean diagonal): leaves a well-posed fit as it is. */
    static final double RIDGE = 1e-4;

    private final int features;
    private final int outputs;
    private final boolean bias;
    private final int width;
    /** Upper triangle of [X 1]ᵀ[X 1], row-major width × width. */
    private final double[] gram;
    /** [X 1]ᵀ Y, width × outputs. */
    private final double[] cross;
    /** Σ y² per output. */
    private final double[] targetSquares;
    /** The row being added, with the bias slot's 1 at the end. */
    private final double[] full;
    private long rows;

    /**
     * @param bias whether the fit has an intercept per output (the layer has a bias to refit)
     */
    public LeastSquares(int features, int outputs, boolean bias) {
        if (features < 1 || outputs < 1) {
            throw new IllegalArgumentException("a fit needs features and outputs, not " + features + " × " + outputs);
        }
        this.features = features;
        this.outputs = outputs;
        this.bias = bias;
        this.width = features + (bias ? 1 : 0);
        this.gram = new double[width * width];
        this.cross = new double[width * outputs];
        this.targetSquares = new double[outputs];
        this.full = new double[width];
        if (bias) {
            full[features] = 1;
        }
    }

    public int features() {
        return features;
    }

    public long rows() {
        return rows;
    }

    /** Adds one row: {@code row[0 .. features)} and its targets {@code y[yFrom + k·yStride]} for each output k. */
    public void add(double[] row, float[] y, int yFrom, int yStride) {
        System.arraycopy(row, 0, full, 0, features); // the bias slot, if any, stays 1
        for (int i = 0; i < width; i++) {
            double xi = full[i];
            if (xi == 0) {
                continue; // ReLU outputs and padding are mostly zeros: their products add nothing
            }
            int base = i * width;
            for (int j = i; j < width; j++) {
                gram[base + j] += xi * full[j];
            }
            int c = i * outputs;
            for (int k = 0; k < outputs; k++) {
                cross[c + k] += xi * y[yFrom + k * yStride];
            }
        }
        for (int k = 0; k < outputs; k++) {
            double t = y[yFrom + k * yStride];
            targetSquares[k] += t * t;
        }
        rows++;
    }

    /** The fitted weights, features × outputs row-major, then (with a bias) the outputs' intercepts. */
    public record Fit(double[] weights, double[] intercepts, double residual, double residualBefore) {
        /** Whether the fit reproduces the targets better than the weights it would replace. */
        public boolean improves() {
            return residual < residualBefore;
        }
    }

    /**
     * The least-squares weights; {@code current} (features × outputs, and its intercepts or null) is scored on the
     * same rows so that a caller can keep it when the fit would not be better.
     *
     * @return the fit with the mean squared error per target of the fit and of {@code current}
     */
    public Fit solve(double[] current, double[] currentIntercepts) {
        if (rows == 0) {
            throw new IllegalStateException("no rows to fit");
        }
        double[] a = new double[width * width];
        double trace = 0;
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                a[i * width + j] = gram[i * width + j];
                a[j * width + i] = gram[i * width + j];
            }
            if (i < features) {
                trace += gram[i * width + i];
            }
        }
        double ridge = RIDGE * Math.max(trace / features, 1e-12);
        for (int i = 0; i < features; i++) {
            a[i * width + i] += ridge;
        }
        double[] theta = Cholesky.solve(a, cross, width, outputs);
        double[] weights = Arrays.copyOf(theta, features * outputs);
        double[] intercepts = bias ? Arrays.copyOfRange(theta, features * outputs, width * outputs) : new double[0];

        double[] before = new double[width * outputs];
        System.arraycopy(current, 0, before, 0, features * outputs);
        if (bias && currentIntercepts != null) {
            System.arraycopy(currentIntercepts, 0, before, features * outputs, outputs);
        }
        return new Fit(weights, intercepts, meanSquaredError(theta), meanSquaredError(before));
    }

    /**
     * The mean squared error of these weights (features × outputs) and intercepts (null: none) on the rows added
     * here — for weights fitted on other rows, how well they carry over.
     */
    public double meanSquaredError(double[] weights, double[] intercepts) {
        double[] theta = new double[width * outputs];
        System.arraycopy(weights, 0, theta, 0, features * outputs);
        if (bias && intercepts != null) {
            System.arraycopy(intercepts, 0, theta, features * outputs, outputs);
        }
        return meanSquaredError(theta);
    }

    /** ‖[X 1]θ − Y‖² / (rows · outputs), from the normal equations: θᵀGθ − 2θᵀC + Σy². */
    private double meanSquaredError(double[] theta) {
        double total = 0;
        for (int k = 0; k < outputs; k++) {
            double quadratic = 0;
            double linear = 0;
            for (int i = 0; i < width; i++) {
                double ti = theta[i * outputs + k];
                if (ti == 0) {
                    continue;
                }
                linear += ti * cross[i * outputs + k];
                double row = gram[i * width + i] * ti;
                for (int j = i + 1; j < width; j++) {
                    row += 2 * gram[i * width + j] * theta[j * outputs + k];
                }
                quadratic += ti * row;
            }
            total += quadratic - 2 * linear + targetSquares[k];
        }
        return Math.max(0, total) / ((double) rows * outputs);
    }

    /** Cholesky factorisation and solve of a symmetric positive definite system. */
    static final class Cholesky {
        private Cholesky() {
        }

        /** Solves A Θ = B for Θ (n × m), A n × n symmetric positive definite (row-major, overwritten). */
        static double[] solve(double[] a, double[] b, int n, int m) {
            for (int j = 0; j < n; j++) {
                double d = a[j * n + j];
                for (int k = 0; k < j; k++) {
                    d -= a[j * n + k] * a[j * n + k];
                }
                // a feature that never varied (and the ridge is below rounding): an infinite pivot gives it
                // weight 0 and leaves the other features' solve as it is
                double l = d > 1e-300 ? Math.sqrt(d) : Double.POSITIVE_INFINITY;
                a[j * n + j] = l;
                for (int i = j + 1; i < n; i++) {
                    double s = a[i * n + j];
                    for (int k = 0; k < j; k++) {
                        s -= a[i * n + k] * a[j * n + k];
                    }
                    a[i * n + j] = s / l;
                }
            }
            double[] x = b.clone();
            for (int c = 0; c < m; c++) {
                for (int i = 0; i < n; i++) {
                    double s = x[i * m + c];
                    for (int k = 0; k < i; k++) {
                        s -= a[i * n + k] * x[k * m + c];
                    }
                    x[i * m + c] = s / a[i * n + i];
                }
                for (int i = n - 1; i >= 0; i--) {
                    double s = x[i * m + c];
                    for (int k = i + 1; k < n; k++) {
                        s -= a[k * n + i] * x[k * m + c];
                    }
                    x[i * m + c] = s / a[i * n + i];
                }
            }
            return x;
        }
    }
}
