package dev.shears.data;

/** The kinds of data files Shears reads. */
public enum DataKind {
    /** MNIST-family IDX files: an images file and, for labels, a labels file beside it. */
    IDX,
    /** A folder with one sub-folder of images per class (labelled), or of images only (unlabelled). */
    IMAGE_FOLDER,
    /** A NumPy .npz holding arrays x and (for labels) y. */
    NPZ,
    /** A NumPy .npy of inputs, with an optional .npy of labels beside it. */
    NPY,
    /** Numeric feature columns and (for labels) one label column. */
    CSV
}
