package dev.shears.analysis.heatmap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Tiles measured from a drawn image: the bounding boxes of 4-connected runs of non-background pixels. */
public final class TileBoxes {
    /** A bounding box in pixels, ends exclusive. */
    public record Box(int left, int top, int right, int bottom) {
        public int width() {
            return right - left;
        }

        public int height() {
            return bottom - top;
        }
    }

    private TileBoxes() {
    }

    public static List<Box> of(HeatmapImage image) {
        int w = image.width();
        int h = image.height();
        int background = image.legend().backgroundArgb();
        boolean[] seen = new boolean[w * h];
        List<Box> boxes = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < w * h; start++) {
            if (seen[start] || image.argb()[start] == background) {
                continue;
            }
            int left = w;
            int top = h;
            int right = -1;
            int bottom = -1;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int x = p % w;
                int y = p / w;
                left = Math.min(left, x);
                right = Math.max(right, x);
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
                int[] next = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
                for (int q : next) {
                    if (q >= 0 && !seen[q] && image.argb()[q] != background) {
                        seen[q] = true;
                        queue.add(q);
                    }
                }
            }
            boxes.add(new Box(left, top, right + 1, bottom + 1));
        }
        return boxes;
    }
}
