package dev.shears.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * logback's configuration, in code: found through {@code META-INF/services} before logback looks for a
 * {@code logback.xml}, so no start parses XML (Joran and its ~500 classes cost about half a second of CPU
 * at start-up, decision 0023). The console (stderr) takes warnings and errors only, through
 * {@link ConsoleFilter} (ND4J logs ~15 INFO lines at start-up); the rotating file in the settings folder
 * is added by {@link Logs#startFile} when the app or the CLI starts; tests log to the console only.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String CONSOLE_PATTERN = "%-5level %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(CONSOLE_PATTERN);
        encoder.start();

        ConsoleFilter filter = new ConsoleFilter();
        filter.setContext(context);
        filter.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.addFilter(filter);
        console.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
