package dev.shears.analysis.heatmap;

/**
 * A viewport resolved against a source: for every pixel, the rectangle of cells it aggregates.
 * Gaps are whole rows or columns, so a block's non-gap cell count is rows × columns, and a block
 * is empty exactly when its pixel row or its pixel column shows no non-gap cell.
 */
record PixelBlocks(Viewport viewport, AxisBlocks rows, AxisBlocks columns, boolean coversWholeSource,
                   boolean[] emptyPixelRow, boolean[] emptyPixelColumn, int[] columnSegmentOfPixel,
                   boolean[] gapInVisibleColumns) {
    static PixelBlocks of(HeatmapSource source, Viewport viewport) {
        AxisBlocks rows = AxisBlocks.of(viewport.y(), viewport.height(), viewport.pixelHeight(),
                source.rows(), source::isGapRow);
        AxisBlocks columns = AxisBlocks.of(viewport.x(), viewport.width(), viewport.pixelWidth(),
                source.columns(), source::isGapColumn);
        boolean whole = rows.firstCell() == 0 && rows.endCell() == source.rows()
                && columns.firstCell() == 0 && columns.endCell() == source.columns();
        int[] columnSegmentOfPixel = new int[columns.pixels()];
        boolean[] emptyColumn = new boolean[columns.pixels()];
        for (int px = 0; px < columns.pixels(); px++) {
            columnSegmentOfPixel[px] = columns.segmentOf(px);
            emptyColumn[px] = columns.nonGapCells(columnSegmentOfPixel[px]) == 0;
        }
        boolean[] emptyRow = new boolean[rows.pixels()];
        for (int py = 0; py < rows.pixels(); py++) {
            emptyRow[py] = rows.nonGapCells(rows.segmentOf(py)) == 0;
        }
        boolean[] gap = new boolean[columns.visibleCells()];
        for (int j = 0; j < gap.length; j++) {
            gap[j] = source.isGapColumn(columns.firstCell() + j);
        }
        return new PixelBlocks(viewport, rows, columns, whole, emptyRow, emptyColumn, columnSegmentOfPixel, gap);
    }

    int width() {
        return columns.pixels();
    }

    int height() {
        return rows.pixels();
    }

    boolean isEmpty(int pixelRow, int pixelColumn) {
        return emptyPixelRow[pixelRow] || emptyPixelColumn[pixelColumn];
    }
}
