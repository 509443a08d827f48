package dev.shears.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.pruning.Amount;
import dev.shears.pruning.ParamValues;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.MagnitudeElementCriterion;
import dev.shears.pruning.plan.TensorMask;
import dev.shears.pruning.plan.UnstructuredPlan;
import dev.shears.pruning.planning.UnstructuredPlanner;
import dev.shears.pruning.planning.UnstructuredSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Unstructured masks zero exactly the planned weights, in the tensors that store them, and nothing else. */
class OnnxUnstructuredTest {
    @TempDir
    Path temp;

    static Iterable<String> fixtures() {
        return OnnxSurgeryTest.PRUNABLE_FIXTURES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void exactlyThePlannedWeightsBecomeZero(String fixture) throws Exception {
        Path source = OnnxModelTest.FIXTURES.resolve(fixture);
        OnnxModel original = OnnxModel.read(source);
        OnnxNetwork network = OnnxGraphReader.read(original);
        UnstructuredPlan plan = UnstructuredPlanner.plan(network.graph(), new OnnxWeights(network),
                UnstructuredSettings.of(Scope.GLOBAL, new MagnitudeElementCriterion(), Amount.ratio(0.5)));
        assertThat(plan.prunedWeights()).isPositive();

        OnnxModel masked = OnnxMasker.unstructured(network, plan);

        OnnxWeights before = new OnnxWeights(network);
        OnnxWeights after = new OnnxWeights(OnnxGraphReader.read(masked));
        long zeroedByPlan = 0;
        Set<String> maskedTensors = new HashSet<>();
        for (TensorMask mask : plan.masks()) {
            ParamValues was = before.get(mask.layer(), mask.param());
            ParamValues is = after.get(mask.layer(), mask.param());
            assertThat(is.shape()).isEqualTo(was.shape());
            for (int i = 0; i < was.size(); i++) {
                if (mask.isPruned(i)) {
                    assertThat(is.get(i)).isEqualTo(0.0);
                    zeroedByPlan++;
                } else {
                    assertThat(is.get(i)).isEqualTo(was.get(i));
                }
            }
            if (mask.prunedCount() > 0) {
                maskedTensors.add(network.binding(mask.layer(), mask.param()).orElseThrow().tensor());
            }
        }
        assertThat(zeroedByPlan).isEqualTo(plan.prunedWeights());

        Path written = temp.resolve(fixture);
        masked.write(written);
        if (fixture.equals("external_data.onnx")) {
            Files.copy(source.resolveSibling("external_data.bin"), temp.resolve("external_data.bin"));
        } else {
            // same shapes, same storage: the file keeps its size
            assertThat(Files.size(written)).isEqualTo(Files.size(source));
        }
        OnnxModel reread = OnnxModel.read(written);
        assertThat(reread.constantNames()).containsExactlyElementsOf(original.constantNames());
        for (String name : original.constantNames()) {
            if (maskedTensors.contains(name)) {
                assertThat(reread.floats(name)).isEqualTo(masked.floats(name));
            } else {
                assertThat(reread.constant(name)).isEqualTo(original.constant(name));
            }
        }
        assertThat(original.toByteArray()).isEqualTo(Files.readAllBytes(source));
        float[] inputs = OnnxInference.gaussianInputs(masked, 2, 3);
        assertThat(OnnxEquivalence.maxDifference(masked, reread, inputs, 2)).isEqualTo(0.0);
    }
}
