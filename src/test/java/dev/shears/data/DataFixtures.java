package dev.shears.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes the committed image and CSV fixtures under src/test/resources/data/ (the NumPy ones come
 * from make_numpy_fixtures.py beside them). Run from the repository root:
 * {@code java -cp target/test-classes dev.shears.data.DataFixtures}. Seeded, so reruns give the same pixels.
 */
public final class DataFixtures {
    private DataFixtures() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "src/test/resources/data");
        Random random = new Random(20261201);
        Path images = data.resolve("images");
        // two classes of 10 PNGs each, sizes from 12×9 to 40×31, grey and RGB mixed
        for (String label : new String[] {"ants", "bees"}) {
            Files.createDirectories(images.resolve(label));
            for (int i = 0; i < 10; i++) {
                int width = 12 + random.nextInt(29);
                int height = 9 + random.nextInt(23);
                int type = i % 3 == 0 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
                ImageIO.write(noise(width, height, type, random), "png", images.resolve(label).resolve(label + i + ".png").toFile());
            }
        }
        ImageIO.write(noise(20, 14, BufferedImage.TYPE_3BYTE_BGR, random), "jpeg", images.resolve("ants/photo.jpg").toFile());
        ImageIO.write(noise(17, 23, BufferedImage.TYPE_3BYTE_BGR, random), "bmp", images.resolve("bees/scan.bmp").toFile());
        ImageIO.write(noise(16, 16, BufferedImage.TYPE_BYTE_INDEXED, random), "gif", images.resolve("bees/icon.gif").toFile());

        Files.writeString(data.resolve("with-header.csv"), """
                length,width,"depth, cm",label
                1.5,2,3,0
                4,5.25,6,1

                7,8,9,2
                -1,0,1e-3,1
                """);
        Files.writeString(data.resolve("no-header.csv"), """
                0.5,1,1.5
                2,2.5,3
                """);
    }

    private static BufferedImage noise(int width, int height, int type, Random random) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
