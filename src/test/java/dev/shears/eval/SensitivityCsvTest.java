package dev.shears.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.pruning.CriterionName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitivityCsvTest {
    private static final SensitivityResult RESULT = new SensitivityResult(300,
            new SensitivityResult.Baseline(0.9, 0.2712345678901234, 1000, 50_000),
            List.of(new SensitivityRow("conv,1 \"a\"", List.of("conv,1 \"a\"", "bn", "fc"), 6, 0.1, 6, 0.9, 0.27, 1000,
                            50_000),
                    new SensitivityRow("conv,1 \"a\"", List.of("conv,1 \"a\"", "bn", "fc"), 6, 0.9, 1, 1.0 / 3, 1.5,
                            400, 12_000)),
            Map.of("fc", new SensitivityResult.Skipped(List.of("fc", "out"), 84, "no BatchNorm γ scales these")));

    @Test
    void writesOneHeaderTheBaselineRowsAndSkippedGroupsAndReadsThemBackExactly() throws Exception {
        String csv = SensitivityCsv.write(RESULT);

        assertThat(csv.lines().toList()).hasSize(1 + 1 + 2 + 1).first().isEqualTo(SensitivityCsv.HEADER);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).isEqualTo(",,,0.0,,300,0.9,0.2712345678901234,1000,50000,"
                + "baseline");
        assertThat(csv).contains("\"conv,1 \"\"a\"\"\",\"conv,1 \"\"a\"\";bn;fc\",6,0.9,1,300,0.3333333333333333,");
        assertThat(SensitivityCsv.read(csv, "test")).isEqualTo(RESULT);
        assertThat(SensitivityCsv.read(csv.replace("\n", "\r\n"), "test")).isEqualTo(RESULT);
    }

    @Test
    void rejectsWhatIsNotASensitivityCsv() {
        assertThatThrownBy(() -> SensitivityCsv.read("a,b\n1,2\n", "x.csv")).hasMessageStartingWith("x.csv:1: not a"
                + " Shears sensitivity CSV");
        assertThatThrownBy(() -> SensitivityCsv.read(SensitivityCsv.HEADER + "\nconv1,conv1,6,0.5,3,300,high,0.1,1,1,\n",
                "x.csv")).hasMessage("x.csv:2: accuracy 'high' is not a number");
        assertThatThrownBy(() -> SensitivityCsv.read(SensitivityCsv.HEADER + "\nconv1,6\n", "x.csv"))
                .hasMessage("x.csv:2: 2 fields, expected 11");
        assertThatThrownBy(() -> SensitivityCsv.read(SensitivityCsv.HEADER + "\n", "x.csv"))
                .hasMessage("x.csv: no baseline row");
    }

    @Test
    void settingsKeepRatiosSortedAndDistinctAndRejectNonsense() {
        SensitivitySettings s = SensitivitySettings.defaults().withRatios(List.of(0.5, 0.2, 0.5));

        assertThat(s.ratios()).containsExactly(0.2, 0.5);
        assertThat(SensitivitySettings.defaults()).isEqualTo(new SensitivitySettings(CriterionName.L1, 5000,
                SensitivitySettings.DEFAULT_RATIOS, 42));
        assertThatThrownBy(() -> s.withRatios(List.of(0.5, 1.0))).hasMessageContaining("in (0, 1), not 1.0");
        assertThatThrownBy(() -> s.withRatios(List.of())).hasMessageContaining("at least one ratio");
        assertThatThrownBy(() -> s.withImages(0)).hasMessageContaining("at least 1 validation example, not 0");
        assertThat(s.withImages(9_000).images()).as("no upper bound: a user's data may hold more").isEqualTo(9_000);
    }
}
