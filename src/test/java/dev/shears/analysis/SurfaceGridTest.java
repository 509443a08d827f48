package dev.shears.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SurfaceGridTest {
    @Test
    void eachCellIsTheLargestMagnitudeOfItsBlockIncludingUnevenEdgeBlocks() {
        int rows = 301;
        int cols = 77;
        float[] m = new float[rows * cols];
        Random random = new Random(5);
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) random.nextGaussian();
        }
        SurfaceGrid grid = SurfaceGrid.maxAbs(m, rows, cols, 40, 30);
        assertThat(grid.rows()).isEqualTo(40);
        assertThat(grid.cols()).isEqualTo(30);
        int covered = 0;
        for (int r = 0; r < 40; r++) {
            int r0 = r * rows / 40;
            int r1 = (r + 1) * rows / 40;
            for (int c = 0; c < 30; c++) {
                int c0 = c * cols / 30;
                int c1 = (c + 1) * cols / 30;
                float best = 0;
                for (int i = r0; i < r1; i++) {
                    for (int j = c0; j < c1; j++) {
                        covered++;
                        if (Math.abs(m[i * cols + j]) > Math.abs(best)) {
                            best = m[i * cols + j];
                        }
                    }
                }
                assertThat(grid.values()[r * 30 + c]).isEqualTo(best);
            }
        }
        assertThat(covered).isEqualTo(rows * cols);
    }

    @Test
    void smallMatricesAreKeptAsTheyAre() {
        float[] m = {1, -2, 3, -4, 5, -6};
        SurfaceGrid grid = SurfaceGrid.maxAbs(m, 2, 3, 256, 256);
        assertThat(grid.values()).containsExactly(m);
        assertThat(grid.maxMagnitude()).isEqualTo(6f);
    }
}
