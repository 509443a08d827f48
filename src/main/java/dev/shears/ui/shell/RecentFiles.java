package dev.shears.ui.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently opened model files, newest first, kept in {@code recent-models.txt} under the
 * settings folder ({@code shears.config.dir}, default {@code ~/.config/shears}). Only successful
 * opens are recorded. A settings folder that cannot be written is ignored: losing the recent list
 * must never stop the user from working.
 */
public final class RecentFiles {
    static final int MAX_ENTRIES = 8;
    private final Path store;
    private final Path folder;

    public RecentFiles(Path settingsFolder) {
        this.folder = settingsFolder;
        this.store = settingsFolder.resolve("recent-models.txt");
    }

    /** The settings folder, where other per-user state (e.g. cached scans) lives too. */
    public Path folder() {
        return folder;
    }

    public static RecentFiles inDefaultLocation() {
        return new RecentFiles(dev.shears.io.SettingsFolder.path());
    }

    public List<Path> list() {
        if (!Files.isRegularFile(store)) {
            return List.of();
        }
        try {
            List<Path> out = new ArrayList<>();
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Path.of(line.trim()));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Moves {@code file} to the front and returns the new list. */
    public List<Path> add(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        List<Path> entries = new ArrayList<>(list());
        entries.remove(absolute);
        entries.add(0, absolute);
        while (entries.size() > MAX_ENTRIES) {
            entries.remove(entries.size() - 1);
        }
        try {
            Files.createDirectories(store.getParent());
            Path temp = Files.createTempFile(store.getParent(), "recent", ".tmp");
            Files.write(temp, entries.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
            Files.move(temp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // Settings not writable: keep working with the in-memory list.
        }
        return List.copyOf(entries);
    }
}
