package dev.shears.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * The console (stderr) filter ({@link LogConfigurator}): warnings and errors only, and none that the user
 * was already shown as a sentence ({@link Logs#SHOWN_TO_USER}) — their stack traces belong in the log
 * file, never beside the CLI's one-line {@code error:} or in a terminal behind the window.
 */
public final class ConsoleFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return FilterReply.DENY;
        }
        if (event.getMarkerList() != null && event.getMarkerList().stream().anyMatch(m -> m.contains(Logs.SHOWN_TO_USER))) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
