package dev.shears.ui.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.graph.GraphLayout;
import dev.shears.io.LoadedModel;
import dev.shears.io.SampleLocations;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.ShearsApp;
import dev.shears.ui.layers.LayerRow;
import dev.shears.ui.shell.MainView;
import dev.shears.ui.shell.MainViewModel;
import dev.shears.ui.shell.RecentFiles;
import dev.shears.ui.task.TaskRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.geometry.Point2D;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Graph tab in the real window on the bundled residual network (mini-resnet): selection linked
 * both ways with the layer tree and the weight views, a channel group lighting up together, the
 * kept share as colour, zoom / pan / fit, and the SVG and PNG exports.
 */
@ExtendWith(ApplicationExtension.class)
class GraphViewFxTest {
    @TempDir
    static Path settings;

    MainViewModel viewModel;
    MainView view;

    @Start
    void start(Stage stage) {
        viewModel = new MainViewModel(new TaskRunner(), new RecentFiles(settings));
        view = ShearsApp.showMainWindow(stage, viewModel);
        viewModel.open(SampleLocations.sampleModel("mini-resnet"));
    }

    /** Shows the Graph tab and waits for the model, its channel groups and its layout. */
    private GraphView showGraph(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != null
                && view.pruning().plannerProperty().get() != null);
        robot.interact(() -> layerTabs(robot).getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.graph().drawingProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#graphView").queryAs(GraphView.class);
    }

