package dev.shears.eval;

/**
 * Which part of a sensitivity scan one run computes, so that N machines (or processes) can share it:
 * the scan's cells — scanned group × ratio, numbered in scan order (groups in graph order, ratios
 * ascending) — are dealt round-robin, cell {@code k} to shard {@code k mod count + 1}. Every shard
 * measures the unpruned baseline and lists the groups kept whole, so that a merge can check they agree.
 *
 * @param index 1 … count
 */
public record SensitivityShard(int index, int count) {
    /** The whole scan in one run. */
    public static final SensitivityShard WHOLE = new SensitivityShard(1, 1);

    public SensitivityShard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is I/N with 1 ≤ I ≤ N, not " + index + "/" + count);
        }
    }

    /** "2/3" → shard 2 of 3; the sentence says what is wrong otherwise. */
    public static SensitivityShard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length == 2) {
            try {
                int i = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && i >= 1 && i <= n) {
                    return new SensitivityShard(i, n);
                }
            } catch (NumberFormatException e) {
                // the sentence below says what a shard looks like
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a shard: give I/N with 1 ≤ I ≤ N, e.g. 2/3");
    }

    public boolean includes(int cell) {
        return cell % count == index - 1;
    }

    /** How many of {@code cells} cells this shard computes. */
    public int cellsOf(int cells) {
        return cells / count + (cells % count >= index ? 1 : 0);
    }

    public boolean whole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
