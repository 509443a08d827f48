package dev.shears.ui;

import java.util.List;
import javafx.scene.image.Image;

/**
 * The window's own icon, at the sizes desktops ask for (title bar 16–24, task switcher 32–64, docks
 * 128–256): the PNGs packaging/icons/render.sh makes in assets/icons, copied into the jar by the pom.
 */
public final class AppIcons {
    public static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
    static final String FOLDER = "/dev/shears/ui/icons/";

    private AppIcons() {
    }

    /** The icon at every size in {@link #SIZES}, decoded now (a few milliseconds: small PNGs). */
    public static List<Image> all() {
        return SIZES.stream().map(AppIcons::load).toList();
    }

    private static Image load(int size) {
        String name = FOLDER + "shears-" + size + ".png";
        var url = AppIcons.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("the jar lacks the icon " + name);
        }
        return new Image(url.toExternalForm());
    }
}
