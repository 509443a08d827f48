package dev.shears.pruning.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shears.analysis.DependencyAnalyzer;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.ChannelGroups;
import dev.shears.model.NetworkGraph;
import dev.shears.pruning.Amount;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.Scope;
import dev.shears.pruning.criteria.BatchNormGammaCriterion;
import dev.shears.pruning.criteria.Criterion;
import dev.shears.pruning.criteria.L2Criterion;
import dev.shears.pruning.criteria.MagnitudeElementCriterion;
import dev.shears.pruning.criteria.RandomElementCriterion;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.samples.SampleArchitectures;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recipes resolved against bn-cnn (conv1-3 + BN, fc1) and mini-resnet (residual groups). */
class SpecResolverTest {
    private static final Supplier<Criterion> NO_TAYLOR = () -> {
        throw new AssertionError("taylor measured although the recipe does not name it");
    };
    private static NetworkGraph bnCnn;
    private static ChannelGroups bnCnnGroups;
    private static NetworkGraph resnet;
    private static ChannelGroups resnetGroups;

    @BeforeAll
    static void analyse() {
        bnCnn = NetworkGraphReader.read(SampleArchitectures.build("bn-cnn", 1, 1e-3));
        bnCnnGroups = DependencyAnalyzer.analyze(bnCnn);
        resnet = NetworkGraphReader.read(SampleArchitectures.build("mini-resnet", 1, 1e-3));
        resnetGroups = DependencyAnalyzer.analyze(resnet);
    }

    private static StructuredSettings structured(String json) {
        return SpecResolver.structured(PruningSpecJson.read(json), bnCnn, bnCnnGroups, NO_TAYLOR);
    }

    @Test
    void layerEntriesBecomeGroupRulesMergedWithTheDefaults() {
        StructuredSettings settings = structured("""
                {"version": 1, "scope": "global", "criterion": "l2", "ratio": 0.5, "minKeep": 2, "roundTo": 4,
                 "ignore": ["conv1", "output"], "layers": {"conv3": {"criterion": "bn-gamma", "ratio": 0.25}}}""");

        assertThat(settings.scope()).isEqualTo(Scope.GLOBAL);
        assertThat(settings.defaults().criterion()).isInstanceOf(L2Criterion.class);
        assertThat(settings.defaults().amount()).isEqualTo(Amount.ratio(0.5));
        GroupRule conv3 = settings.groupRules().get("conv3");
        assertThat(conv3.criterion()).isInstanceOf(BatchNormGammaCriterion.class);
        assertThat(conv3.amount()).isEqualTo(Amount.ratio(0.25));
        assertThat(conv3.minKeep()).isEqualTo(2);
        assertThat(conv3.roundTo()).isEqualTo(4);
        assertThat(settings.ignored()).containsExactly("conv1");
    }

    @Test
    void unknownLayersAreNamedWithTheirField() {
        assertThatThrownBy(() -> structured("{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"conv9\": {}}}"))
                .isInstanceOf(PruningSpecException.class).hasMessage("layers.conv9: unknown layer 'conv9'");
        assertThatThrownBy(() -> structured("{\"version\": 1, \"ratio\": 0.5, \"ignore\": [\"fc1\", \"fc9\"]}"))
                .isInstanceOf(PruningSpecException.class).hasMessage("ignore[1]: unknown layer 'fc9'");
    }

    @Test
    void structuredEntriesMustNameALayerThatComputesChannels() {
        assertThatThrownBy(() -> structured("{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"bn1\": {}}}"))
                .isInstanceOf(PruningSpecException.class)
                .hasMessageStartingWith("layers.bn1: 'bn1' computes no channels of its own");
    }

    @Test
    void anyProducerOfAResidualGroupSelectsItButOnlyOnce() {
        StructuredSettings settings = SpecResolver.structured(PruningSpecJson.read(
                "{\"version\": 1, \"ratio\": 0.5, \"layers\": {\"block2_proj\": {\"ratio\": 0.1}}}"), resnet,
                resnetGroups, NO_TAYLOR);
        String group = resnetGroups.groups().stream().filter(g -> g.producers().contains("block2_proj"))
                .findFirst().orElseThrow().name();

        assertThat(settings.groupRules()).containsOnlyKeys(group);
        assertThatThrownBy(() -> SpecResolver.structured(PruningSpecJson.read("""
                {"version": 1, "ratio": 0.5, "layers": {"block2_proj": {}, "block2_conv2": {}}}"""), resnet,
                resnetGroups, NO_TAYLOR)).isInstanceOf(PruningSpecException.class)
                .hasMessageStartingWith("layers.block2_conv2: selects the same channel group as layers.block2_proj");
    }

    @Test
    void unstructuredEntriesNeedWeights() {
        UnstructuredSettings settings = SpecResolver.unstructured(PruningSpecJson.read("""
                {"version": 1, "mode": "unstructured", "ratio": 0.5, "ignore": ["output"],
                 "layers": {"fc1": {"criterion": "random", "ratio": 0.9}}}"""), bnCnn);

        assertThat(settings.layerRules().get("fc1").criterion()).isInstanceOf(RandomElementCriterion.class);
        assertThat(settings.defaults().criterion()).isInstanceOf(MagnitudeElementCriterion.class);
        assertThat(settings.ignored()).containsExactly("output");
        assertThatThrownBy(() -> SpecResolver.unstructured(PruningSpecJson.read(
                "{\"version\": 1, \"mode\": \"unstructured\", \"ratio\": 0.5, \"layers\": {\"pool1\": {}}}"), bnCnn))
                .isInstanceOf(PruningSpecException.class).hasMessage("layers.pool1: 'pool1' has no weights to prune");
    }
}
