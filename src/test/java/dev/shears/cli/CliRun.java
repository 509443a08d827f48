package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the CLI in-process, with what it printed; shared by the command tests. */
final class CliRun {
    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ShearsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** A user error: non-zero exit, nothing on stdout, one line on stderr naming the problem, no stack trace. */
    static void assertOneLineError(CliRun run, String message) {
        assertThat(run.exitCode).as(run.err).isNotZero();
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines().toList()).as(run.err).hasSize(1);
        assertThat(run.err).startsWith("error:").contains(message).doesNotContain("\tat ")
                .doesNotContain("Exception");
    }
}
