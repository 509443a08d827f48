package dev.shears.ui.weights;

import dev.shears.analysis.heatmap.HeatmapImage;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Puts a rendered heatmap into an image view, reusing its image when the size is unchanged. */
public final class HeatmapImages {
    private HeatmapImages() {
    }

    public static void show(ImageView view, HeatmapImage result) {
        WritableImage target = view.getImage() instanceof WritableImage w && (int) w.getWidth() == result.width()
                && (int) w.getHeight() == result.height() ? w : new WritableImage(result.width(), result.height());
        target.getPixelWriter().setPixels(0, 0, result.width(), result.height(), PixelFormat.getIntArgbInstance(),
                result.argb(), 0, result.width());
        view.setImage(target);
    }
}
