package dev.shears.ui.graph;

import dev.shears.analysis.graph.GraphLayout;
import dev.shears.analysis.graph.LayeredGraphLayout;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.ui.shell.UserMessage;
import dev.shears.ui.task.TaskRunner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the graph view: the graph shown and its layout (computed in the background, latest wins,
 * only while the view is showing), the pruning choice's kept shares and coupled layers to colour it
 * with, the selected layer, and the exports. Selecting a node goes through {@link #selectorProperty()}
 * — the layer tree's selection, which the weight views and the pruning panel already follow.
 */
public final class GraphViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(GraphViewModel.class);
    static final String LAYOUT_TASK = "graph-layout";
    static final String EXPORT_TASK = "graph-export";

    /** A graph with its layout and how long laying it out took. */
    public record Drawing(NetworkGraph graph, GraphLayout layout, long millis) {
    }

    private final TaskRunner runner;
    private final ObjectProperty<NetworkGraph> graph = new SimpleObjectProperty<>(this, "graph");
    private final ObjectProperty<Map<String, Double>> keptShares = new SimpleObjectProperty<>(this, "keptShares",
            Map.of());
    private final ObjectProperty<Set<String>> coupled = new SimpleObjectProperty<>(this, "coupled", Set.of());
    private final ObjectProperty<LayerNode> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final ObjectProperty<Consumer<LayerNode>> selector = new SimpleObjectProperty<>(this, "selector",
            selected::set);
    private final ObjectProperty<Consumer<UserMessage>> errors = new SimpleObjectProperty<>(this, "errors", m -> { });
    private final StringProperty baseName = new SimpleStringProperty(this, "baseName", "graph");
    private final ReadOnlyObjectWrapper<Drawing> drawing = new ReadOnlyObjectWrapper<>(this, "drawing");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private long layoutRequests;

    public GraphViewModel(TaskRunner runner) {
        this.runner = runner;
        graph.addListener((obs, old, g) -> refresh());
        active.addListener((obs, old, a) -> refresh());
    }

    // ---- inputs ----

    public ObjectProperty<NetworkGraph> graphProperty() {
        return graph;
    }

    /** Per layer, the share it keeps under the pruning choice: the node's colour. */
    public ObjectProperty<Map<String, Double>> keptSharesProperty() {
        return keptShares;
    }

    /** The layers whose channels go with the selected layer's: they light up together. */
    public ObjectProperty<Set<String>> coupledProperty() {
        return coupled;
    }

    /** The selected layer, wherever it was selected (tree, graph). */
    public ObjectProperty<LayerNode> selectedProperty() {
        return selected;
    }

    /** Whether the view is showing: a graph is laid out only then (and when it shows again after a change). */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** What clicking a node does with it: the window passes the layer tree's select. */
    public ObjectProperty<Consumer<LayerNode>> selectorProperty() {
        return selector;
    }

    /** Where failures (a file that cannot be written) go: the window's error dialog. */
    public ObjectProperty<Consumer<UserMessage>> errorsProperty() {
        return errors;
    }

    /** The model's name: the start of an exported file's name. */
    public StringProperty baseNameProperty() {
        return baseName;
    }

    // ---- outputs ----

    /** The laid-out graph; null while there is none or it is being laid out. */
    public ReadOnlyObjectProperty<Drawing> drawingProperty() {
        return drawing.getReadOnlyProperty();
    }

    /** "Laying out…", a failure, or what was last exported. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    // ---- intents ----

    /** Selects the node of this name, as a click on it does. */
    public void select(String name) {
        NetworkGraph g = graph.get();
        if (g != null) {
            g.node(name).ifPresent(node -> selector.get().accept(node));
        }
    }

    private void refresh() {
        NetworkGraph g = graph.get();
        Drawing shown = drawing.get();
        if (g == null) {
            runner.cancel(LAYOUT_TASK);
            drawing.set(null);
            status.set("");
            return;
        }
        if (shown != null && shown.graph() == g || !active.get()) {
            return;
        }
        drawing.set(null);
        status.set("Laying out " + g.nodes().size() + " nodes…");
        runner.submit(LAYOUT_TASK, "Laying out the graph…", (progress, cancellation) -> {
            long start = System.nanoTime();
            GraphLayout layout = LayeredGraphLayout.layout(g, new FontSizer(), cancellation::isCancelled);
            return new Drawing(g, layout, (System.nanoTime() - start) / 1_000_000);
        }, d -> {
            LOG.info("graph of {} nodes and {} edges laid out in {} ms", d.layout().nodes().size(),
                    d.layout().edges().size(), d.millis());
            if (graph.get() == d.graph()) {
                drawing.set(d);
                status.set("");
            }
        }, error -> {
            if (graph.get() == g) {
                status.set("Cannot lay out this graph: " + message(error));
            }
        });
        long request = ++layoutRequests;
        runner.whenDone(LAYOUT_TASK, () -> {
            // stopped from the status bar (not superseded by a newer layout, not failed)
            if (request == layoutRequests && graph.get() == g && drawing.get() == null
                    && status.get().startsWith("Laying out")) {
                status.set("The layout was stopped. Show the Layers tab and this one again to lay the graph out.");
            }
        });
    }

    /** Writes the graph as SVG (the current colours, coupling and selection) off the FX thread. */
    public void exportSvg(Path file) {
        Drawing d = drawing.get();
        if (d == null) {
            return;
        }
        Map<String, Double> kept = keptShares.get();
        Set<String> highlighted = coupled.get();
        String chosen = selected.get() == null ? null : selected.get().name();
        write(file, "SVG", () -> GraphSvg.write(d.graph(), d.layout(), kept, highlighted, chosen)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes a snapshot of the drawing as PNG off the FX thread. */
    public void exportPng(Path file, Image snapshot) {
        write(file, "PNG", () -> {
            BufferedImage image = SwingFXUtils.fromFXImage(snapshot, null);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG encoder is available");
            }
            return out.toByteArray();
        });
    }

    @FunctionalInterface
    private interface Bytes {
        byte[] make() throws IOException;
    }

    private void write(Path file, String format, Bytes bytes) {
        runner.submit(EXPORT_TASK, "Writing " + file.getFileName() + "…", (progress, cancellation) -> {
            byte[] content = bytes.make();
            Path absolute = file.toAbsolutePath();
            Path temp = Files.createTempFile(absolute.getParent(), ".shears-graph", ".tmp");
            try {
                Files.write(temp, content);
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return file;
        }, written -> status.set("Saved " + written.getFileName()), error -> errors.get().accept(new UserMessage(
                "Could not export the graph as " + format, file + ": " + message(error) + ".")));
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
