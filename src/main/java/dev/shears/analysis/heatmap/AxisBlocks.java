package dev.shears.analysis.heatmap;

import java.util.function.IntPredicate;

/**
 * One axis of a viewport: the contiguous range of cells each pixel shows. A pixel shows the cells
 * whose centres fall inside it (so zoomed out, every visible cell belongs to exactly one pixel); if
 * no centre does (zoomed in), it shows the cell under its own centre. Equal consecutive ranges are
 * merged into segments so zoomed-in work is done once per cell, not once per pixel.
 */
final class AxisBlocks {
    private final int pixels;
    private final int[] segmentOfPixel;
    private final int[] segmentStart;
    private final int[] segmentEnd;
    private final int[] segmentFirstPixel;
    private final int[] segmentNonGapCells;
    private final int segments;
    private final int firstCell;
    private final int endCell;

    private AxisBlocks(int pixels, int[] segmentOfPixel, int[] segmentStart, int[] segmentEnd,
                       int[] segmentFirstPixel, int[] segmentNonGapCells, int segments) {
        this.pixels = pixels;
        this.segmentOfPixel = segmentOfPixel;
        this.segmentStart = segmentStart;
        this.segmentEnd = segmentEnd;
        this.segmentFirstPixel = segmentFirstPixel;
        this.segmentNonGapCells = segmentNonGapCells;
        this.segments = segments;
        int first = Integer.MAX_VALUE;
        int end = Integer.MIN_VALUE;
        for (int s = 0; s < segments; s++) {
            if (segmentEnd[s] > segmentStart[s]) {
                first = Math.min(first, segmentStart[s]);
                end = Math.max(end, segmentEnd[s]);
            }
        }
        this.firstCell = first == Integer.MAX_VALUE ? 0 : first;
        this.endCell = first == Integer.MAX_VALUE ? 0 : end;
    }

    /**
     * @param origin first logical coordinate shown (cells)
     * @param extent logical length shown (cells)
     * @param pixels output pixels along this axis
     * @param cells  cells the source has along this axis
     * @param isGap  which cells are gaps
     */
    static AxisBlocks of(double origin, double extent, int pixels, int cells, IntPredicate isGap) {
        double cellsPerPixel = extent / pixels;
        int[] centreBoundary = new int[pixels + 1];
        for (int k = 0; k <= pixels; k++) {
            centreBoundary[k] = (int) Math.max(Integer.MIN_VALUE / 2,
                    Math.min(Integer.MAX_VALUE / 2, Math.ceil(origin + k * cellsPerPixel - 0.5)));
        }
        int[] nonGapPrefix = new int[cells + 1];
        for (int c = 0; c < cells; c++) {
            nonGapPrefix[c + 1] = nonGapPrefix[c] + (isGap.test(c) ? 0 : 1);
        }
        int[] segmentOfPixel = new int[pixels];
        int[] segmentStart = new int[pixels];
        int[] segmentEnd = new int[pixels];
        int[] segmentFirstPixel = new int[pixels + 1];
        int[] segmentNonGap = new int[pixels];
        int segments = 0;
        for (int k = 0; k < pixels; k++) {
            int start = centreBoundary[k];
            int end = centreBoundary[k + 1];
            if (end <= start) {
                double centre = Math.floor(origin + (k + 0.5) * cellsPerPixel);
                start = (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, centre));
                end = start + 1;
            }
            start = Math.max(0, Math.min(cells, start));
            end = Math.max(start, Math.min(cells, end));
            if (segments == 0 || segmentStart[segments - 1] != start || segmentEnd[segments - 1] != end) {
                segmentStart[segments] = start;
                segmentEnd[segments] = end;
                segmentFirstPixel[segments] = k;
                segmentNonGap[segments] = nonGapPrefix[end] - nonGapPrefix[start];
                segments++;
            }
            segmentOfPixel[k] = segments - 1;
        }
        segmentFirstPixel[segments] = pixels;
        return new AxisBlocks(pixels, segmentOfPixel, segmentStart, segmentEnd, segmentFirstPixel,
                segmentNonGap, segments);
    }

    int pixels() {
        return pixels;
    }

    int segments() {
        return segments;
    }

    int segmentOf(int pixel) {
        return segmentOfPixel[pixel];
    }

    /** First cell of a segment (inclusive). */
    int start(int segment) {
        return segmentStart[segment];
    }

    /** End cell of a segment (exclusive); equal to start when the pixels lie outside the source. */
    int end(int segment) {
        return segmentEnd[segment];
    }

    int firstPixel(int segment) {
        return segmentFirstPixel[segment];
    }

    /** One past the last pixel of a segment. */
    int endPixel(int segment) {
        return segmentFirstPixel[segment + 1];
    }

    int nonGapCells(int segment) {
        return segmentNonGapCells[segment];
    }

    /** First visible cell (inclusive); visible cells are those some pixel shows. */
    int firstCell() {
        return firstCell;
    }

    /** End of the visible cells (exclusive); equals {@link #firstCell()} when nothing is visible. */
    int endCell() {
        return endCell;
    }

    int visibleCells() {
        return endCell - firstCell;
    }
}
