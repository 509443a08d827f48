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

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
