package dev.shears.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.shears.io.SettingsFolder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * The log: SLF4J to logback, warnings on stderr ({@link LogConfigurator}) and, once the app or the CLI has
 * started it, everything from INFO up in {@code <settings folder>/logs/shears.log}. The file rolls over
 * at {@value #MAX_FILE_SIZE}; the {@value #KEPT_FILES} previous ones are kept as {@code shears.1.log}
 * (newest) to {@code shears.3.log}. Failures the user was told about in a sentence are logged here with
 * their stack, marked {@link #SHOWN_TO_USER} so the console leaves them out.
 */
public final class Logs {
    /** On a failure already shown to the user as a sentence: its stack goes to the file, not the console. */
    public static final Marker SHOWN_TO_USER = MarkerFactory.getMarker("SHOWN_TO_USER");
    public static final String FILE_NAME = "shears.log";
    public static final String MAX_FILE_SIZE = "5MB";
    public static final int KEPT_FILES = 3;
    static final String APPENDER_NAME = "SHEARS_FILE";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private static volatile Path active;

    private Logs() {
    }

    /** Where the log of a settings folder is: {@code <settings>/logs/shears.log}. */
    public static Path fileIn(Path settingsFolder) {
        return settingsFolder.resolve("logs").resolve(FILE_NAME);
    }

    /** The file the log is written to now, else where it goes for the settings folder in use. */
    public static Path file() {
        Path now = active;
        return now != null ? now : fileIn(SettingsFolder.path());
    }

    /**
     * Writes the log to {@code <settingsFolder>/logs/shears.log} from now on (instead of any earlier file).
     * Returns false, and logs to the console only, when the folder cannot be written or the SLF4J backend
     * is not logback: losing the log file must never stop the user from working.
     */
    public static synchronized boolean startFile(Path settingsFolder) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        Path file = fileIn(settingsFolder).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException | SecurityException e) {
            return false;
        }
        stopFile();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.getParent().resolve("shears.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        // logback looks at the size at most once a minute by default; once a second keeps the files near 5 MB
        trigger.setCheckIncrement(Duration.buildBySeconds(1));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        // the console keeps WARN and up through its own filter; the file takes INFO too
        root.setLevel(Level.INFO);
        active = file;
        return true;
    }

    /** Stops writing the log file (the console stays as {@link LogConfigurator} set it). */
    public static synchronized void stopFile() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = root.getAppender(APPENDER_NAME);
        if (appender != null) {
            root.detachAppender(appender);
            appender.stop();
            root.setLevel(Level.WARN);
        }
        active = null;
    }

    /** Logs a failure the user was told about in a sentence: with its stack, to the file only. */
    public static void failure(Logger log, String doing, Throwable error) {
        log.error(SHOWN_TO_USER, "Failed while {}", doing, error);
    }

    /**
     * The end of a log file: at most its last {@code maxBytes} bytes, from the first whole line; empty when the file
     * does not exist.
     */
    public static String tail(Path file, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long from = Math.max(0, size - maxBytes);
            ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
            channel.position(from);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read to the end as it was when opened
            }
            bytes.flip();
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(bytes).toString();
            if (from > 0) {
                int newline = text.indexOf('\n');
                text = newline < 0 ? text : text.substring(newline + 1);
            }
            return text;
        }
    }
}
