package dev.shears.analysis.heatmap;

import dev.shears.analysis.MagnitudeIndex;
import dev.shears.task.Cancellation;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Renders one tensor, again and again as the user pans, zooms, toggles options and moves the
 * threshold. It keeps what the last request computed, so a threshold move on an unchanged view
 * costs O(pixels) when a big tensor is shown whole (histograms per block, exact counts from a
 * magnitude index), and a rescan of the visible cells otherwise (small tensors, zoomed-in views).
 * Not thread-safe: confine it to one worker thread (the UI's TaskRunner); every pass polls the
 * cancellation once per pixel row band.
 */
public final class HeatmapRenderer {
    /** Up to this many weights a threshold move simply rescans them all (a few ms). */
    static final long DEFAULT_EXACT_SCAN_LIMIT = 1L << 22;

    private final HeatmapSource source;
    /** The tensor's magnitude index, shared with the threshold counts: built at most once, on first need. */
    private final Function<Cancellation, MagnitudeIndex> magnitudes;
    private final long exactScanLimit;
    private PixelBlocks blocks;
    private ValuesKey valuesKey;
    private BlockValues values;
    private PaintKey paintKey;
    private ColorMap colorMap;
    private int[] paintedBase;
    private MagnitudeIndex counter;
    private BlockMagnitudeHistograms histograms;

    /** A renderer that builds the source's magnitude index itself when a big tensor needs it. */
    public HeatmapRenderer(HeatmapSource source) {
        this(source, c -> MagnitudeIndex.of(source.values(), c));
    }

    /**
     * @param magnitudes the magnitude index of {@code source.values()} — the one the threshold counts
     *                   use, so a big tensor is indexed once — asked for only when a threshold needs it
     */
    public HeatmapRenderer(HeatmapSource source, Function<Cancellation, MagnitudeIndex> magnitudes) {
        this(source, magnitudes, DEFAULT_EXACT_SCAN_LIMIT);
    }

    HeatmapRenderer(HeatmapSource source, long exactScanLimit) {
        this(source, c -> MagnitudeIndex.of(source.values(), c), exactScanLimit);
    }

    private HeatmapRenderer(HeatmapSource source, Function<Cancellation, MagnitudeIndex> magnitudes,
                            long exactScanLimit) {
        this.source = source;
        this.magnitudes = magnitudes;
        this.exactScanLimit = exactScanLimit;
    }

    /**
     * @param threshold a magnitude threshold (pruned ⇔ |w| &lt; threshold), or empty for no mask
     * @throws Cancellation.CancelledException when {@code cancellation} is cancelled meanwhile
     */
    public HeatmapImage render(Viewport viewport, RenderOptions options, OptionalDouble threshold,
                               Cancellation cancellation) {
        PixelBlocks currentBlocks = blocksFor(viewport);
        BlockValues currentValues = valuesFor(currentBlocks,
                BlockValues.Statistic.of(options.aggregation(), options.valueMode()), cancellation);
        double range = options.rangeMax().orElse(currentValues.maxAbs() > 0 ? currentValues.maxAbs() : 1);
        PaintKey key = new PaintKey(currentValues, options.scheme(), options.valueMode(), options.scaling(), range);
        if (!key.equals(paintKey)) {
            colorMap = new ColorMap(options.scheme(), options.valueMode(), options.scaling(), range);
            paintedBase = colorMap.paint(currentValues, currentBlocks);
            paintKey = key;
        }
        if (threshold.isEmpty()) {
            return new HeatmapImage(viewport.pixelWidth(), viewport.pixelHeight(), paintedBase.clone(),
                    colorMap.legend(), Optional.empty());
        }
        double t = threshold.getAsDouble();
        MaskResult mask = mask(currentBlocks, t, cancellation);
        return new HeatmapImage(viewport.pixelWidth(), viewport.pixelHeight(),
                PrunedOverlay.apply(paintedBase, mask.prunedShares(), ColorMap.PRUNED_ARGB), colorMap.legend(),
                Optional.of(mask.summary()));
    }

    /** Memory held by the cached summaries (not the source), in bytes, estimated from array sizes. */
    public long summaryBytes() {
        long bytes = 0;
        if (values != null) {
            bytes += values.estimatedBytes();
        }
        if (paintedBase != null) {
            bytes += 16L + 4L * paintedBase.length;
        }
        if (counter != null) {
            bytes += counter.estimatedBytes();
        }
        if (histograms != null) {
            bytes += histograms.estimatedBytes();
        }
        return bytes;
    }

    private record ValuesKey(PixelBlocks blocks, BlockValues.Statistic statistic) {
    }

    private record PaintKey(BlockValues values, ColorScheme scheme, ValueMode mode, ColorScaling scaling,
                            double range) {
    }

    private record MaskResult(byte[] prunedShares, ThresholdSummary summary) {
    }

    private PixelBlocks blocksFor(Viewport viewport) {
        if (blocks == null || !blocks.viewport().equals(viewport)) {
            blocks = PixelBlocks.of(source, viewport);
        }
        return blocks;
    }

    private BlockValues valuesFor(PixelBlocks currentBlocks, BlockValues.Statistic statistic,
                                  Cancellation cancellation) {
        ValuesKey key = new ValuesKey(currentBlocks, statistic);
        if (!key.equals(valuesKey)) {
            values = BlockValues.compute(source, currentBlocks, statistic, cancellation);
            valuesKey = key;
        }
        return values;
    }

    private MaskResult mask(PixelBlocks currentBlocks, double threshold, Cancellation cancellation) {
        // Rescanning is exact and, for small tensors or about as many cells as pixels, as fast as summaries.
        long rescanLimit = Math.max(exactScanLimit, 4L * currentBlocks.viewport().pixelCount());
        if (source.values().size() <= rescanLimit) {
            ExactThresholdScan.Result scan = ExactThresholdScan.scan(source, currentBlocks, threshold, true,
                    cancellation);
            PruneCounts tensor = currentBlocks.coversWholeSource()
                    ? scan.visible()
                    : ExactThresholdScan.countAll(source.values(), threshold, cancellation);
            return new MaskResult(scan.prunedShares(), new ThresholdSummary(threshold, tensor, scan.visible(), true));
        }
        if (counter == null) {
            counter = magnitudes.apply(cancellation);
        }
        long prunedInTensor = counter.countBelow(threshold);
        PruneCounts tensor = new PruneCounts(counter.numbers() - prunedInTensor, prunedInTensor);
        if (currentBlocks.coversWholeSource()) {
            if (histograms == null || !histograms.isFor(currentBlocks)) {
                histograms = null; // let the old one go before the new one is allocated
                histograms = BlockMagnitudeHistograms.build(source, currentBlocks, counter, cancellation);
            }
            return new MaskResult(histograms.prunedShares(threshold, tensor.pruned()),
                    new ThresholdSummary(threshold, tensor, tensor, false));
        }
        boolean holdsNaN = counter.numbers() < source.values().size();
        ExactThresholdScan.Result scan = ExactThresholdScan.scan(source, currentBlocks, threshold, holdsNaN,
                cancellation);
        return new MaskResult(scan.prunedShares(), new ThresholdSummary(threshold, tensor, scan.visible(), true));
    }
}
