package dev.shears.fuzz;

/** One case as a test: in this JVM or in the forked child, its outcome counted either way. */
final class FuzzCases {
    private FuzzCases() {
    }

    static void check(FuzzCase fuzzCase, ForkedCases forked, FuzzReport report) throws Exception {
        FuzzRunner.Result result;
        try {
            result = fuzzCase.forked() ? forked.result(fuzzCase) : FuzzRunner.run(fuzzCase);
        } catch (AssertionError | Exception e) {
            report.add(fuzzCase, null, String.valueOf(e.getMessage()).replace('\n', ' '));
            throw e;
        }
        report.add(fuzzCase, result, null);
    }
}
