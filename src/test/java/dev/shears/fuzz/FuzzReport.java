package dev.shears.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a corpus run by category and outcome, written to target/fuzz/NAME.txt and printed. */
final class FuzzReport {
    private final Map<String, int[]> byCategory = new TreeMap<>();
    private final List<String> lines = new ArrayList<>();

    /** Columns: refused with a sentence, loaded and checked, failed. */
    synchronized void add(FuzzCase fuzzCase, FuzzRunner.Result result, String failure) {
        int[] counts = byCategory.computeIfAbsent(fuzzCase.category(), k -> new int[3]);
        if (failure != null) {
            counts[2]++;
            lines.add("FAIL    " + fuzzCase + ": " + failure);
        } else {
            counts[result.outcome() == FuzzRunner.Outcome.REFUSED ? 0 : 1]++;
            lines.add(result.outcome() + " " + fuzzCase + ": " + result.message());
        }
    }

    synchronized String summary() {
        StringBuilder s = new StringBuilder(String.format("%-28s %7s %7s %7s%n", "category", "refused", "loaded",
                "failed"));
        int[] total = new int[3];
        byCategory.forEach((category, counts) -> {
            s.append(String.format("%-28s %7d %7d %7d%n", category, counts[0], counts[1], counts[2]));
            for (int i = 0; i < 3; i++) {
                total[i] += counts[i];
            }
        });
        s.append(String.format("%-28s %7d %7d %7d  (%d cases)%n", "total", total[0], total[1], total[2],
                total[0] + total[1] + total[2]));
        return s.toString();
    }

    synchronized void write(String name) throws IOException {
        Path folder = Files.createDirectories(Path.of(System.getProperty("shears.repo", "."), "target", "fuzz"));
        Files.writeString(folder.resolve(name + ".txt"), summary() + "\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
        System.out.println(name + ":\n" + summary());
    }
}