    private static TabPane layerTabs(FxRobot robot) {
        return robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream()
                .filter(p -> p.getTabs().stream().anyMatch(t -> "graphTab".equals(t.getId()))).findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static TreeTableView<LayerRow> tree(FxRobot robot) {
        return robot.lookup("#layerTree").queryAs(TreeTableView.class);
    }

    private static String treeSelection(FxRobot robot) {
        TreeItem<LayerRow> item = tree(robot).getSelectionModel().getSelectedItem();
        return item == null || item.getValue() == null || item.getValue().node() == null ? null
                : item.getValue().node().name();
    }

    private static Set<String> cellsWhere(GraphView graph, NetworkGraph model,
                                          java.util.function.Predicate<GraphView.NodeCell> test) {
        return model.nodes().stream().map(LayerNode::name).filter(n -> test.test(graph.cell(n).orElseThrow()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void clickingANodeSelectsItInTheTreeAndTheWeightViews(FxRobot robot) throws Exception {
        GraphView graph = showGraph(robot);
        NetworkGraph model = viewModel.modelProperty().get().graph();
        String before = view.layers().selectedProperty().get().name();
        LayerNode target = model.nodes().stream().filter(LayerNode::hasParams)
                .filter(n -> !n.name().equals(before)).reduce((a, b) -> b).orElseThrow(); // the last layer
        robot.interact(graph::fit);
        GraphView.NodeCell cell = graph.cell(target.name()).orElseThrow();

        robot.clickOn(cell, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.layers().selectedProperty().get().name()).isEqualTo(target.name());
        assertThat(treeSelection(robot)).isEqualTo(target.name());
        assertThat(view.pruning().selectedLayerProperty().get().name()).isEqualTo(target.name());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.weights().weightsProperty().get() != null
                && view.weights().weightsProperty().get().node().name().equals(target.name()));
        assertThat(cellsWhere(graph, model, GraphView.NodeCell::isSelected)).containsExactly(target.name());
        assertThat(cell.strokeColour()).isEqualTo(Color.web(GraphStyle.SELECTED_BORDER));
    }

    @Test
    void selectingARowInTheTreeSelectsAndRevealsItsNode(FxRobot robot) throws Exception {
        GraphView graph = showGraph(robot);
        NetworkGraph model = viewModel.modelProperty().get().graph();
        LayerNode last = model.nodes().get(model.nodes().size() - 1);
        robot.interact(() -> {
            graph.zoom(3, 0, 0); // zoomed in on the top-left corner: the last node is out of view
        });
        Point2D outOfView = graph.toViewport(graph.cell(last.name()).orElseThrow().box.centerX(),
                graph.cell(last.name()).orElseThrow().box.centerY());
        assertThat(graph.viewport().getLayoutBounds().contains(outOfView)).isFalse();

        robot.interact(() -> {
            TreeTableView<LayerRow> tree = tree(robot);
            tree.getSelectionModel().select(find(tree.getRoot(), last.name()));
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.layers().selectedProperty().get().name()).isEqualTo(last.name());
        assertThat(cellsWhere(graph, model, GraphView.NodeCell::isSelected)).containsExactly(last.name());
        GraphLayout.Box box = graph.cell(last.name()).orElseThrow().box;
        assertThat(graph.viewport().getLayoutBounds().contains(graph.toViewport(box.x(), box.y()))).isTrue();
        assertThat(graph.viewport().getLayoutBounds().contains(graph.toViewport(box.maxX(), box.maxY()))).isTrue();
    }

    private static TreeItem<LayerRow> find(TreeItem<LayerRow> item, String name) {
        if (item.getValue() != null && item.getValue().node() != null && item.getValue().node().name().equals(name)) {
            return item;
        }
        for (TreeItem<LayerRow> child : item.getChildren()) {
            TreeItem<LayerRow> found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Test
    void aChannelGroupsMembersLightUpTogether(FxRobot robot) throws Exception {
        GraphView graph = showGraph(robot);
        NetworkGraph model = viewModel.modelProperty().get().graph();
        // a conv whose output feeds a residual add: its group spans both branches of the add
        LayerNode conv = model.nodes().stream().filter(LayerNode::hasParams)
                .filter(n -> model.consumers(n.name()).stream().anyMatch(c -> model.node(c).orElseThrow()
                        .inputs().size() > 1)).findFirst().orElseThrow();
        robot.interact(() -> view.graph().select(conv.name()));
        WaitForAsyncUtils.waitForFxEvents();

        Set<String> coupled = view.pruning().coupledProperty().get();
        // the layers coupled with it: more than the layer before and after, across the add
        assertThat(coupled).hasSizeGreaterThan(2).doesNotContain(conv.name());
        assertThat(cellsWhere(graph, model, GraphView.NodeCell::isCoupled)).isEqualTo(new TreeSet<>(coupled));
        for (String name : coupled) {
            assertThat(graph.cell(name).orElseThrow().strokeColour()).as(name)
                    .isEqualTo(Color.web(GraphStyle.COUPLED_BORDER));
            assertThat(graph.cell(name).orElseThrow().glowing()).as(name).isTrue();
        }
        assertThat(graph.cell(conv.name()).orElseThrow().strokeColour()).isEqualTo(Color.web(GraphStyle.SELECTED_BORDER));
        String outsider = model.nodes().stream().map(LayerNode::name)
                .filter(n -> !coupled.contains(n) && !n.equals(conv.name())).findFirst().orElseThrow();
        assertThat(graph.cell(outsider).orElseThrow().glowing()).isFalse();
        assertThat(graph.cell(outsider).orElseThrow().strokeColour()).isEqualTo(Color.web(GraphStyle.BORDER));
    }

    @Test
    void aGroupLitOutOfViewIsPannedIntoView(FxRobot robot) throws Exception {
        GraphView graph = showGraph(robot);
        NetworkGraph model = viewModel.modelProperty().get().graph();
        // the last conv that feeds a residual add: its group lies in the lower part of the drawing
        LayerNode conv = model.nodes().stream().filter(LayerNode::hasParams)
                .filter(n -> model.consumers(n.name()).stream().anyMatch(c -> model.node(c).orElseThrow()
                        .inputs().size() > 1)).reduce((a, b) -> b).orElseThrow();
        LayerNode first = model.nodes().stream().filter(LayerNode::hasParams).findFirst().orElseThrow();
        robot.interact(() -> {
            graph.fit();
            selectInTree(robot, conv.name());
        });
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> coupled = Set.copyOf(view.pruning().coupledProperty().get());
        assertThat(coupled).hasSizeGreaterThan(2);
        double top = coupled.stream().mapToDouble(n -> graph.cell(n).orElseThrow().box.y()).min().orElseThrow();
        double bottom = coupled.stream().mapToDouble(n -> graph.cell(n).orElseThrow().box.maxY()).max().orElseThrow();
        double fitted = graph.zoomLevel();
        // zoomed on the top-left corner as far as the group still fits the view's height
        double factor = Math.min(3, 0.9 * graph.viewport().getHeight() / ((bottom - top) * fitted));
        robot.interact(() -> {
            selectInTree(robot, first.name());
            graph.zoom(factor, 0, 0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(coupled.stream().filter(graph::inView).count()).as("members in view before").isLessThan(coupled.size());

        robot.interact(() -> selectInTree(robot, conv.name()));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(view.pruning().coupledProperty().get()).isEqualTo(coupled);
        for (String name : coupled) {
            assertThat(graph.inView(name)).as(name + " in view").isTrue();
        }
        assertThat(graph.inView(conv.name())).isTrue();
    }

    private static void selectInTree(FxRobot robot, String name) {
        TreeTableView<LayerRow> tree = tree(robot);
        tree.getSelectionModel().select(find(tree.getRoot(), name));
    }

    @Test
    void nodesShowTheSharePruningKeepsAsWarmerColours(FxRobot robot) throws Exception {
        GraphView graph = showGraph(robot);
        NetworkGraph model = viewModel.modelProperty().get().graph();
        robot.interact(() -> view.pruning().ratioProperty().set(0.5));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !view.pruning().keptSharesProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        java.util.Map<String, Double> kept = view.pruning().keptSharesProperty().get();
        String cut = kept.entrySet().stream().filter(e -> e.getValue() < 0.99).map(java.util.Map.Entry::getKey)
                .findFirst().orElseThrow();
        GraphView.NodeCell cell = graph.cell(cut).orElseThrow();
        assertThat(cell.fill()).isEqualTo(Color.web(GraphStyle.fill(kept.get(cut))));
        assertThat(cell.fill().getBlue()).isLessThan(Color.web(GraphStyle.NEUTRAL).getBlue());
        assertThat(cell.typeText()).endsWith("keeps " + GraphStyle.percent(kept.get(cut)));
        LayerNode noWeights = model.nodes().stream().filter(n -> !n.hasParams()).findFirst().orElseThrow();
        assertThat(graph.cell(noWeights.name()).orElseThrow().fill()).isEqualTo(Color.web(GraphStyle.NEUTRAL));

        robot.interact(() -> view.pruning().ratioProperty().set(0));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.pruning().keptSharesProperty().get()
                .getOrDefault(cut, 0.0) >= 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cell.fill()).isEqualTo(Color.web(GraphStyle.NEUTRAL));
    }

    @Test
    void wheelAndKeysZoomDragPansAndFShowsTheWholeGraph(FxRobot robot) throws Exception {
        GraphView graph = showGraph(robot);
        GraphLayout layout = view.graph().drawingProperty().get().layout();
        javafx.geometry.Bounds screen = graph.viewport().localToScreen(graph.viewport().getLayoutBounds());
        robot.interact(() -> graph.viewport().requestFocus());
        double start = graph.zoomLevel();
        robot.type(KeyCode.EQUALS);
        assertThat(graph.zoomLevel()).isCloseTo(start * 1.25, org.assertj.core.data.Offset.offset(1e-9));
        robot.type(KeyCode.MINUS);
        assertThat(graph.zoomLevel()).isCloseTo(start, org.assertj.core.data.Offset.offset(1e-9));

        // the wheel zooms about the pointer: the layout point under it stays put
        Point2D pointer = new Point2D(screen.getMinX() + 60, screen.getMinY() + 80);
        robot.moveTo(pointer);
        Point2D local = graph.viewport().screenToLocal(pointer);
        double lx = (local.getX() - graph.toViewport(0, 0).getX()) / graph.zoomLevel();
        robot.scroll(2, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(graph.zoomLevel()).isNotCloseTo(start, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(graph.toViewport(lx, 0).getX()).isCloseTo(local.getX(), org.assertj.core.data.Offset.offset(0.5));

        // drag pans by the distance dragged
        Point2D origin = graph.toViewport(0, 0);
        robot.drag(pointer, MouseButton.PRIMARY).moveBy(70, 40).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(graph.toViewport(0, 0).getX() - origin.getX()).isCloseTo(70, org.assertj.core.data.Offset.offset(1.0));
        assertThat(graph.toViewport(0, 0).getY() - origin.getY()).isCloseTo(40, org.assertj.core.data.Offset.offset(1.0));

        robot.interact(() -> graph.viewport().requestFocus());
        robot.type(KeyCode.F);
        javafx.geometry.Bounds bounds = graph.viewport().getLayoutBounds();
        assertThat(bounds.contains(graph.toViewport(0, 0))).isTrue();
        assertThat(bounds.contains(graph.toViewport(layout.width(), layout.height()))).isTrue();
        double fitted = graph.zoomLevel();
        assertThat(Math.max(layout.width() * fitted / bounds.getWidth(), layout.height() * fitted / bounds.getHeight()))
                .as("the whole graph fills the view along one axis").isGreaterThan(0.9);
    }

    @Test
    void exportsSvgNamingEveryNodeAndAPngOfTheWholeDrawing(FxRobot robot, @TempDir Path out) throws Exception {
        GraphView graph = showGraph(robot);
        NetworkGraph model = viewModel.modelProperty().get().graph();
        GraphLayout layout = view.graph().drawingProperty().get().layout();
        Path svg = out.resolve("mini-resnet-graph.svg");
        Path png = out.resolve("mini-resnet-graph.png");

        robot.interact(() -> view.graph().exportSvg(svg));
        robot.interact(() -> graph.exportPng(png));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(svg) && Files.exists(png)
                && view.graph().statusProperty().get().equals("Saved " + png.getFileName()));

        org.w3c.dom.Document doc = GraphSvgTest.parse(Files.readString(svg));
        assertThat(GraphSvgTest.nodeNames(doc)).containsExactlyElementsOf(model.nodes().stream().map(LayerNode::name)
                .toList());
        BufferedImage image = ImageIO.read(png.toFile());
        double k = image.getWidth() / layout.width();
        assertThat(k).isGreaterThan(1);
        assertThat(image.getHeight()).isCloseTo((int) Math.ceil(layout.height() * k),
                org.assertj.core.data.Offset.offset(1));
        // a node's box, in the PNG, has the node's fill; the page around the drawing is white
        GraphLayout.Box box = layout.nodes().get(0);
        int inside = image.getRGB((int) ((box.x() + 4) * k), (int) (box.centerY() * k));
        Color fill = Color.web(GraphStyle.fill(view.pruning().keptSharesProperty().get().get(box.name())));
        assertThat(new java.awt.Color(inside).getBlue()).isCloseTo((int) Math.round(fill.getBlue() * 255),
                org.assertj.core.data.Offset.offset(3));
        assertThat(image.getRGB(1, 1) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void onnxAndKerasModelsAreDrawnWholeAndSelectable(FxRobot robot) throws Exception {
        showGraph(robot);
        for (String file : new String[] {"src/test/resources/onnx/resnet_se.onnx",
            "src/test/resources/onnx/inception_block.onnx", "src/test/resources/keras/functional_residual.h5"}) {
            LoadedModel before = viewModel.modelProperty().get();
            robot.interact(() -> viewModel.open(Path.of(file)));
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> viewModel.modelProperty().get() != before
                    && view.graph().drawingProperty().get() != null
                    && view.graph().drawingProperty().get().graph() == viewModel.modelProperty().get().graph());
            WaitForAsyncUtils.waitForFxEvents();
            GraphView graph = robot.lookup("#graphView").queryAs(GraphView.class);
            NetworkGraph model = viewModel.modelProperty().get().graph();
            assertThat(view.graph().drawingProperty().get().layout().nodes()).extracting(GraphLayout.Box::name)
                    .as(file).containsExactlyElementsOf(model.nodes().stream().map(LayerNode::name).toList());
            // a merge (add or concat) and a weighted layer: a click on each selects it in the tree
            LayerNode merge = model.nodes().stream().filter(n -> n.inputs().size() > 1).findFirst().orElseThrow();
            LayerNode weighted = model.nodes().stream().filter(LayerNode::hasParams).reduce((a, b) -> b)
                    .orElseThrow();
            robot.interact(graph::fit);
            for (LayerNode node : java.util.List.of(merge, weighted)) {
                robot.clickOn(graph.cell(node.name()).orElseThrow(), MouseButton.PRIMARY);
                WaitForAsyncUtils.waitForFxEvents();
                assertThat(treeSelection(robot)).as(file).isEqualTo(node.name());
                assertThat(cellsWhere(graph, model, GraphView.NodeCell::isSelected)).containsExactly(node.name());
            }
        }
    }
}
