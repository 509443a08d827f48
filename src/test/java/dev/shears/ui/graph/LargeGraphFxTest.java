package dev.shears.ui.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.analysis.graph.GraphLayout;
import dev.shears.io.NetworkGraphReader;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.task.TaskRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.zoo.model.ResNet50;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * ResNet-50 (177 nodes, 192 edges, ~20,000 units tall) in the graph view alone: laid out in the
 * background, F shows all of it, and the PNG export holds the whole drawing.
 */
@ExtendWith(ApplicationExtension.class)
class LargeGraphFxTest {
    GraphViewModel viewModel;
    GraphView view;

    @Start
    void start(Stage stage) {
        viewModel = new GraphViewModel(new TaskRunner());
        view = new GraphView(viewModel);
        stage.setScene(new Scene(view, 600, 500));
        stage.show();
    }

    @Test
    void resNet50IsLaidOutInTheBackgroundFitsWholeAndExportsAsPng(FxRobot robot, @TempDir Path out)
            throws Exception {
        ComputationGraph network = new ComputationGraph(ResNet50.builder().numClasses(1000)
                .weightInit(new WeightInitRelu()).build().graphBuilder().build());
        network.init();
        NetworkGraph graph = NetworkGraphReader.read(network);

        robot.interact(() -> {
            viewModel.graphProperty().set(graph);
            // the FX thread is back before the layout exists: it is computed by the task runner
            assertThat(viewModel.drawingProperty().get()).isNull();
            assertThat(viewModel.statusProperty().get()).isEqualTo("Laying out " + graph.nodes().size() + " nodes…");
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> viewModel.drawingProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        GraphLayout layout = viewModel.drawingProperty().get().layout();
        assertThat(layout.nodes()).hasSize(graph.nodes().size());
        System.out.printf("ResNet-50 in the view: %d nodes laid out in %d ms (%.0f x %.0f)%n", layout.nodes().size(),
                viewModel.drawingProperty().get().millis(), layout.width(), layout.height());

        robot.interact(view::fit);
        Bounds viewport = view.viewport().getLayoutBounds();
        assertThat(viewport.contains(view.toViewport(0, 0))).isTrue();
        assertThat(viewport.contains(view.toViewport(layout.width(), layout.height()))).isTrue();

        Path png = out.resolve("resnet50.png");
        robot.interact(() -> view.exportPng(png));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(png));
        BufferedImage image = ImageIO.read(png.toFile());
        double k = (double) image.getHeight() / layout.height();
        assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo((int) GraphView.PNG_MAX_SIDE);
        assertThat(image.getWidth()).isCloseTo((int) Math.ceil(layout.width() * k),
                org.assertj.core.data.Offset.offset(2));
        // the last node, at the very bottom, is in the image with its neutral fill
        GraphLayout.Box last = layout.nodes().get(layout.nodes().size() - 1);
        int rgb = image.getRGB((int) ((last.x() + 4) * k), (int) (last.centerY() * k));
        Color neutral = Color.web(GraphStyle.NEUTRAL);
        java.awt.Color pixel = new java.awt.Color(rgb);
        assertThat(pixel.getRed()).isCloseTo((int) Math.round(neutral.getRed() * 255), org.assertj.core.data.Offset.offset(4));
        assertThat(pixel.getBlue()).isCloseTo((int) Math.round(neutral.getBlue() * 255), org.assertj.core.data.Offset.offset(4));
    }
}
