package dev.shears.io;

import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of Fashion-MNIST in memory: pixels scaled to [0, 1] as flat 784-vectors (every sample
 * model takes {@code InputType.convolutionalFlat(28, 28, 1)}), labels as class indices.
 */
public final class FashionMnist implements DataSource {
    public static final int CLASSES = 10;
    public static final int SIDE = 28;
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final DataSplit split;
    private final float[] pixels;
    private final byte[] labels;

    private FashionMnist(DataSplit split, float[] pixels, byte[] labels) {
        this.split = split;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Loads a split from a folder holding the four IDX files ({@code .gz} or plain). */
    public static FashionMnist load(Path folder, DataSplit split) throws IOException {
        Path imagesFile = pick(folder, split.filePrefix() + "-images-idx3-ubyte");
        Path labelsFile = pick(folder, split.filePrefix() + "-labels-idx1-ubyte");
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        byte[] allLabels = IdxReader.readLabels(labelsFile);
        if (images.count() != allLabels.length) {
            throw new IdxFormatException(labelsFile, "holds " + allLabels.length + " labels but "
                    + imagesFile.getFileName() + " holds " + images.count() + " images");
        }
        if (images.rows() != SIDE || images.cols() != SIDE) {
            throw new IdxFormatException(imagesFile, "images are " + images.rows() + "x" + images.cols()
                    + ", expected 28x28");
        }
        if (images.count() < split.to()) {
            throw new IdxFormatException(imagesFile, "holds " + images.count() + " images, the "
                    + split.name().toLowerCase() + " split needs " + split.to());
        }
        int n = split.size();
        int ppi = images.pixelsPerImage();
        float[] pixels = new float[n * ppi];
        byte[] src = images.pixels();
        int offset = split.from() * ppi;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (src[offset + i] & 0xff) / 255f;
        }
        byte[] labels = new byte[n];
        System.arraycopy(allLabels, split.from(), labels, 0, n);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new IdxFormatException(labelsFile, "label " + labels[i] + " at index "
                        + (split.from() + i) + " is not a class 0-9");
            }
        }
        return new FashionMnist(split, pixels, labels);
    }

    private static Path pick(Path folder, String baseName) {
        Path gz = folder.resolve(baseName + ".gz");
        return gz.toFile().isFile() ? gz : folder.resolve(baseName);
    }

    public DataSplit split() {
        return split;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public String name() {
        return "Fashion-MNIST " + split.name().toLowerCase(java.util.Locale.ROOT) + " split (" + size() + " images)";
    }

    @Override
    public TensorShape exampleShape() {
        return TensorShape.of((long) SIDE * SIDE);
    }

    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    @Override
    public boolean labelled() {
        return true;
    }

    @Override
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(pixels.length * Float.BYTES);
            buffer.asFloatBuffer().put(pixels);
            digest.update(buffer);
            digest.update(labels);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public Examples read(int[] indices) {
        int ppi = SIDE * SIDE;
        float[] f = new float[indices.length * ppi];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * ppi, f, i * ppi, ppi);
            l[i] = labels[indices[i]];
        }
        return Examples.labelled(f, exampleShape(), l);
    }

    @Override
    public int[] labels() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The first {@code n} examples of this split (all of them when it holds fewer), e.g. for a quicker evaluation. */
    public FashionMnist first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a number of examples is >= 0, got " + n);
        }
        int m = Math.min(n, size());
        return new FashionMnist(split, Arrays.copyOf(pixels, m * SIDE * SIDE), Arrays.copyOf(labels, m));
    }

    /** Examples [from, to) as a DataSet with features [n, 784] and one-hot labels [n, 10]. */
    public DataSet batch(int from, int to) {
        int[] order = new int[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        return gather(order);
    }

    /** The given examples, in the given order. */
    public DataSet gather(int[] indices) {
        int ppi = SIDE * SIDE;
        float[] f = new float[indices.length * ppi];
        float[] l = new float[indices.length * CLASSES];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * ppi, f, i * ppi, ppi);
            l[i * CLASSES + labels[indices[i]]] = 1f;
        }
        INDArray features = Nd4j.create(f, new long[] {indices.length, ppi}, DataType.FLOAT);
        INDArray oneHot = Nd4j.create(l, new long[] {indices.length, CLASSES}, DataType.FLOAT);
        return new DataSet(features, oneHot);
    }

    /** Batches in file order (evaluation). */
    public List<DataSet> batches(int batchSize) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < size(); from += batchSize) {
            out.add(batch(from, Math.min(size(), from + batchSize)));
        }
        return out;
    }

    /** A shuffled permutation of all example indices (one training epoch). */
    public int[] shuffledOrder(Random random) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
