package dev.shears.io;

/**
 * The data splits used everywhere in Shears. Choices (previews, sensitivity) are made on
 * VALIDATION and results are reported on TEST, so that choices are not graded on the images they
 * were made on.
 */
public enum DataSplit {
    /** The 60 000 Fashion-MNIST training images. */
    TRAIN("train", 0, 60_000),
    /** Fashion-MNIST test images 0–4999. */
    VALIDATION("t10k", 0, 5_000),
    /** Fashion-MNIST test images 5000–9999. */
    TEST("t10k", 5_000, 10_000);

    private final String filePrefix;
    private final int from;
    private final int to;

    DataSplit(String filePrefix, int from, int to) {
        this.filePrefix = filePrefix;
        this.from = from;
        this.to = to;
    }

    public String filePrefix() {
        return filePrefix;
    }

    /** First image index (inclusive) in the underlying file. */
    public int from() {
        return from;
    }

    /** Last image index (exclusive) in the underlying file. */
    public int to() {
        return to;
    }

    public int size() {
        return to - from;
    }
}
