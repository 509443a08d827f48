package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temp file next to the target, then a move: the target holds the old content or the new, never half. */
class AtomicFilesTest {
    @TempDir
    Path folder;

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTempBehind() throws IOException {
        Path target = folder.resolve("a.txt");
        Files.writeString(target, "old");

        AtomicFiles.writeString(target, "new");

        assertThat(target).hasContent("new");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void preparedFileReachesTheTargetOnlyOnCommit() throws IOException {
        Path target = folder.resolve("b.txt");
        Files.writeString(target, "old");

        Path temp = AtomicFiles.prepare(target, t -> Files.writeString(t, "new"));

        assertThat(temp.getParent()).isEqualTo(folder.toAbsolutePath());
        assertThat(target).hasContent("old");
        AtomicFiles.commit(temp, target);
        assertThat(target).hasContent("new");
        assertThat(temp).doesNotExist();
    }

    @Test
    void failedFillingDeletesTheTempFile() {
        Path target = folder.resolve("c.txt");

        assertThatThrownBy(() -> AtomicFiles.prepare(target, t -> {
            Files.writeString(t, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(files()).isEmpty();
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
