package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.IdxReader;
import dev.shears.io.SampleLocations;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Fashion-MNIST images as IDX and as a PNG class folder give bit-for-bit the same examples:
 * the image folder's conventions (class = sorted folder name) and decoding add nothing of their own.
 */
class FashionMnistEquivalenceTest {
    private static final int FROM = 5000;
    private static final int TO = 5100;

    @TempDir
    Path folder;

    @Test
    void pngClassFoldersReadBackExactlyAsTheIdxFiles() throws Exception {
        Path fashion = SampleLocations.fashionMnistFolder();
        IdxReader.Images images = IdxReader.readImages(fashion.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = IdxReader.readLabels(fashion.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = FROM; i < TO; i++) {
            // folders "0".."9": one digit each, so sorted names are the class indices
            Path classFolder = Files.createDirectories(folder.resolve(Integer.toString(labels[i])));
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784));
            ImageIO.write(image, "png", classFolder.resolve(String.format("%05d.png", i)).toFile());
        }
        // every class occurs in this range, otherwise a missing folder would shift the indices
        assertThat(IntStream.range(FROM, TO).map(i -> labels[i]).distinct().count()).isEqualTo(10);

        DataSource idx = DataSources.open(DataSpec.of(DataKind.IDX, fashion).with("range", FROM + "-" + TO), IdxSourceTest.FASHION);
        DataSource pngs = DataSources.open(DataSpec.of(DataKind.IMAGE_FOLDER, folder), IdxSourceTest.FASHION);

        assertThat(pngs.size()).isEqualTo(TO - FROM);
        assertThat(pngs.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        // the folder lists class by class, then by file name (the image's index)
        int[] folderOrder = IntStream.range(0, TO - FROM).boxed()
                .sorted(Comparator.<Integer>comparingInt(k -> labels[FROM + k]).thenComparingInt(k -> k))
                .mapToInt(Integer::intValue).toArray();
        Examples fromIdx = idx.read(folderOrder);
        Examples fromPngs = pngs.read(0, TO - FROM);
        assertThat(fromPngs.labels().orElseThrow()).containsExactly(fromIdx.labels().orElseThrow());
        assertThat(fromPngs.features()).containsExactly(fromIdx.features());
        assertThat(fromPngs).isEqualTo(fromIdx);
    }
}
