package dev.shears.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The least-squares fit a refit uses, on rows whose answer is known. */
class LeastSquaresTest {
    private static final int FEATURES = 6;
    private static final int OUTPUTS = 3;

    @Test
    void rowsMadeByALinearMapWithBiasGiveThatMapBack() {
        Random random = new Random(1);
        double[][] w = new double[FEATURES][OUTPUTS];
        double[] b = {0.5, -2, 3};
        for (double[] row : w) {
            for (int o = 0; o < OUTPUTS; o++) {
                row[o] = random.nextGaussian();
            }
        }
        LeastSquares squares = new LeastSquares(FEATURES, OUTPUTS, true);
        for (int r = 0; r < 500; r++) {
            float[] x = new float[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                x[f] = (float) random.nextGaussian();
            }
            float[] y = new float[OUTPUTS];
            for (int o = 0; o < OUTPUTS; o++) {
                double v = b[o];
                for (int f = 0; f < FEATURES; f++) {
                    v += x[f] * w[f][o];
                }
                y[o] = (float) v;
            }
            squares.add(doubles(x), y, 0, 1);
        }

        LeastSquares.Fit fit = squares.solve(new double[FEATURES * OUTPUTS], new double[OUTPUTS]);

        for (int f = 0; f < FEATURES; f++) {
            for (int o = 0; o < OUTPUTS; o++) {
                assertThat(fit.weights()[f * OUTPUTS + o]).as("w[%d][%d]", f, o).isCloseTo(w[f][o], within(1e-3));
            }
        }
        for (int o = 0; o < OUTPUTS; o++) {
            assertThat(fit.intercepts()[o]).as("b[%d]", o).isCloseTo(b[o], within(1e-3));
        }
        assertThat(fit.residual()).isLessThan(1e-6);
        assertThat(fit.improves()).isTrue();
    }

    @Test
    void aFeatureThatNeverVariesGetsNoWeightAndTheOthersStillFit() {
        LeastSquares squares = new LeastSquares(2, 1, false);
        Random random = new Random(2);
        for (int r = 0; r < 200; r++) {
            float x = (float) random.nextGaussian();
            // feature 1 is a removed channel: always 0
            squares.add(new double[] {x, 0}, new float[] {4 * x}, 0, 1);
        }

        LeastSquares.Fit fit = squares.solve(new double[2], null);

        assertThat(fit.weights()[0]).isCloseTo(4, within(1e-3));
        assertThat(fit.weights()[1]).isEqualTo(0.0);
        assertThat(fit.intercepts()).isEmpty();
    }

    @Test
    void theResidualsItReportsAreTheMeanSquaredErrorsOfBothWeightsOnTheRows() {
        Random random = new Random(3);
        float[][] xs = new float[300][FEATURES];
        float[][] ys = new float[300][OUTPUTS];
        LeastSquares squares = new LeastSquares(FEATURES, OUTPUTS, true);
        for (int r = 0; r < xs.length; r++) {
            for (int f = 0; f < FEATURES; f++) {
                xs[r][f] = (float) random.nextGaussian();
            }
            for (int o = 0; o < OUTPUTS; o++) {
                ys[r][o] = (float) (xs[r][o] * xs[r][o + 1] + random.nextGaussian()); // not linear: residual > 0
            }
            squares.add(doubles(xs[r]), ys[r], 0, 1);
        }
        double[] current = new double[FEATURES * OUTPUTS];
        double[] currentBias = new double[OUTPUTS];
        for (int i = 0; i < current.length; i++) {
            current[i] = 0.1 * (i % 5) - 0.2;
        }

        LeastSquares.Fit fit = squares.solve(current, currentBias);

        assertThat(fit.residual()).isCloseTo(direct(xs, ys, fit.weights(), fit.intercepts()), within(1e-9));
        assertThat(fit.residualBefore()).isCloseTo(direct(xs, ys, current, currentBias), within(1e-9));
        assertThat(fit.residual()).isLessThan(fit.residualBefore());
    }

    private static double direct(float[][] xs, float[][] ys, double[] w, double[] b) {
        double total = 0;
        for (int r = 0; r < xs.length; r++) {
            for (int o = 0; o < OUTPUTS; o++) {
                double v = b[o];
                for (int f = 0; f < FEATURES; f++) {
                    v += xs[r][f] * w[f * OUTPUTS + o];
                }
                total += (v - ys[r][o]) * (v - ys[r][o]);
            }
        }
        return total / (xs.length * OUTPUTS);
    }

    private static double[] doubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
