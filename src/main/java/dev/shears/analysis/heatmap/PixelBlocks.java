package dev.shears.analysis.heatmap;

/**
 * A viewport resolved against a source: for every pixel, the rectangle of cells it aggregates.
 * Gaps are whole rows or columns, so a block's non-gap cell count is rows × columns.
 */
record PixelBlocks(Viewport viewport, AxisBlocks rows, AxisBlocks columns, boolean coversWholeSource) {
    static PixelBlocks of(HeatmapSource source, Viewport viewport) {
        AxisBlocks rows = AxisBlocks.of(viewport.y(), viewport.height(), viewport.pixelHeight(),
                source.rows(), source::isGapRow);
        AxisBlocks columns = AxisBlocks.of(viewport.x(), viewport.width(), viewport.pixelWidth(),
                source.columns(), source::isGapColumn);
        boolean whole = rows.firstCell() == 0 && rows.endCell() == source.rows()
                && columns.firstCell() == 0 && columns.endCell() == source.columns();
        return new PixelBlocks(viewport, rows, columns, whole);
    }

    int width() {
        return columns.pixels();
    }

    int height() {
        return rows.pixels();
    }

    boolean isEmpty(int pixelRow, int pixelColumn) {
        return rows.nonGapCells(rows.segmentOf(pixelRow)) == 0
                || columns.nonGapCells(columns.segmentOf(pixelColumn)) == 0;
    }

    /** Column-segment lookup for a row of pixels: {@code columns.segmentOf(px)} for each px. */
    int[] columnSegmentOfPixel() {
        int[] segment = new int[width()];
        for (int px = 0; px < segment.length; px++) {
            segment[px] = columns.segmentOf(px);
        }
        return segment;
    }
}
