package dev.shears.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast subset of the fuzz corpus ({@link FuzzCorpus}: every hand-written case and one in nine
 * random mutants; zip bombs of 32 MiB), run by {@code mvn verify}: each case is refused with a
 * sentence or loads to something right ({@link FuzzRunner}). The whole corpus is
 * {@link FuzzWholeCorpusTest} ({@code mvn -Pfuzz verify}).
 */
class FuzzCorpusTest {
    @TempDir
    static Path folder;
    private static List<FuzzCase> corpus;
    private static ForkedCases forked;
    private static final FuzzReport REPORT = new FuzzReport();

    @BeforeAll
    static void writeCorpus() throws Exception {
        corpus = FuzzCorpus.write(folder.resolve("corpus"), 32L << 20, true);
        forked = new ForkedCases(corpus, folder.resolve("child"));
    }

    @TestFactory
    Stream<DynamicTest> everyFastCaseIsRefusedWithASentenceOrLoadsRight() {
        assertThat(corpus).hasSizeGreaterThan(100);
        return corpus.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> FuzzCases.check(c, forked, REPORT)));
    }

    @AfterAll
    static void report() throws Exception {
        REPORT.write("fast-subset");
    }
}
