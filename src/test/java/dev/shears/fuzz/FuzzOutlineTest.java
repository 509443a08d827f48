package dev.shears.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoadException;
import dev.shears.io.ModelLoader;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window opens models with an outline (decision 0030): on the fast fuzz corpus's model files read
 * in this JVM, opening with an outline ends as opening without one — refused with the same sentence,
 * or loaded — and an outline handed over names the loaded graph's nodes.
 */
class FuzzOutlineTest {
    @TempDir
    static Path folder;
    private static List<FuzzCase> corpus;

    @BeforeAll
    static void writeCorpus() throws Exception {
        corpus = FuzzCorpus.write(folder.resolve("corpus"), 32L << 20, true);
    }

    @TestFactory
    Stream<DynamicTest> openingWithAnOutlineEndsAsOpeningWithout() {
        List<FuzzCase> models = corpus.stream()
                .filter(c -> c.fast() && !c.forked() && c.kind() == FuzzCase.Kind.MODEL).toList();
        assertThat(models).hasSizeGreaterThan(20);
        return models.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            String plain = outcome(() -> ModelLoader.load(c.file()));
            List<NetworkGraph> outlines = new ArrayList<>();
            LoadedModel[] loaded = new LoadedModel[1];
            String withOutline = outcome(() -> loaded[0] = ModelLoader.load(c.file(), outlines::add));

            assertThat(withOutline).isEqualTo(plain);
            if (loaded[0] != null && !outlines.isEmpty()) {
                assertThat(outlines.get(0).nodes()).extracting(LayerNode::name).containsExactlyElementsOf(
                        loaded[0].graph().nodes().stream().map(LayerNode::name).toList());
            }
        }));
    }

    private interface Load {
        LoadedModel run() throws Exception;
    }

    /** "loaded", or the refusal's sentence (any other failure's class, which fails the comparison's partner). */
    private static String outcome(Load load) {
        try {
            load.run();
            return "loaded";
        } catch (ModelLoadException e) {
            return e.getMessage();
        } catch (Exception | StackOverflowError e) {
            return e.getClass().getName();
        }
    }
}
