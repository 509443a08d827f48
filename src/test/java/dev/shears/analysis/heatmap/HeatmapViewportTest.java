package dev.shears.analysis.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeatmapViewportTest {
    @Test
    void fitKeepsSquareCellsCentredWhenThatFillsThePane() {
        HeatmapViewport v = HeatmapViewport.fit(299, 119, 600, 600);
        // 299 rows in 600 px → ~2 px per cell on both axes, columns centred.
        assertThat(v.height()).isCloseTo(299, within(1e-9));
        assertThat(v.width() / 600).isCloseTo(v.height() / 600, within(1e-9));
        assertThat(v.pixelX(0, 600) + v.pixelX(119, 600)).isCloseTo(600, within(1e-6));
    }

    @Test
    void fitStretchesAVeryTallMatrixToFillThePane() {
        HeatmapViewport v = HeatmapViewport.fit(25_088, 4_096, 1_200, 800);
        assertThat(v).isEqualTo(new HeatmapViewport(0, 0, 4_096, 25_088));
    }

    @Test
    void zoomKeepsTheCellUnderThePointerInPlaceAndPanMovesByPixels() {
        HeatmapViewport v = new HeatmapViewport(0, 0, 100, 100);
        double col = v.columnAt(150, 400);
        double row = v.rowAt(30, 300);
        HeatmapViewport z = v.zoom(2, 150, 30, 400, 300);
        assertThat(z.width()).isEqualTo(50);
        assertThat(z.columnAt(150, 400)).isCloseTo(col, within(1e-9));
        assertThat(z.rowAt(30, 300)).isCloseTo(row, within(1e-9));
        HeatmapViewport p = z.pan(40, 0, 400, 300);
        assertThat(p.columnAt(190, 400)).isCloseTo(z.columnAt(150, 400), within(1e-9));
    }

    @Test
    void zoomInStopsAtSixtyFourPixelsPerCell() {
        HeatmapViewport v = new HeatmapViewport(0, 0, 10, 10).zoom(1e6, 0, 0, 640, 640);
        assertThat(v.width()).isEqualTo(10);
    }

    @Test
    void fitSquareGivesAWholeNumberOfPixelsPerCellAndAWholePixelMargin() {
        HeatmapViewport v = HeatmapViewport.fitSquare(24, 29, 480, 330);
        // 6 px padding: min(468 / 29, 318 / 24) = 13.25 → 13 px per cell on both axes
        assertThat(480 / v.width()).isCloseTo(13, within(1e-9));
        assertThat(330 / v.height()).isCloseTo(13, within(1e-9));
        assertThat(v.pixelX(0, 480)).isCloseTo(Math.floor((480 - 29 * 13) / 2.0), within(1e-9));
        assertThat(v.pixelY(0, 330)).isCloseTo(Math.floor((330 - 24 * 13) / 2.0), within(1e-9));
    }

    @Test
    void fitSquareKeepsSquareCellsForAVeryTallTensorThatFitOtherwiseStretches() {
        HeatmapViewport v = HeatmapViewport.fitSquare(25_088, 4_096, 1_200, 800);
        assertThat(v.width() / 1_200).isCloseTo(v.height() / 800, within(1e-12));
        assertThat(v.y()).isNegative();
        assertThat(v.y() + v.height()).as("the whole height in view").isGreaterThan(25_088);
    }

    @Test
    void resizingThePaneKeepsCellsPerPixelAndTheTopLeftCorner() {
        HeatmapViewport v = HeatmapViewport.fitSquare(24, 29, 480, 330).resized(480, 330, 600, 500);
        assertThat(600 / v.width()).isCloseTo(13, within(1e-9));
        assertThat(500 / v.height()).isCloseTo(13, within(1e-9));
        assertThat(v.pixelX(0, 600)).isCloseTo(Math.floor((480 - 29 * 13) / 2.0), within(1e-9));
    }
}
