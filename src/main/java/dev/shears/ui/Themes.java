package dev.shears.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.LoggerFactory;

/**
 * The theme in use and the one remembered. The theme is the application's user-agent stylesheet, so
 * every window, dialog, menu and tooltip follows it at once; views that draw in code listen to
 * {@link #currentProperty()} (weakly: it outlives them). The choice is kept in {@value #FILE} in the
 * settings folder. Used on the FX thread only.
 */
public final class Themes {
    public static final String FILE = "theme.txt";
    private static final ReadOnlyObjectWrapper<Theme> CURRENT =
            new ReadOnlyObjectWrapper<>(Themes.class, "current", Theme.LIGHT);

    private Themes() {
    }

    /** The theme shown now; {@link Theme#LIGHT} until one is applied. */
    public static ReadOnlyObjectProperty<Theme> currentProperty() {
        return CURRENT.getReadOnlyProperty();
    }

    public static Theme current() {
        return CURRENT.get();
    }

    /** Makes {@code theme} the look of every window, restyling those open now. */
    public static void apply(Theme theme) {
        Application.setUserAgentStylesheet(theme.userAgentStylesheet());
        CURRENT.set(theme);
    }

    /** The theme remembered in {@code settingsFolder}: light when none was chosen or the file is unreadable. */
    public static Theme remembered(Path settingsFolder) {
        Path file = settingsFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Theme.LIGHT;
        }
        try {
            return Theme.ofKey(Files.readString(file, StandardCharsets.UTF_8)).orElse(Theme.LIGHT);
        } catch (IOException | RuntimeException e) {
            return Theme.LIGHT;
        }
    }

    /**
     * Remembers {@code theme} for the next start. A settings folder that cannot be written is logged and
     * otherwise ignored: the theme still changes now.
     */
    public static void remember(Path settingsFolder, Theme theme) {
        try {
            Files.createDirectories(settingsFolder);
            Path temp = Files.createTempFile(settingsFolder, "theme", ".tmp");
            Files.writeString(temp, theme.key() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, settingsFolder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Themes.class).warn("Could not remember the theme in {}: {}", settingsFolder,
                    e.toString());
        }
    }
}
