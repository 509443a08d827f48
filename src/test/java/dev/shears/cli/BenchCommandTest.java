package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.SampleLocations;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The preview benchmark runs the panel's pipeline and prints its timings (values are not asserted). */
class BenchCommandTest {
    @Test
    void printsFirstEstimateWholeSplitAndThroughputPerRun() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ShearsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("bench", SampleLocations.sampleModel("lenet-300-100").toString(), "--runs", "2");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("run "))).hasSize(2)
                .allMatch(l -> l.matches("run \\d: plan\\+surgery \\d+ ms, first estimate \\d+ ms .* whole split [0-9.]+ s "
                        + "\\([0-9.]+ %\\), \\d+ images/s"));
        assertThat(cli.execute("bench", "nope.zip")).isNotZero();
    }
}
