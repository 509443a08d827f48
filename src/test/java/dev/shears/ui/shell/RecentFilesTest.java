package dev.shears.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentFilesTest {
    @TempDir
    Path settings;

    @Test
    void newestFirstWithoutDuplicatesAndAtMostEight() {
        RecentFiles recent = new RecentFiles(settings);
        for (int i = 0; i < 10; i++) {
            recent.add(Path.of("/models/m" + i + ".zip"));
        }
        recent.add(Path.of("/models/m5.zip"));
        assertThat(new RecentFiles(settings).list()).hasSize(RecentFiles.MAX_ENTRIES)
                .startsWith(Path.of("/models/m5.zip"), Path.of("/models/m9.zip"))
                .doesNotHaveDuplicates()
                .doesNotContain(Path.of("/models/m0.zip"));
    }

    @Test
    void anUnwritableSettingsFolderIsIgnored() throws Exception {
        Path blocker = settings.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        RecentFiles recent = new RecentFiles(blocker.resolve("shears"));
        assertThat(recent.add(Path.of("/models/a.zip"))).containsExactly(Path.of("/models/a.zip"));
        assertThat(recent.list()).isEmpty();
    }
}
