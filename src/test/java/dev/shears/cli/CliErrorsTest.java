package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.ReadOnlyFolder;
import dev.shears.analysis.Formats;
import dev.shears.errors.Logs;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Failures the commands did not foresee still end as one sentence on stderr and exit status 1; the stack goes to the log. */
class CliErrorsTest {
    private static final String LENET5 = SampleLocations.sampleModel("lenet-5").toString();

    @Test
    void aFolderShearsMayNotWriteInIsOneSentence(@TempDir Path temp) throws Exception {
        Path folder = ReadOnlyFolder.in(temp);

        CliRun run = CliRun.of("prune", LENET5, "--ratio", "0.5", "--out", folder.resolve("out.zip").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines().toList()).containsExactly(
                "error: Shears has no permission to write in " + folder + ".");
    }

    @Test
    void anUnforeseenFailureIsOneLineNamingTheLogFileWhichHasTheStack(@TempDir Path settings) throws Exception {
        CommandLine cli = ShearsCli.commandLine();
        cli.addSubcommand("misfeed", new Misfeed());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // a subcommand added after the handlers were set gets its writers directly
        cli.getSubcommands().get("misfeed").setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exitCode;
        String console;
        Logs.startFile(settings);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exitCode = cli.execute("misfeed");
        } finally {
            System.setErr(stderr);
            Logs.stopFile();
            console = captured.toString(StandardCharsets.UTF_8);
        }

        Path log = settings.resolve("logs/shears.log").toAbsolutePath();
        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).containsExactly("error: Something went wrong while running"
                + " 'shears misfeed': Rank is [3]; columns() call is not valid; details are in the log (" + log + ").");
        // the logger's console (the process's stderr) stays quiet: the stack is in the file only
        assertThat(console).doesNotContain("Rank is").doesNotContain("\tat ");
        assertThat(Files.readString(log)).contains("ERROR [main] dev.shears.cli.ShearsCli - Failed while running"
                + " 'shears misfeed'\njava.lang.IllegalStateException: Rank is [3]; columns() call is not valid\n\tat ")
                .contains("\tat dev.shears.cli.CliErrorsTest$Misfeed.call");
    }

    @Test
    void runningOutOfMemoryIsOneSentenceSayingHowToStartWithMore() {
        CommandLine cli = ShearsCli.commandLine();
        cli.addSubcommand("hoard", new Hoard());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.getSubcommands().get("hoard").setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int exitCode = cli.execute("hoard");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).containsExactly("error: Not enough memory for running 'shears"
                + " hoard': the Java heap (" + Formats.bytes(Runtime.getRuntime().maxMemory()) + ", -Xmx) is full."
                + " Start Shears with more, for example java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=4G"
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=8G -jar shears.jar, or use a smaller model or fewer"
                + " examples.");
    }

    /** A command that asks for more heap than there is: a real OutOfMemoryError, which picocli does not handle. */
    @Command(name = "hoard")
    static final class Hoard implements Callable<Integer> {
        @Override
        public Integer call() {
            long[][] hoard = new long[64][];
            for (int i = 0; i < hoard.length; i++) {
                hoard[i] = new long[Integer.MAX_VALUE / 4];
            }
            return hoard.length;
        }
    }

    /** A command that feeds lenet-5 an input of the wrong rank: DL4J fails in a way no sentence was written for. */
    @Command(name = "misfeed")
    static final class Misfeed implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            MultiLayerNetwork network = (MultiLayerNetwork) ModelLoader.load(Path.of(LENET5)).network();
            network.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28));
            return 0;
        }
    }
}
