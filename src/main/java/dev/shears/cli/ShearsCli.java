package dev.shears.cli;

import dev.shears.eval.Engines;
import dev.shears.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless front end: thin commands over the same services the UI uses. */
@Command(name = "shears", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = ShearsCli.VersionProvider.class,
        description = "See and prune trained neural networks.",
        subcommands = {InspectCommand.class, EvalCommand.class, PruneCommand.class, SensitivityCommand.class,
            BenchCommand.class, ConvertCommand.class,
            TrainSampleCommand.class,
            CommandLine.HelpCommand.class})
public final class ShearsCli {

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
        return word.startsWith("-") || commandLine().getSubcommands().containsKey(word);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ShearsCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ErrorMessages.describe(ex));
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
