package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SquareFitTest {
    @Test
    void aWholeNumberOfPixelsPerCellAndAWholePixelMargin() {
        SquareFit fit = SquareFit.of(24, 29, 480, 330);
        // 6 px padding: min(468 / 29, 318 / 24) = 13.25 → 13 px per cell on both axes
        assertThat(480 / fit.width()).isCloseTo(13, within(1e-9));
        assertThat(330 / fit.height()).isCloseTo(13, within(1e-9));
        assertThat(-fit.x() * 13).isCloseTo(Math.floor((480 - 29 * 13) / 2.0), within(1e-9));
        assertThat(-fit.y() * 13).isCloseTo(Math.floor((330 - 24 * 13) / 2.0), within(1e-9));
    }

    @Test
    void squareCellsForAVeryTallTensorWhereTheDenseFitWouldStretch() {
        SquareFit fit = SquareFit.of(25_088, 4_096, 1_200, 800);
        assertThat(fit.width() / 1_200).isCloseTo(fit.height() / 800, within(1e-12));
        assertThat(fit.y()).isNegative();
        assertThat(fit.y() + fit.height()).as("the whole height in view").isGreaterThan(25_088);
    }
}
