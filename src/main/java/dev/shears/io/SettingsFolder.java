package dev.shears.io;

import java.nio.file.Path;

/** Where per-user state lives: {@code -Dshears.config.dir}, else {@code ~/.config/shears}. */
public final class SettingsFolder {
    private SettingsFolder() {
    }

    public static Path path() {
        String configured = System.getProperty("shears.config.dir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".config", "shears");
    }
}
