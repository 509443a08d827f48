package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.DataProfile;
import dev.shears.data.DataRole;
import dev.shears.data.DataSource;
import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.eval.Evaluator;
import dev.shears.io.ModelBackend;
import dev.shears.io.ModelData;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.Reconstruction;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.pruning.planning.PreviewPlanner;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.LayerRefit;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layers refitted by least squares in an ONNX file (the PyTorch-exported fashion_cnn, half of each layer pruned). */
class OnnxReconstructionTest {
    private static OnnxBackend cnn;
    private static PruningPlan plan;
    private static OnnxBackend pruned;
    private static DataSource training;
    private static DataSource validation;

    @BeforeAll
    static void prune() throws Exception {
        cnn = OnnxBackend.open(Path.of(System.getProperty("shears.repo", "."),
                "src/test/resources/onnx/fashion_cnn.onnx"));
        DataProfile profile = ModelData.fashionMnistProfile(SampleLocations.fashionMnistFolder());
        training = ModelData.openSpec(profile.source(DataRole.TRAIN).orElseThrow(), cnn.graph().input());
        validation = ModelData.openSpec(profile.source(DataRole.VALIDATION).orElseThrow(), cnn.graph().input())
                .first(2000);
        PreviewPlanner planner = new PreviewPlanner(cnn, () -> {
            throw new IllegalStateException("l1 measures nothing");
        });
        plan = (PruningPlan) planner.plan(PruningSpecJson.read("{\"version\": 1, \"ratio\": 0.5}"));
        pruned = (OnnxBackend) cnn.shrunk(plan);
    }

    @Test
    void refittedLayersBringTheLogitsBackTowardsTheUnprunedOnesAndTheAccuracyUp() throws Exception {
        ModelBackend refitted = LayerRefit.refit(cnn, pruned, plan, training, LayerRefit.DEFAULT_EXAMPLES,
                ProgressListener.NONE, Cancellation.none());

        // on validation images the fit never saw
        double unprunedAccuracy = Evaluator.evaluate(cnn, validation).accuracy();
        double prunedAccuracy = Evaluator.evaluate(pruned, validation).accuracy();
        double refittedAccuracy = Evaluator.evaluate(refitted, validation).accuracy();
        Examples some = validation.read(0, 500);
        double prunedDistance = logitDistance(cnn, pruned, some);
        double refittedDistance = logitDistance(cnn, refitted, some);
        // measured: mean squared logit difference 29.8 → 1.25; accuracy 46.6 % → 82.7 % (unpruned 87.3 %)
        assertThat(refittedDistance).isLessThan(prunedDistance / 5);
        assertThat(refittedAccuracy).isGreaterThan(prunedAccuracy + 0.25).isGreaterThan(unprunedAccuracy - 0.1);
        assertThat(refitted.graph().totalParams()).isEqualTo(pruned.graph().totalParams());
    }

    @Test
    void aRefitChangesOnlyTheLayersAfterTheFirstPrunedInputWithEnoughRowsAndWritesTheirWeightsAsMeasured() throws Exception {
        Reconstruction measured = LayerRefit.measure(cnn, pruned, plan, training, 256, ProgressListener.NONE,
                Cancellation.none());
        ModelBackend refitted = pruned.withParamValues(measured.values());

        String firstConv = "/conv1/Conv"; // its input is the image: nothing of it was pruned
        // 256 examples (every fifth held out) give conv2 3,280 rows (16 positions each), but the dense layer one
        // row each for its 392 inputs: no more rows than unknowns, so it stays as pruned
        assertThat(measured.refits()).extracting(Reconstruction.Refit::layer).containsExactly("/conv2/Conv");
        assertThat(measured.skipped()).containsOnlyKeys("/fc/Gemm");
        assertThat(measured.skipped().get("/fc/Gemm")).isEqualTo("its 392 inputs need more than 392 rows to fit,"
                + " and the examples give 205");
        assertThat(refitted.paramValues("/fc/Gemm", "W")).containsExactly(pruned.paramValues("/fc/Gemm", "W"));
        assertThat(refitted.paramValues(firstConv, "W")).containsExactly(pruned.paramValues(firstConv, "W"));
        for (Reconstruction.Refit r : measured.refits()) {
            for (var e : r.values().entrySet()) {
                assertThat(refitted.paramValues(r.layer(), e.getKey())).as(r.layer() + "/" + e.getKey())
                        .containsExactly(e.getValue());
                assertThat(refitted.paramValues(r.layer(), e.getKey())).isNotEqualTo(
                        pruned.paramValues(r.layer(), e.getKey()));
            }
        }
    }

    private static double logitDistance(ModelBackend a, ModelBackend b, Examples examples) throws Exception {
        try (InferenceEngine ea = a.openEngine(examples); InferenceEngine eb = b.openEngine(examples)) {
            float[] x = ea.run(examples).values();
            float[] y = eb.run(examples).values();
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                total += (x[i] - y[i]) * (x[i] - y[i]);
            }
            return total / x.length;
        }
    }
}
