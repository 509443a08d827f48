package dev.shears.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log file in the settings folder, its rolling, and the quiet console. */
class LogsTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogsTest.class);

    @AfterEach
    void stop() {
        Logs.stopFile();
    }

    @Test
    void theLogIsWrittenToLogsShearsLogInTheSettingsFolder(@TempDir Path settings) throws Exception {
        assertThat(Logs.startFile(settings)).isTrue();
        LOG.info("an INFO line for the file");

        Path file = settings.resolve("logs").resolve("shears.log");
        assertThat(Logs.file()).isEqualTo(file.toAbsolutePath());
        assertThat(Files.readString(file)).contains("INFO  [main] dev.shears.errors.LogsTest - an INFO line for the file");
    }

    @Test
    void aFailureShownToTheUserGoesToTheFileWithItsStackAndNotToTheConsole(@TempDir Path settings) throws Exception {
        Logs.startFile(settings);
        Throwable failure;
        try {
            Files.readAllBytes(settings.resolve("missing.zip"));
            throw new AssertionError("read a missing file");
        } catch (NoSuchFileException e) {
            failure = e;
        }
        String console = console(() -> {
            Logs.failure(LOG, "opening missing.zip", failure);
            LOG.warn("a warning for the console");
            LOG.info("an INFO line, file only");
        });

        assertThat(console).isEqualTo("WARN  LogsTest: a warning for the console\n");
        String log = Files.readString(Logs.file());
        assertThat(log).contains("ERROR [main] dev.shears.errors.LogsTest - Failed while opening missing.zip\n"
                + "java.nio.file.NoSuchFileException: " + settings.resolve("missing.zip") + "\n\tat ");
        assertThat(log).contains("\tat dev.shears.errors.LogsTest.aFailureShownToTheUserGoesToTheFileWithItsStack");
        assertThat(log).contains("a warning for the console").contains("an INFO line, file only");
    }

    @Test
    void withoutTheFileNothingBelowAWarningIsLogged(@TempDir Path settings) throws Exception {
        Logs.startFile(settings);
        Logs.stopFile();
        LOG.info("after the file was stopped");

        assertThat(Files.readString(settings.resolve("logs/shears.log"))).doesNotContain("after the file was stopped");
        assertThat(LOG.isInfoEnabled()).isFalse();
    }

    @Test
    void theLogRollsOverAtFiveMegabytesAndKeepsThreeOlderFiles(@TempDir Path settings) throws Exception {
        Logs.startFile(settings);
        Path current = settings.resolve("logs/shears.log");
        String line = "x".repeat(1000);
        long deadline = System.nanoTime() + 120_000_000_000L;
        int written = 0;
        int rollovers = 0;
        long before = 0;
        // 2 MB a second (the size is looked at once a second) until the fourth rollover has dropped the oldest file
        while (rollovers < 4 && System.nanoTime() < deadline) {
            for (int i = 0; i < 2000; i++) {
                LOG.info("{} {}", written++, line);
            }
            long size = Files.size(current);
            rollovers += size < before ? 1 : 0;
            before = size;
            Thread.sleep(1010);
        }

        assertThat(rollovers).isEqualTo(4);
        try (var files = Files.list(settings.resolve("logs"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("shears.1.log", "shears.2.log", "shears.3.log", "shears.log");
        }
        for (String name : new String[] {"shears.1.log", "shears.2.log", "shears.3.log"}) {
            // 5 MiB, plus what was written in the second before the size was looked at
            assertThat(Files.size(settings.resolve("logs").resolve(name))).as(name)
                    .isBetween(5L << 20, (5L << 20) + 2_100_000L);
        }
        assertThat(Files.readString(current)).endsWith((written - 1) + " " + line + "\n");
    }

    @Test
    void theTailStartsAtAWholeLineAndEndsWithTheLastOne(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("shears.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(file, text);

        String tail = Logs.tail(file, 100);
        assertThat(tail).startsWith("line 9").endsWith("line 999\n");
        assertThat(tail.length()).isLessThanOrEqualTo(100);
        assertThat(text.toString()).endsWith(tail);
        assertThat(Logs.tail(folder.resolve("none.log"), 100)).isEmpty();
    }

    private static String console(Runnable logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
