package dev.shears.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole fuzz corpus (over 500 cases, zip bombs of 1 GiB): {@code mvn -Pfuzz verify}, or
 * {@code mvn -Pfuzz test -Dtest=FuzzWholeCorpusTest}. Counts land in target/fuzz/whole-corpus.txt.
 */
@Tag("fuzz")
class FuzzWholeCorpusTest {
    @TempDir
    static Path folder;
    private static List<FuzzCase> corpus;
    private static ForkedCases forked;
    private static final FuzzReport REPORT = new FuzzReport();

    @BeforeAll
    static void writeCorpus() throws Exception {
        corpus = FuzzCorpus.write(folder.resolve("corpus"), 1L << 30, false);
        forked = new ForkedCases(corpus, folder.resolve("child"));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsRefusedWithASentenceOrLoadsRight() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(500);
        return corpus.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> FuzzCases.check(c, forked, REPORT)));
    }

    @AfterAll
    static void report() throws Exception {
        REPORT.write("whole-corpus");
    }
}
