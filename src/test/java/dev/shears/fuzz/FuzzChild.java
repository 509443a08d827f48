package dev.shears.fuzz;

import java.nio.file.Path;

/**
 * The child JVM of {@link ForkedCases}: reads each {@code KIND=FILE} argument as the fuzz runner does
 * and prints one line per case, {@code PASS\tFILE\tOUTCOME\tMESSAGE} or {@code FAIL\tFILE\tREASON}.
 */
public final class FuzzChild {
    private FuzzChild() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            FuzzCase.Kind kind = FuzzCase.Kind.valueOf(arg.substring(0, eq));
            Path file = Path.of(arg.substring(eq + 1));
            FuzzCase fuzzCase = new FuzzCase(file.toString(), "forked", kind, file, FuzzCorpus.IMAGES_28, false, false);
            String line;
            try {
                FuzzRunner.Result result = FuzzRunner.run(fuzzCase);
                line = "PASS\t" + file + "\t" + result.outcome() + "\t" + result.message();
            } catch (Throwable e) {
                line = "FAIL\t" + file + "\t" + String.valueOf(e.getMessage()).replace('\n', ' ');
            }
            System.out.println(line);
            System.out.flush();
        }
        System.exit(0);
    }
}
