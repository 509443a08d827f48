package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window carries the packaging's icon, so a task bar shows Shears' shears and not Java's cup. */
@ExtendWith(ApplicationExtension.class)
class WindowIconFxTest {
    @TempDir
    static Path settings;

    private Stage window;

    @Start
    void start(Stage stage) {
        window = stage;
        ShearsApp.showMainWindow(stage, new MainViewModel(new TaskRunner(), new RecentFiles(settings)));
    }

    @Test
    void theMainWindowsIconsAreTheInstallersPngsAtEverySizeFrom16To256() throws Exception {
        List<Image> icons = window.getIcons();

        assertThat(icons).extracting(icon -> (int) icon.getWidth()).containsExactly(16, 24, 32, 48, 64, 128, 256);
        for (Image icon : icons) {
            int size = (int) icon.getWidth();
            assertThat(icon.getHeight()).isEqualTo(size);
            BufferedImage packaged = ImageIO.read(Path.of(System.getProperty("shears.repo", "."),
                    "assets", "icons", "shears-" + size + ".png").toFile());
            assertThat(differingPixels(icon, packaged)).as("pixels of the %d px icon unlike assets/icons'", size)
                    .isZero();
        }
    }

    /** Counts pixels whose ARGB differs; both decoders give straight (non-premultiplied) 8-bit ARGB. */
    private static int differingPixels(Image icon, BufferedImage packaged) {
        PixelReader pixels = icon.getPixelReader();
        int differing = 0;
        for (int y = 0; y < packaged.getHeight(); y++) {
            for (int x = 0; x < packaged.getWidth(); x++) {
                int a = pixels.getArgb(x, y);
                int b = packaged.getRGB(x, y);
                // fully transparent pixels may keep any colour
                if (a != b && !((a >>> 24) == 0 && (b >>> 24) == 0)) {
                    differing++;
                }
            }
        }
        return differing;
    }
}
