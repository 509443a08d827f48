package dev.shears.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A set of files lands whole or not at all, even when a move fails half-way through the commit. */
class StagedFilesTest {
    @TempDir
    Path folder;

    @Test
    void commitMovesEveryFileIntoPlaceAndLeavesNoStagingFolder() throws IOException {
        Files.writeString(folder.resolve("b.txt"), "old b");
        try (StagedFiles set = StagedFiles.in(folder)) {
            set.write("a.txt", t -> Files.writeString(t, "new a"));
            set.write("b.txt", t -> Files.writeString(t, "new b"));
            assertThat(folder.resolve("a.txt")).doesNotExist();
            assertThat(folder.resolve("b.txt")).hasContent("old b");
            set.commit();
        }
        assertThat(folder.resolve("a.txt")).hasContent("new a");
        assertThat(folder.resolve("b.txt")).hasContent("new b");
        assertThat(names()).containsExactlyInAnyOrder("a.txt", "b.txt");
    }

    @Test
    void aMoveFailingHalfWayTakesBackWhatWasMovedAndRestoresWhatItReplaced() throws IOException {
        Files.writeString(folder.resolve("model.zip"), "previous model");
        Files.writeString(folder.resolve("report.html"), "previous report");
        AtomicInteger moves = new AtomicInteger();
        try (StagedFiles set = StagedFiles.in(folder)) {
            set.write("model.zip", t -> Files.writeString(t, "new model"));
            set.write("recipe.json", t -> Files.writeString(t, "new recipe"));
            set.write("report.html", t -> Files.writeString(t, "new report"));
            // moves: previous model out, new model in, new recipe in, previous report out, new report in (fails)
            assertThatThrownBy(() -> set.commit((from, to) -> {
                if (moves.incrementAndGet() == 5) {
                    throw new IOException("disk went away while moving " + from.getFileName());
                }
                Files.move(from, to);
            })).isInstanceOf(IOException.class).hasMessageContaining("disk went away");
        }
        assertThat(moves.get()).isEqualTo(5);
        assertThat(folder.resolve("model.zip")).hasContent("previous model");
        assertThat(folder.resolve("report.html")).hasContent("previous report");
        assertThat(names()).containsExactlyInAnyOrder("model.zip", "report.html");
    }

    @Test
    void aFailedWriteLeavesTheDestinationAsItWas() throws IOException {
        Files.writeString(folder.resolve("a.txt"), "old a");
        try (StagedFiles set = StagedFiles.in(folder)) {
            set.write("a.txt", t -> Files.writeString(t, "new a"));
            assertThatThrownBy(() -> set.write("b.txt", t -> {
                Files.writeString(t, "half");
                throw new IOException("no space left");
            })).hasMessage("no space left");
        }
        assertThat(folder.resolve("a.txt")).hasContent("old a");
        assertThat(names()).containsExactly("a.txt");
    }

    /** What a process that died while exporting leaves: its staging folder, its lock file locked by no one. */
    private Path leftByACrashedExport(String suffix) throws IOException {
        Path left = Files.createDirectory(folder.resolve(".shears-staging-" + suffix));
        Files.createFile(left.resolve(StagedFiles.LOCK_FILE));
        Files.writeString(left.resolve("model.zip"), "half a model");
        return left;
    }

    @Test
    void aStagingFolderLeftByAnExportWhoseProcessDiedIsRemovedByTheNextExportThere() throws IOException {
        Files.writeString(folder.resolve("model.zip"), "the user's model");
        Path left = leftByACrashedExport("1234");

        try (StagedFiles set = StagedFiles.in(folder)) {
            assertThat(left).doesNotExist();
            set.write("report.html", t -> Files.writeString(t, "report"));
            set.commit();
        }
        assertThat(names()).containsExactlyInAnyOrder("model.zip", "report.html");
        assertThat(folder.resolve("model.zip")).hasContent("the user's model");
    }

    @Test
    void theStagingFolderOfAnExportStillRunningInThisProcessIsLeftAlone() throws IOException {
        try (StagedFiles running = StagedFiles.in(folder)) {
            running.write("a.txt", t -> Files.writeString(t, "a"));
            try (StagedFiles next = StagedFiles.in(folder)) {
                next.write("b.txt", t -> Files.writeString(t, "b"));
                next.commit();
            }
            running.commit(); // its staged file is still there to be moved
        }
        assertThat(names()).containsExactlyInAnyOrder("a.txt", "b.txt");
    }

    @Test
    void theStagingFolderOfAnExportRunningInAnotherProcessIsLeftAlone() throws Exception {
        Path live = leftByACrashedExport("live");
        Path holder = folder.getParent().resolve("HoldLock" + System.nanoTime() + ".java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;
                public class HoldLock {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                            c.lock();
                            System.out.println("locked");
                            System.out.flush();
                            System.in.read(); // until the test closes our input
                        }
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, holder.toString(), live.resolve(StagedFiles.LOCK_FILE).toString())
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()));
            assertThat(out.readLine()).isEqualTo("locked");
            StagedFiles.in(folder).close();
            assertThat(live).as("locked by a live process").isDirectory();
            assertThat(live.resolve("model.zip")).hasContent("half a model");
        } finally {
            other.getOutputStream().close();
            other.waitFor();
            Files.deleteIfExists(holder);
        }
        // the process has ended: its lock is gone with it, and so is the folder at the next export
        StagedFiles.in(folder).close();
        assertThat(live).doesNotExist();
    }

    @Test
    void aStagingFolderWithoutALockFileIsRemovedOnlyOnceItIsOlderThanADay() throws IOException {
        Path old = Files.createDirectory(folder.resolve(".shears-staging-old"));
        Path young = Files.createDirectory(folder.resolve(".shears-staging-young"));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(StagedFiles.STALE_AFTER).minusSeconds(60)));

        StagedFiles.in(folder).close();

        assertThat(old).doesNotExist();
        assertThat(young).isDirectory();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
