package dev.shears.data;

import dev.shears.io.IdxReader;
import dev.shears.io.SampleLocations;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Image-folder decode rates: the first pass (opening the source: read, decode, preprocess, cache)
 * and later passes (reading every example back in batches of 256), for 5,000 28×28 grey PNGs
 * (Fashion-MNIST t10k 0–4999) and 1,000 224×224 RGB JPEGs, taken as they are and shrunk to 112×112.
 * The images are generated once into a folder outside the repository (default /tmp/shears-decode-bench).
 * Run from the repository root with the bench profile's class path:
 * <pre>
 * mvn -B -P bench -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) dev.shears.data.DecodeBenchmark
 * </pre>
 */
public final class DecodeBenchmark {
    private static final int LATER_PASSES = 3;
    private static final int BATCH = 256;

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "/tmp/shears-decode-bench");
        Path pngs = root.resolve("png-28");
        Path jpegs = root.resolve("jpeg-224");
        if (!Files.isDirectory(pngs)) {
            writeFashionPngs(pngs, 5000);
        }
        if (!Files.isDirectory(jpegs)) {
            writeJpegs(jpegs, 1000);
        }
        System.out.printf("%d processors, %d MB heap%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        measure("5,000 PNG 28×28 → 28×28 grey FLAT_CHW", pngs, new ImageGeometry(1, 28, 28, ImageLayout.FLAT_CHW));
        measure("1,000 JPEG 224×224 → 224×224 RGB CHW", jpegs, new ImageGeometry(3, 224, 224, ImageLayout.CHW));
        measure("1,000 JPEG 224×224 → 112×112 RGB CHW", jpegs, new ImageGeometry(3, 112, 112, ImageLayout.CHW));
    }

    private static void measure(String what, Path folder, ImageGeometry geometry) throws DataException {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        DataSource source = DataSources.open(DataSpec.of(DataKind.IMAGE_FOLDER, folder), ModelInput.images(geometry, false));
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        boolean spilled = source instanceof ImageFolderSource images && images.spilled();
        // CPU time is reported too: on a shared machine the wall-clock rate depends on the others' load
        System.out.printf("%s%s%n  first pass (decode):  %8.0f images/s (%.2f s; %.0f images per CPU-second)%n", what,
                spilled ? " [cache spilled to disk beyond 512 MB]" : "", source.size() / firstSeconds, firstSeconds,
                source.size() / cpuSeconds);
        for (int pass = 1; pass <= LATER_PASSES; pass++) {
            long passStart = System.nanoTime();
            for (int from = 0; from < source.size(); from += BATCH) {
                source.read(from, Math.min(source.size(), from + BATCH));
            }
            double seconds = (System.nanoTime() - passStart) / 1e9;
            System.out.printf("  later pass %d (cache): %8.0f images/s (%.3f s)%n", pass, source.size() / seconds, seconds);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void writeFashionPngs(Path folder, int count) throws Exception {
        Path fashion = SampleLocations.fashionMnistFolder();
        IdxReader.Images images = IdxReader.readImages(fashion.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = IdxReader.readLabels(fashion.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = 0; i < count; i++) {
            Path classFolder = Files.createDirectories(folder.resolve(Integer.toString(labels[i])));
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784));
            ImageIO.write(image, "png", classFolder.resolve(String.format("%05d.png", i)).toFile());
        }
    }

    /** Smooth colour waves plus noise, so that JPEG has photo-like work to do. */
    private static void writeJpegs(Path folder, int count) throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            Path classFolder = Files.createDirectories(folder.resolve("class" + i % 4));
            BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_3BYTE_BGR);
            double fx = 0.01 + random.nextDouble() * 0.1;
            double fy = 0.01 + random.nextDouble() * 0.1;
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) {
                    int r = clamp(128 + 100 * Math.sin(fx * x) + random.nextInt(30));
                    int g = clamp(128 + 100 * Math.cos(fy * y) + random.nextInt(30));
                    int b = clamp(128 + 100 * Math.sin(fx * x + fy * y) + random.nextInt(30));
                    image.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
            ImageIO.write(image, "jpeg", classFolder.resolve(String.format("%04d.jpg", i)).toFile());
        }
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, value));
    }
}
