package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files crafted byte by byte: good ones read back exactly, broken ones fail with a message naming the file. */
class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsPlainImagesExactly() throws IOException {
        byte[] pixels = pixels(3 * 4 * 5);
        Path file = write("images-idx3-ubyte", imagesFile(3, 4, 5, pixels));

        IdxReader.Images images = IdxReader.readImages(file);

        assertThat(images.count()).isEqualTo(3);
        assertThat(images.rows()).isEqualTo(4);
        assertThat(images.cols()).isEqualTo(5);
        assertThat(images.pixelsPerImage()).isEqualTo(20);
        assertThat(images.pixels()).containsExactly(pixels);
    }

    @Test
    void readsGzippedImagesExactly() throws IOException {
        byte[] pixels = pixels(2 * 28 * 28);
        Path file = write("images-idx3-ubyte.gz", gzip(imagesFile(2, 28, 28, pixels)));

        IdxReader.Images images = IdxReader.readImages(file);

        assertThat(images.count()).isEqualTo(2);
        assertThat(images.rows()).isEqualTo(28);
        assertThat(images.cols()).isEqualTo(28);
        assertThat(images.pixels()).containsExactly(pixels);
    }

    @Test
    void readsPlainAndGzippedLabelsExactly() throws IOException {
        byte[] labels = {0, 9, 3, 3, 7, 1};
        Path plain = write("labels-idx1-ubyte", labelsFile(labels.length, labels));
        Path gz = write("labels-idx1-ubyte.gz", gzip(labelsFile(labels.length, labels)));

        assertThat(IdxReader.readLabels(plain)).containsExactly(labels);
        assertThat(IdxReader.readLabels(gz)).containsExactly(labels);
    }

    @Test
    void rejectsWrongMagicNamingTheFile() throws IOException {
        // a labels file handed to the images reader: same data type, wrong dimension count
        Path file = write("not-images.idx", labelsFile(2, new byte[] {1, 2}));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("not-images.idx")
                .hasMessageContaining("magic");
    }

    @Test
    void rejectsArbitraryBytesAsWrongMagicNamingTheFile() throws IOException {
        Path file = write("photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0});

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("photo.png")
                .hasMessageContaining("magic");
    }

    @Test
    void rejectsTruncatedImageDataNamingTheFile() throws IOException {
        // the header promises 10 images of 4x4, the file holds 3
        Path file = write("short-images-idx3-ubyte", imagesFile(10, 4, 4, pixels(3 * 16)));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("short-images-idx3-ubyte")
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsTruncatedLabelDataNamingTheFile() throws IOException {
        Path file = write("short-labels-idx1-ubyte", labelsFile(10, new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("short-labels-idx1-ubyte")
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsGzipStreamCutInTheDataAsIdxFormatException() throws IOException {
        byte[] noise = new byte[50 * 28 * 28];
        new Random(7).nextBytes(noise); // incompressible, so half the stream is half the data
        byte[] whole = gzip(imagesFile(50, 28, 28, noise));
        Path file = write("cut-images.gz", Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessageContaining("cut-images.gz")
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsGzipStreamCutInsideItsOwnHeaderAsIdxFormatException() throws IOException {
        // only the first bytes of the 10-byte gzip header: the gzip magic is there, nothing else
        byte[] whole = gzip(labelsFile(3, new byte[] {1, 2, 3}));
        Path file = write("cut-labels.gz", Arrays.copyOf(whole, 5));

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessageContaining("cut-labels.gz")
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsGzipWithUnsupportedCompressionMethodAsIdxFormatException() throws IOException {
        byte[] whole = gzip(labelsFile(3, new byte[] {1, 2, 3}));
        whole[2] = 7; // compression method: only 8 (deflate) exists
        Path file = write("odd-method.gz", whole);

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessageContaining("odd-method.gz")
                .hasMessageContaining("gzip");
    }

    @Test
    void rejectsGzipStreamCutInsideTheIdxHeaderAsIdxFormatException() throws IOException {
        // a complete gzip member whose content is only 6 bytes of IDX header
        Path file = write("header-only.gz", gzip(Arrays.copyOf(labelsFile(3, new byte[] {1, 2, 3}), 6)));

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isExactlyInstanceOf(IdxFormatException.class)
                .hasMessageContaining("header-only.gz")
                .hasMessageContaining("truncated header");
    }

    @Test
    void rejectsEmptyFileAsTruncatedHeader() throws IOException {
        Path file = write("empty-idx3-ubyte", new byte[0]);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("empty-idx3-ubyte")
                .hasMessageContaining("truncated header");
    }

    @Test
    void rejectsMissingFileNamingIt() {
        Path file = dir.resolve("nowhere-idx1-ubyte");

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("nowhere-idx1-ubyte")
                .hasMessageContaining("not found");
    }

    @Test
    void fashionMnistRejectsImageAndLabelCountMismatchNamingTheLabelsFileAndBothCounts() throws IOException {
        write("t10k-images-idx3-ubyte", imagesFile(7, 28, 28, pixels(7 * 28 * 28)));
        write("t10k-labels-idx1-ubyte.gz", gzip(labelsFile(4, new byte[] {0, 1, 2, 3})));

        assertThatThrownBy(() -> FashionMnist.load(dir, DataSplit.VALIDATION))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining("4 labels")
                .hasMessageContaining("7 images");
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Deterministic pixel bytes covering the whole unsigned range, including values above 127. */
    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + 11);
        }
        return p;
    }

    private static byte[] imagesFile(int count, int rows, int cols, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
        return bytes.toByteArray();
    }

    private static byte[] labelsFile(int count, byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            out.write(labels);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
