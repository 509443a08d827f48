package dev.shears.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cases that once killed the JVM (ND4J reading a coefficients header that lies), read in one
 * child JVM with the test's class path and a small heap: a regression then fails these cases with
 * the child's exit status instead of ending the whole test run. The child works in a folder of its
 * own, so a crash log ({@code hs_err_pid*.log}) lands there and is reported.
 */
final class ForkedCases {
    private final List<FuzzCase> cases;
    private final Path workFolder;
    private Map<String, String> lines;
    private String death;

    ForkedCases(List<FuzzCase> cases, Path workFolder) {
        this.cases = cases.stream().filter(FuzzCase::forked).toList();
        this.workFolder = workFolder;
    }

    /** The child's verdict on one case; runs the child for all forked cases on the first call. */
    synchronized FuzzRunner.Result result(FuzzCase fuzzCase) throws IOException, InterruptedException {
        if (lines == null) {
            runChild();
        }
        String line = lines.get(fuzzCase.file().toString());
        if (line == null) {
            throw new AssertionError(fuzzCase + ": the child JVM gave no verdict (" + death + ")");
        }
        String[] parts = line.split("\t", 4);
        if (!parts[0].equals("PASS")) {
            throw new AssertionError(fuzzCase + ": " + parts[parts.length - 1]);
        }
        return new FuzzRunner.Result(fuzzCase, FuzzRunner.Outcome.valueOf(parts[2]), parts[3]);
    }

    private void runChild() throws IOException, InterruptedException {
        lines = new HashMap<>();
        Files.createDirectories(workFolder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=1G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                        System.getProperty("user.home") + "/.javacpp/cache"),
                "-cp", System.getProperty("java.class.path"), FuzzChild.class.getName()));
        cases.forEach(c -> command.add(c.kind() + "=" + c.file()));
        Path output = workFolder.resolve("child.out");
        Process child = new ProcessBuilder(command).directory(workFolder.toFile())
                .redirectOutput(output.toFile()).redirectError(workFolder.resolve("child.err").toFile()).start();
        long limit = 90 + (long) FuzzRunner.LIMIT_SECONDS * cases.size();
        if (!child.waitFor(limit, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            death = "it did not finish within " + limit + " s";
        } else if (child.exitValue() != 0) {
            death = "it exited with status " + child.exitValue();
        }
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 3);
            if (parts.length >= 2) {
                lines.put(parts[1], line);
            }
        }
        try (Stream<Path> files = Files.list(workFolder)) {
            List<Path> crashLogs = files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).toList();
            if (!crashLogs.isEmpty()) {
                death = "the JVM crashed and left " + crashLogs;
                lines.clear();
            }
        }
    }
}
