package dev.shears.ui.weights;

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
    void resizingThePaneKeepsCellsPerPixelAndTheTopLeftCorner() {
        HeatmapViewport v = HeatmapViewport.fitSquare(24, 29, 480, 330).resized(480, 330, 600, 500);
        assertThat(600 / v.width()).isCloseTo(13, within(1e-9));
        assertThat(500 / v.height()).isCloseTo(13, within(1e-9));
        assertThat(v.pixelX(0, 600)).isCloseTo(Math.floor((480 - 29 * 13) / 2.0), within(1e-9));
    }

    @Test
    void zoomingSquareCellsStepsThroughWholePixelsPerCellWithCellEdgesOnPixelEdges() {
        HeatmapViewport v = HeatmapViewport.fitSquare(191, 95, 480, 362); // 1 px per cell
        assertThat(480 / v.width()).isCloseTo(1, within(1e-9));
        HeatmapViewport in = v.zoomToWholePixels(1.25, 201.3, 97.7, 480, 362);
        assertThat(480 / in.width()).isCloseTo(2, within(1e-9));
        assertThat(362 / in.height()).isCloseTo(2, within(1e-9));
        assertThat(in.pixelX(0, 480) % 1).isCloseTo(0, within(1e-9));
        assertThat(in.pixelY(0, 362) % 1).isCloseTo(0, within(1e-9));
        HeatmapViewport further = in.zoomToWholePixels(1.5, 10, 10, 480, 362);
        assertThat(480 / further.width()).isCloseTo(3, within(1e-9));
        HeatmapViewport back = further.zoomToWholePixels(0.8, 10, 10, 480, 362);
        assertThat(480 / back.width()).isCloseTo(2, within(1e-9));
        // the cell under the pointer moves by less than a pixel
        assertThat(in.columnAt(201.3, 480)).isCloseTo(v.columnAt(201.3, 480), within(0.5));
    }
}
