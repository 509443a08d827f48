package dev.shears.pruning.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.pruning.Amount;
import dev.shears.pruning.CriterionName;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.Importance;
import dev.shears.pruning.impact.Budget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PruningSpecJsonTest {
    private static final String FULL = """
            {
              "version": 1,
              "mode": "structured",
              "scope": "global",
              "criterion": "fpgm",
              "ratio": 0.4,
              "minKeep": 4,
              "roundTo": 8,
              "seed": 7,
              "ignore": ["conv1"],
              "layers": {
                "conv3": {"criterion": "bn-gamma", "ratio": 0.6},
                "fc1": {"threshold": 0.25, "roundTo": 16}
              }
            }""";

    @Test
    void readsEveryField() {
        PruningSpec spec = PruningSpecJson.read(FULL);

        assertThat(spec).isEqualTo(new PruningSpec(1, PruningMode.STRUCTURED, Scope.GLOBAL, CriterionName.FPGM,
                Amount.ratio(0.4), 4, 8, 7, List.of("conv1"), Map.of(
                        "conv3", new LayerOverride(Optional.of(CriterionName.BN_GAMMA), Optional.of(Amount.ratio(0.6)),
                                Optional.empty(), Optional.empty()),
                        "fc1", new LayerOverride(Optional.empty(), Optional.of(Amount.threshold(0.25)),
                                Optional.empty(), Optional.of(16)))));
        assertThat(spec.layers().keySet()).containsExactly("conv3", "fc1");
    }

    @Test
    void roundTripsThroughJson() {
        PruningSpec spec = PruningSpecJson.read(FULL);
        String written = PruningSpecJson.write(spec);

        assertThat(PruningSpecJson.read(written)).isEqualTo(spec);
        assertThat(PruningSpecJson.write(PruningSpecJson.read(written))).isEqualTo(written);
    }

    @Test
    void minimalRecipeGetsTheDocumentedDefaults() {
        PruningSpec spec = PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}");

        assertThat(spec).isEqualTo(new PruningSpec(1, PruningMode.STRUCTURED, Scope.PER_LAYER, CriterionName.L1,
                Amount.ratio(0.5), 1, 1, PruningSpec.DEFAULT_SEED, List.of(), Map.of()));
    }

    @Test
    void unstructuredRecipeRoundTripsWithoutChannelFields() {
        PruningSpec spec = PruningSpecJson.read("""
                {"version": 1, "mode": "unstructured", "scope": "global", "criterion": "random", "ratio": 0.9,
                 "ignore": ["output"], "layers": {"fc1": {"ratio": 0.5}}}""");

        assertThat(spec.mode()).isEqualTo(PruningMode.UNSTRUCTURED);
        assertThat(PruningSpecJson.write(spec)).doesNotContain("minKeep").doesNotContain("roundTo");
        assertThat(PruningSpecJson.read(PruningSpecJson.write(spec))).isEqualTo(spec);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"version\": 1, \"ratio\": 1.2}                                   | ratio: 1.2 is outside [0, 1)",
        "{\"version\": 1, \"ratio\": -0.1}                                  | ratio: -0.1 is outside [0, 1)",
        "{\"version\": 1, \"ratio\": 1}                                     | ratio: 1 is outside [0, 1)",
        "{\"version\": 1, \"ratio\": \"half\"}                              | ratio: expected a number, got 'half'",
        "{\"version\": 1}                                                   | ratio: missing (give ratio or threshold)",
        "{\"version\": 1, \"ratio\": 0.5, \"threshold\": 0.1}               | threshold: give ratio or threshold, not both",
        "{\"version\": 1, \"threshold\": -2}                                | threshold: -2 must be a finite number >= 0",
        "{\"ratio\": 0.5}                                                   | version: missing (this Shears reads version 1)",
        "{\"version\": 2, \"ratio\": 0.5}                                   | version: 2 is not supported (this Shears reads version 1)",
        "{\"version\": 1, \"ratio\": 0.5, \"mode\": \"sparse\"}             | mode: 'sparse' is not one of structured, unstructured",
        "{\"version\": 1, \"ratio\": 0.5, \"scope\": \"layer\"}             | scope: 'layer' is not one of per-layer, global",
        "{\"version\": 1, \"ratio\": 0.5, \"criterion\": \"l3\"}            | criterion: 'l3' is not one of l1, l2, bn-gamma, taylor, fpgm, obd, random",
        "{\"version\": 1, \"ratio\": 0.5, \"minKeep\": 0}                   | minKeep: 0 must be at least 1",
        "{\"version\": 1, \"ratio\": 0.5, \"roundTo\": 2.5}                 | roundTo: expected a whole number, got 2.5",
        "{\"version\": 1, \"ratio\": 0.5, \"ratoi\": 0.5}                   | ratoi: unknown field (expected one of",
        "{\"version\": 1, \"ratio\": 0.5, \"ignore\": \"fc1\"}              | ignore: expected a list of layer names, got 'fc1'",
        "{\"version\": 1, \"ratio\": 0.5, \"ignore\": [\"a\", 3]}           | ignore[1]: expected a layer name, got 3",
        "{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"c\": {\"ratio\": 1.5}}}    | layers.c.ratio: 1.5 is outside [0, 1)",
        "{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"c\": {\"mode\": \"x\"}}}   | layers.c.mode: unknown field (expected one of criterion, minKeep, ratio, roundTo, threshold)",
        "{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"c\": 0.5}}                 | layers.c: expected an object of settings, got 0.5",
        "{\"version\": 1, \"ratio\": 0.5, \"mode\": \"unstructured\", \"criterion\": \"fpgm\"} | criterion: 'fpgm' ranks whole channels; unstructured pruning takes l1, l2 (both |w|), obd or random",
        "{\"version\": 1, \"ratio\": 0.5, \"mode\": \"unstructured\", \"roundTo\": 8}          | roundTo: applies to structured pruning only (channels)",
        "[1, 2]                                                             | recipe: expected a JSON object",
        "{\"version\": 1, \"ratio\": 0.5, \"importance\": \"group\"}        | importance: 'group' is not one of producer, group-mean, group-sum, group-max",
        "{\"version\": 1, \"ratio\": 0.5, \"mode\": \"unstructured\", \"importance\": \"group-sum\"} | importance: applies to structured pruning only (channels)",
        "{\"version\": 1, \"ratio\": 0.5, \"criterion\": \"random\", \"importance\": \"group-max\"} | importance: 'group-max' combines a criterion's scores over a group's tensors; random scores no tensor",
        "{\"version\": 1, \"ratio\": 0.5, \"budget\": {\"macs\": 0}}         | budget.macs: 0 is outside (0, 1] (the share kept)",
        "{\"version\": 1, \"ratio\": 0.5, \"budget\": {\"flops\": 0.5}}      | budget.flops: unknown field (expected macs or params)",
        "{\"version\": 1, \"ratio\": 0.5, \"budget\": 0.5}                   | budget: expected one of {\"macs\": share} or {\"params\": share}, got 0.5",
    })
    void namesTheFieldAndTheValueOfTheFirstProblem(String json, String message) {
        assertThatThrownBy(() -> PruningSpecJson.read(json)).isInstanceOf(PruningSpecException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aRecipeWithoutImportanceReadsAsProducerAndWritesAsBefore() {
        PruningSpec spec = PruningSpecJson.read(FULL);

        assertThat(spec.importance()).isEqualTo(Importance.PRODUCER);
        assertThat(spec.budget()).isEmpty();
        assertThat(PruningSpecJson.write(spec)).doesNotContain("importance").doesNotContain("budget");
    }

    @Test
    void importanceAndBudgetRoundTrip() {
        PruningSpec spec = PruningSpecJson.read("""
                {"version": 1, "scope": "global", "criterion": "taylor", "ratio": 0.4375,
                 "importance": "group-mean", "budget": {"macs": 0.5}}""");

        assertThat(spec.importance()).isEqualTo(Importance.GROUP_MEAN);
        assertThat(spec.budget()).contains(new Budget(Budget.Metric.MACS, 0.5));
        assertThat(PruningSpecJson.read(PruningSpecJson.write(spec))).isEqualTo(spec);
        assertThat(PruningSpecJson.toJson(spec).get("importance").asText()).isEqualTo("group-mean");
        assertThat(PruningSpecJson.toJson(spec).at("/budget/macs").asDouble()).isEqualTo(0.5);
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> PruningSpecJson.read("{\"version\": 1,\n \"ratio\": }"))
                .isInstanceOf(PruningSpecException.class).hasMessageStartingWith("recipe: not valid JSON at line 2");
        assertThatThrownBy(() -> PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5, \"ratio\": 0.6}"))
                .isInstanceOf(PruningSpecException.class).hasMessageContaining("a field is given twice: 'ratio'");
    }
}
