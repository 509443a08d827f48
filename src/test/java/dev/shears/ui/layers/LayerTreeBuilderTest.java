package dev.shears.ui.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.io.NetworkGraphReader;
import dev.shears.model.NetworkGraph;
import dev.shears.samples.SampleArchitectures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LayerTreeBuilderTest {
    private static NetworkGraph resnet;
    private static NetworkGraph lenet5;

    @BeforeAll
    static void graphs() {
        resnet = NetworkGraphReader.read(SampleArchitectures.build("mini-resnet", 7, 1e-3));
        lenet5 = NetworkGraphReader.read(SampleArchitectures.build("lenet-5", 7, 1e-3));
    }

    @Test
    void groupsResidualBlocksByNamePrefixWithSummedCosts() {
        List<LayerRow> rows = LayerTreeBuilder.build(resnet, "");
        assertThat(rows).extracting(LayerRow::name)
                .containsExactly("input", "stem", "block1", "block2", "block3", "gap", "output");
        LayerRow block2 = rows.get(3);
        assertThat(block2.isGroup()).isTrue();
        assertThat(block2.children()).extracting(LayerRow::name).contains("block2_conv1", "block2_proj",
                "block2_add", "block2_out");
        assertThat(block2.params()).isEqualTo(block2.children().stream().mapToLong(LayerRow::params).sum());
        assertThat(block2.macs()).isEqualTo(block2.children().stream().mapToLong(LayerRow::macs).sum());
        long all = rows.stream().mapToLong(LayerRow::params).sum();
        assertThat(all).isEqualTo(resnet.totalParams());
    }

    @Test
    void preprocessorIsAChildOfTheLayerItFeeds() {
        LayerRow fc1 = LayerTreeBuilder.build(lenet5, "").stream().filter(r -> r.name().equals("fc1"))
                .findFirst().orElseThrow();
        assertThat(fc1.children()).extracting(LayerRow::name).containsExactly("fc1/preprocessor");
        assertThat(fc1.children().get(0).outputShape()).isEqualTo("[800]");
    }

    @Test
    void filterKeepsMatchingRowsAndTheirGroups() {
        List<LayerRow> rows = LayerTreeBuilder.build(resnet, "BatchNorm");
        assertThat(rows).allSatisfy(r -> assertThat(r.isGroup()).isTrue());
        assertThat(rows.stream().flatMap(r -> r.children().stream()))
                .allSatisfy(c -> assertThat(c.type()).isEqualTo("BatchNorm"))
                .hasSize(8);
        assertThat(LayerTreeBuilder.build(lenet5, "nothing-matches")).isEmpty();
        assertThat(LayerTreeBuilder.build(resnet, "block2")).singleElement()
                .satisfies(g -> assertThat(g.children()).hasSize(9));
    }
}
