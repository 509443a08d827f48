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
            if (f == 0) {
                out[p] = c;
                continue;
            }
            int k = 255 - f;
            int r = ((c >> 16 & 0xFF) * k + gr * f + 127) / 255;
            int g = ((c >> 8 & 0xFF) * k + gg * f + 127) / 255;
            int b = ((c & 0xFF) * k + gb * f + 127) / 255;
            out[p] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return out;
    }
}
