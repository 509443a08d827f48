package dev.shears;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/** A folder in which creating a file fails with "permission denied", for tests of what the user is told. */
public final class ReadOnlyFolder {
    private ReadOnlyFolder() {
    }

    /**
     * {@code temp/read-only} with r-x permissions; where the tests run as root, which ignores them,
     * {@code /sys}, which no one may create files in.
     */
    public static Path in(Path temp) throws IOException {
        Path folder = Files.createDirectory(temp.resolve("read-only"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (deniesWriting(folder)) {
            return folder;
        }
        Path sys = Path.of("/sys");
        Assumptions.assumeTrue(deniesWriting(sys), "no folder here refuses new files");
        return sys;
    }

    private static boolean deniesWriting(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
            return false;
        } catch (AccessDeniedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
