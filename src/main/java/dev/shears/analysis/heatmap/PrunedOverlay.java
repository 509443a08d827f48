package dev.shears.analysis.heatmap;

/** Blends each pixel towards the pruned grey by its block's pruned share. */
final class PrunedOverlay {
    private PrunedOverlay() {
    }

    static int[] apply(int[] base, byte[] prunedShares, int prunedArgb) {
        int[] out = new int[base.length];
        int gr = prunedArgb >> 16 & 0xFF;
        int gg = prunedArgb >> 8 & 0xFF;
        int gb = prunedArgb & 0xFF;
        for (int p = 0; p < base.length; p++) {
            int f = prunedShares[p] & 0xFF;
            int c = base[p];
            int weight = f * 257; // f / 255 in 16-bit fixed point: 255 → 65535, so f = 255 lands on the grey exactly
            int r = blend(c >> 16 & 0xFF, gr, weight);
            int g = blend(c >> 8 & 0xFF, gg, weight);
            int b = blend(c & 0xFF, gb, weight);
            out[p] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return out;
    }

    private static int blend(int from, int to, int weight) {
        return from + ((to - from) * weight + 32768 >> 16);
    }
}
