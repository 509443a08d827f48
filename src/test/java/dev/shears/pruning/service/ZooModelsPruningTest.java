package dev.shears.pruning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.io.InputShapes;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelFiles;
import dev.shears.io.ModelLoader;
import dev.shears.model.TensorShape;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.reports.PruningReport;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.NASNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.TinyYOLO;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.deeplearning4j.zoo.model.YOLO2;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CNN of DL4J's zoo as a user gets it — built by the zoo and freshly initialised (its own
 * weight init, nothing downloaded), at its default input size, saved with ModelSerializer — opened,
 * given its input size where the file does not fix it (as the window's prompt or --input-shape
 * does), pruned at 30 % of channels (structured, l1, per layer) by the same service as the app and
 * the CLI, proved equal to its masked original, saved, and read back by plain DL4J, smaller. Untrained
 * deep networks overflow or amplify float rounding: the equivalence figure says how it was measured.
 */
@Tag("zoo")
class ZooModelsPruningTest {
    private static final PruningSpec L1_30 = PruningSpecJson.read(
            "{\"version\": 1, \"mode\": \"structured\", \"criterion\": \"l1\", \"ratio\": 0.3}");

    @TempDir
    Path dir;

    /**
     * @param inputFixed the layers fix the input size (else the file does not record it and it is given)
     * @param method     how the equivalence is measured on these untrained weights
     */
    record Zoo(String name, Supplier<ZooModel<?>> model, boolean inputFixed, String method) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> light() {
        return Stream.of(
                zoo("LeNet", () -> LeNet.builder().numClasses(10).build(), true, "direct"),
                zoo("SimpleCNN", () -> SimpleCNN.builder().numClasses(10).build(), false, "direct"),
                zoo("SqueezeNet", () -> SqueezeNet.builder().numClasses(1000).build(), false, "direct"),
                zoo("FaceNetNN4Small2", () -> FaceNetNN4Small2.builder().numClasses(1000).build(), false, "direct"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("light")
    void prunedSavedAndReloadedSmaller(Zoo zoo) throws Exception {
        assertPrunesAndReloads(zoo);
    }

    /** Tens of millions of weights or large inputs each: one to four minutes each on two shared cores. */
    @Nested
    @Tag("slow")
    class Large {
        static Stream<Arguments> large() {
            return Stream.of(
                    zoo("TinyYOLO", () -> TinyYOLO.builder().numClasses(20).build(), false, "direct"),
                    zoo("Darknet19", () -> Darknet19.builder().numClasses(1000).build(), false, "direct"),
                    zoo("AlexNet", () -> AlexNet.builder().numClasses(1000).build(), false, "direct"),
                    zoo("ResNet50", () -> ResNet50.builder().numClasses(1000).build(), false, "scaled"),
                    zoo("InceptionResNetV1", () -> InceptionResNetV1.builder().numClasses(1000).build(), false,
                            "double precision"),
                    zoo("Xception", () -> Xception.builder().numClasses(1000).build(), false, "direct"),
                    // not at its default 512×512: that run took 17 minutes on two shared cores (params 31,032,837
                    // -> 15,253,800, equivalence 2.4e-7, direct); the layers and the pruning do not depend on the
                    // size, and 128 is a multiple of the 16 its four poolings and skip merges need
                    zoo("UNet", () -> UNet.builder().inputShape(new int[] {3, 128, 128}).build(), false, "direct"),
                    zoo("YOLO2", () -> YOLO2.builder().numClasses(20).build(), false, "direct"),
                    zoo("VGG16", () -> VGG16.builder().numClasses(1000).build(), true, "direct"),
                    zoo("VGG19", () -> VGG19.builder().numClasses(1000).build(), true, "direct"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("large")
        void prunedSavedAndReloadedSmaller(Zoo zoo) throws Exception {
            assertPrunesAndReloads(zoo);
        }
    }

    /** DL4J 1.0.0-M2.1's zoo cannot build NASNet: there is nothing to open. */
    @Test
    void nasNetIsNotBuiltByTheZooItself() {
        assertThatThrownBy(() -> NASNet.builder().numClasses(1000).build().init())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot calculate activation types if no inputs have been set");
    }

    private void assertPrunesAndReloads(Zoo zoo) throws Exception {
        long start = System.nanoTime();
        ZooModel<?> built = zoo.model().get();
        int[] shape = built.metaData().getInputShape()[0];
        TensorShape input = TensorShape.of(shape[0], shape[1], shape[2]);
        Path file = dir.resolve(zoo.name() + ".zip");
        long paramsBefore;
        {
            Model network = built.init();
            paramsBefore = network.numParams();
            ModelFiles.save(network, file);
        }

        LoadedModel opened = ModelLoader.load(file);
        assertThat(opened.graph().inputShapeAssumed()).as("the file does not fix the input size")
                .isEqualTo(!zoo.inputFixed());
        if (zoo.inputFixed()) {
            assertThat(InputShapes.asTyped(opened.graph().input())).as("read from the layers").isEqualTo(input);
        }
        LoadedModel model = opened.withInputShape(input);
        assertThat(model.graph().inputShapeAssumed()).isFalse();
        opened = null;

        PruningResult result = new PruningService(Optional.empty()).run(model, L1_30, ProgressListener.NONE,
                Cancellation.none());

        PruningReport report = result.report();
        Equivalence equivalence = report.equivalence().orElseThrow();
        assertThat(report.equivalent()).as(report.whyNotEquivalent().orElse("")).isTrue();
        assertThat(equivalence.methodName()).as(equivalence.method()).isEqualTo(zoo.method());
        assertThat(report.channelsAfter()).isLessThan(report.channelsBefore());
        Path pruned = dir.resolve(zoo.name() + "-pruned.zip");
        result.model().write(pruned);
        model = null;
        Model reloaded = ComputationGraph.class.isAssignableFrom(built.modelType())
                ? ModelSerializer.restoreComputationGraph(pruned.toFile(), false)
                : ModelSerializer.restoreMultiLayerNetwork(pruned.toFile(), false);
        assertThat(reloaded.numParams()).isEqualTo(report.storedParams()).isLessThan(paramsBefore);
        assertThat(Files.size(pruned)).isLessThan(Files.size(file));

        System.out.printf(Locale.ROOT, "zoo %s %s: params %,d -> %,d, channels %,d -> %,d, equivalence %.3g (%s%s),"
                        + " not prunable %s, %.0f s%n", zoo.name(), InputShapes.format(input), paramsBefore,
                reloaded.numParams(), report.channelsBefore(), report.channelsAfter(), equivalence.maxAbsDifference(),
                equivalence.methodName(), equivalence.direct() ? "" : ": " + equivalence.method(),
                report.notPrunable().keySet(), (System.nanoTime() - start) / 1e9);
    }

    private static Arguments zoo(String name, Supplier<ZooModel<?>> model, boolean inputFixed, String method) {
        return Arguments.of(new Zoo(name, model, inputFixed, method));
    }
}
