package dev.shears.cli;

import dev.shears.errors.Logs;
import dev.shears.eval.Engines;
import dev.shears.Version;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless front end: thin commands over the same services the UI uses. */
@Command(name = "shears", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = ShearsCli.VersionProvider.class,
        description = "See and prune trained neural networks.",
        subcommands = {InspectCommand.class, EvalCommand.class, PruneCommand.class, SensitivityCommand.class,
            BudgetCommand.class, BenchCommand.class, ConvertCommand.class,
            TrainSampleCommand.class,
            CommandLine.HelpCommand.class})
public final class ShearsCli {
    private static final Logger LOG = LoggerFactory.getLogger(ShearsCli.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int run(String[] args) {
        try {
            return commandLine().execute(args);
        } finally {
            Engines.prefer(Engines.Choice.AUTO);
        }
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            Engines.prefer(Engines.Choice.AUTO);
        }
    }

    /** Whether {@code word} names a command or an option of the CLI (anything else is a model to open). */
    public static boolean isCommand(String word) {
        return CommandNames.isCommand(word);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ShearsCli());
        // picocli hands only Exceptions to the handler: an Error (out of memory) would escape as a stack trace
        cli.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (Error e) {
                List<CommandLine> commands = parseResult.asCommandLineList();
                throw new CommandLine.ExecutionException(commands.get(commands.size() - 1), "failed", e);
            }
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String command = commandLine.getCommandSpec().qualifiedName();
            Throwable failure = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            if (failure instanceof UserError) {
                LOG.info("{}: {}", command, failure.getMessage());
            } else {
                Logs.failure(LOG, "running '" + command + "'", failure);
            }
            commandLine.getErr().println("error: " + ErrorMessages.describe(failure, command));
            commandLine.getErr().flush();
            return 1;
        });
        // one line, like every other error; the usage is one --help away
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine command = ex.getCommandLine();
            command.getErr().println("error: " + ex.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
                    + " --help')");
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Shears " + Version.current()};
        }
    }
}
