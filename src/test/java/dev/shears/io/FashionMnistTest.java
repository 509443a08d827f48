package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The bundled Fashion-MNIST files: split sizes, where VALIDATION and TEST come from, scaling, one-hot labels. */
class FashionMnistTest {
    private static final int PIXELS = FashionMnist.SIDE * FashionMnist.SIDE;

    private static Path folder;
    private static IdxReader.Images t10kImages;
    private static byte[] t10kLabels;
    private static FashionMnist validation;
    private static FashionMnist test;

    @BeforeAll
    static void loadBundledData() throws Exception {
        folder = SampleLocations.fashionMnistFolder();
        t10kImages = IdxReader.readImages(folder.resolve("t10k-images-idx3-ubyte.gz"));
        t10kLabels = IdxReader.readLabels(folder.resolve("t10k-labels-idx1-ubyte.gz"));
        validation = FashionMnist.load(folder, DataSplit.VALIDATION);
        test = FashionMnist.load(folder, DataSplit.TEST);
    }

    @Test
    void splitsHaveTheirDocumentedSizes() throws Exception {
        assertThat(t10kImages.count()).isEqualTo(10_000);
        assertThat(validation.size()).isEqualTo(5_000);
        assertThat(test.size()).isEqualTo(5_000);
        assertThat(validation.split()).isEqualTo(DataSplit.VALIDATION);
        assertThat(test.split()).isEqualTo(DataSplit.TEST);

        FashionMnist train = FashionMnist.load(folder, DataSplit.TRAIN);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.batch(59_999, 60_000).getFeatures().shape()).containsExactly(1, PIXELS);
    }

    @Test
    void validationIsTheFirstHalfOfT10k() {
        assertSameExample(validation, 0, 0);
        assertSameExample(validation, 4_999, 4_999);
    }

    @Test
    void testIsTheSecondHalfOfT10k() {
        assertSameExample(test, 0, 5_000);
        assertSameExample(test, 4_999, 9_999);
    }

    @Test
    void validationAndTestDoNotOverlap() {
        float[] v0 = features(validation, 0);
        float[] t0 = features(test, 0);
        assertThat(t0).isNotEqualTo(v0);
    }

    @Test
    void pixelsAreScaledIntoZeroToOne() {
        INDArray features = validation.batch(0, 1_000).getFeatures();
        assertThat(features.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(features.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        // real images use the full range: black background and some saturated pixels
        assertThat(features.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(features.maxNumber().doubleValue()).isEqualTo(1.0);
    }

    @Test
    void batchLabelsAreOneHotOfTheClassIndex() {
        DataSet batch = test.batch(100, 164);
        INDArray labels = batch.getLabels();
        assertThat(labels.shape()).containsExactly(64, FashionMnist.CLASSES);
        assertThat(batch.getFeatures().shape()).containsExactly(64, PIXELS);
        boolean[] seen = new boolean[FashionMnist.CLASSES];
        for (int i = 0; i < 64; i++) {
            int label = test.label(100 + i);
            assertThat(label).isEqualTo(t10kLabels[5_000 + 100 + i]);
            seen[label] = true;
            for (int c = 0; c < FashionMnist.CLASSES; c++) {
                assertThat(labels.getFloat(i, c)).as("row %d class %d", i, c).isEqualTo(c == label ? 1f : 0f);
            }
        }
        // 64 real examples cover more than one class, so a constant label would fail above
        int classes = 0;
        for (boolean s : seen) {
            classes += s ? 1 : 0;
        }
        assertThat(classes).isGreaterThan(1);
    }

    @Test
    void firstKeepsTheLeadingExamplesOfTheSplit() {
        FashionMnist head = test.first(300);
        assertThat(head.size()).isEqualTo(300);
        assertThat(head.split()).isEqualTo(DataSplit.TEST);
        assertSameExample(head, 299, 5_299);
        assertThat(test.first(20_000).size()).isEqualTo(5_000);
    }

    /** Compares a split's example with the raw t10k file, pixel by pixel and label. */
    private static void assertSameExample(FashionMnist split, int index, int t10kIndex) {
        float[] actual = features(split, index);
        float[] expected = new float[PIXELS];
        byte[] raw = t10kImages.pixels();
        for (int p = 0; p < PIXELS; p++) {
            expected[p] = (raw[t10kIndex * PIXELS + p] & 0xff) / 255f;
        }
        assertThat(actual).containsExactly(expected, within(0f));
        assertThat(split.label(index)).isEqualTo(t10kLabels[t10kIndex]);
    }

    private static float[] features(FashionMnist split, int index) {
        return split.batch(index, index + 1).getFeatures().dup().data().asFloat();
    }
}
