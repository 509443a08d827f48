package dev.shears.ui.weights;

import dev.shears.analysis.SurfaceAxes;
import dev.shears.analysis.SurfaceGrid;
import dev.shears.analysis.SurfaceReadout;
import dev.shears.analysis.heatmap.ColorMap;
import dev.shears.analysis.heatmap.ColorScaling;
import dev.shears.analysis.heatmap.ColorScheme;
import dev.shears.analysis.heatmap.ValueMode;
import dev.shears.ui.Styles;
import java.util.ArrayList;
import java.util.List;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Point2D;
import javafx.geometry.Point3D;
import javafx.geometry.Pos;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.PerspectiveCamera;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SubScene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.PickResult;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.Box;
import javafx.scene.shape.CullFace;
import javafx.scene.shape.Cylinder;
import javafx.scene.shape.DrawMode;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.Sphere;
import javafx.scene.shape.TriangleMesh;
import javafx.scene.transform.Rotate;
import org.fxyz3d.utils.CameraTransformer;

/**
 * A 3D surface of a layer's weights (height = value, colour = value in the heatmap's blue–red scale)
 * with translucent threshold planes at ±t; cells whose whole block lies under the threshold turn
 * grey. Labelled axes (conv: filter × input × kernel position; dense: input × output neuron; value
 * up), the colour legend, and a read-out of the weight under the pointer. Drag rotates, the wheel
 * zooms. Where the platform has no 3D (software rendering) it says so, and makes no 3D object.
 * Axis labels are 2D labels placed at the projections of their 3D anchors, so they stay upright and
 * readable from every angle (FXyz3D's {@code Axes} is an unlabelled triad at the origin).
 */
public final class Surface3DView extends StackPane {
    static final int MAX_CELLS_PER_SIDE = 256;
    private static final String AXIS_LABEL = "surface-axis-label";
    private static final String AXIS_TITLE = "surface-axis-title";

    private final ObjectProperty<LayerWeights> weights = new SimpleObjectProperty<>(this, "weights");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold");
    private final ReadOnlyObjectWrapper<SurfaceAxes> axes = new ReadOnlyObjectWrapper<>(this, "axes");
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");

    public Surface3DView() {
        setId("surface3d");
        getStyleClass().add("surface-3d");
        // the axes' words come from the tensor alone, so they are known (and testable) with or without 3D
        axes.bind(weights.map(w -> w.surface() == null ? null : SurfaceAxes.of(w.tensor().shape().dims(),
                w.surface())));
        if (!Platform.isSupported(ConditionalFeature.SCENE3D)) {
            Label unsupported = new Label("3D is not available on this display: JavaFX renders in software "
                    + "here. Run with -Dprism.order=es2 (and -Dprism.forceGPU=true on Mesa) for the 3D view; "
                    + "the heatmap and histograms work everywhere.");
            unsupported.setWrapText(true);
            unsupported.setId("no3d");
            unsupported.getStyleClass().add(Styles.EMPTY_STATE);
            getChildren().add(unsupported);
            return;
        }
        new Scene3D();
    }

    /** Everything 3D, made only where the platform renders 3D. */
    private final class Scene3D {
        private static final double EXTENT = 400;
        /** Distance of the axes from the surface's edges. */
        private static final double AXIS_MARGIN = 18;
        private static final double TICK_LENGTH = 8;

        private final Group world = new Group();
        private final MeshView surface = new MeshView();
        private final PhongMaterial material = new PhongMaterial(Color.WHITE);
        private final Box upperPlane = new Box();
        private final Box lowerPlane = new Box();
        private final Group axisLines = new Group();
        private final Sphere marker = new Sphere(3);
        private final CameraTransformer cameraTransform = new CameraTransformer();
        private final PerspectiveCamera camera = new PerspectiveCamera(true);
        private final SubScene subScene;
        private final AmbientLight light = new AmbientLight(Color.WHITE);
        private final javafx.beans.InvalidationListener followTheme;
        private final Pane labels = new Pane();
        private final LegendBar legend = new LegendBar("surface");
        private final Label hover = new Label();
        /** 3D anchor (in world coordinates) of each label in {@link #labels}. */
        private final List<Point3D> anchors = new ArrayList<>();
        private SurfaceReadout readout;
        private ColorMap colours;
        private double heightScale = 1;
        private double cellX = 1;
        private double cellZ = 1;
        private double dragX;
        private double dragY;

        Scene3D() {
            surface.setMaterial(material);
            surface.setCullFace(CullFace.NONE);
            surface.setDrawMode(DrawMode.FILL);
            surface.setId("surfaceMesh");
            PhongMaterial planeMaterial = new PhongMaterial(Color.color(0.82, 0.29, 0.36, 0.28));
            upperPlane.setMaterial(planeMaterial);
            lowerPlane.setMaterial(planeMaterial);
            upperPlane.setMouseTransparent(true);
            lowerPlane.setMouseTransparent(true);
            axisLines.setMouseTransparent(true);
            marker.setMaterial(new PhongMaterial(Color.web("#202020")));
            marker.setMouseTransparent(true);
            marker.setVisible(false);
            world.getChildren().addAll(surface, upperPlane, lowerPlane, axisLines, marker, light);
            camera.setNearClip(0.1);
            camera.setFarClip(10_000);
            camera.setTranslateZ(-2.8 * EXTENT);
            cameraTransform.getChildren().add(camera);
            cameraTransform.rx.setAngle(-35);
            cameraTransform.ry.setAngle(-25);
            Group root = new Group(world, cameraTransform);
            subScene = new SubScene(root, 400, 300, true, SceneAntialiasing.BALANCED);
            subScene.setCamera(camera);
            // ground and light follow the theme (View ▸ Theme), live; the static property holds the listener weakly
            followTheme = o -> {
                subScene.setFill(dev.shears.ui.Themes.current().surfaceGround());
                light.setColor(dev.shears.ui.Themes.current().surfaceLight());
            };
            followTheme.invalidated(null);
            dev.shears.ui.Themes.currentProperty().addListener(new javafx.beans.WeakInvalidationListener(followTheme));
            subScene.widthProperty().bind(widthProperty());
            subScene.heightProperty().bind(heightProperty());

            labels.setMouseTransparent(true);
            labels.setManaged(false);
            hover.setId("surfaceHover");
            hover.getStyleClass().add("surface-hover");
            hover.textProperty().bind(hoverText);
            hover.visibleProperty().bind(hoverText.isNotEmpty());
            legend.getStyleClass().add("surface-legend");
            legend.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
            VBox corner = new VBox(4, legend);
            corner.setPickOnBounds(false);
            corner.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
            StackPane.setAlignment(corner, Pos.TOP_LEFT);
            StackPane.setAlignment(hover, Pos.BOTTOM_LEFT);
            getChildren().addAll(subScene, labels, corner, hover);
            setMinSize(0, 0);

            subScene.setOnMousePressed(e -> {
                dragX = e.getSceneX();
                dragY = e.getSceneY();
            });
            subScene.setOnMouseDragged(e -> {
                cameraTransform.ry.setAngle(cameraTransform.ry.getAngle() + (e.getSceneX() - dragX) * 0.3);
                cameraTransform.rx.setAngle(cameraTransform.rx.getAngle() - (e.getSceneY() - dragY) * 0.3);
                dragX = e.getSceneX();
                dragY = e.getSceneY();
                placeLabels();
            });
            subScene.setOnScroll(e -> {
                camera.setTranslateZ(Math.min(-0.3 * EXTENT, camera.getTranslateZ() + e.getDeltaY() * 1.5));
                placeLabels();
            });
            subScene.setOnMouseMoved(e -> pointAt(e.getPickResult()));
            subScene.setOnMouseExited(e -> pointAt(null));
            widthProperty().addListener(o -> Platform.runLater(this::placeLabels));
            heightProperty().addListener(o -> Platform.runLater(this::placeLabels));
            weights.addListener(o -> rebuild());
            threshold.addListener(o -> recolour());
            rebuild();
        }

        private void rebuild() {
            LayerWeights w = weights.get();
            SurfaceGrid g = w == null ? null : w.surface();
            axisLines.getChildren().clear();
            labels.getChildren().clear();
            anchors.clear();
            hoverText.set("");
            marker.setVisible(false);
            if (g == null || g.values().length == 0) {
                surface.setMesh(null);
                readout = null;
                legend.setVisible(false);
                return;
            }
            readout = new SurfaceReadout(w.values(), g, w.tensor().shape().dims());
            // a long thin matrix (conv2: 48 filters × 216) still gets a readable depth: cells need not be square here
            double depthShare = Math.max(0.5, Math.min(2, (double) g.rows() / g.cols()));
            cellX = (depthShare <= 1 ? EXTENT : EXTENT / depthShare) / g.cols();
            cellZ = (depthShare <= 1 ? EXTENT * depthShare : EXTENT) / g.rows();
            double max = g.maxMagnitude();
            heightScale = max == 0 ? 1 : 0.25 * EXTENT / max;
            colours = new ColorMap(ColorScheme.BLUE_WHITE_RED, ValueMode.SIGNED, ColorScaling.LINEAR,
                    max == 0 ? 1 : max);
            TriangleMesh mesh = new TriangleMesh();
            float[] points = new float[g.rows() * g.cols() * 3];
            float[] tex = new float[g.rows() * g.cols() * 2];
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.cols(); c++) {
                    int i = r * g.cols() + c;
                    points[3 * i] = (float) x(c, g);
                    points[3 * i + 1] = (float) (-g.values()[i] * heightScale);
                    points[3 * i + 2] = (float) z(r, g);
                    tex[2 * i] = (float) ((c + 0.5) / g.cols());
                    tex[2 * i + 1] = (float) ((r + 0.5) / g.rows());
                }
            }
            int quads = Math.max(0, g.rows() - 1) * Math.max(0, g.cols() - 1);
            int[] faces = new int[quads * 12];
            int f = 0;
            for (int r = 0; r + 1 < g.rows(); r++) {
                for (int c = 0; c + 1 < g.cols(); c++) {
                    int a = r * g.cols() + c;
                    int b = a + 1;
                    int d = a + g.cols();
                    int e = d + 1;
                    int[] tri = {a, a, d, d, b, b, b, b, d, d, e, e};
                    System.arraycopy(tri, 0, faces, f, 12);
                    f += 12;
                }
            }
            mesh.getPoints().setAll(points);
            mesh.getTexCoords().setAll(tex);
            mesh.getFaces().setAll(faces);
            surface.setMesh(mesh);
            double width = cellX * g.cols();
            double depth = cellZ * g.rows();
            // far enough for the whole surface and its axis labels: a square one needs more room than a strip
            camera.setTranslateZ(-(2.7 + 0.9 * Math.min(width, depth) / EXTENT) * EXTENT);
            for (Box plane : new Box[] {upperPlane, lowerPlane}) {
                plane.setWidth(width);
                plane.setDepth(depth);
                plane.setHeight(0.5);
            }
            buildAxes(axes.get(), g, max);
            recolour();
            Platform.runLater(this::placeLabels);
        }

        private double x(double c, SurfaceGrid g) {
            return (c - (g.cols() - 1) / 2.0) * cellX;
        }

        private double z(double r, SurfaceGrid g) {
            return (r - (g.rows() - 1) / 2.0) * cellZ;
        }

        /**
         * Rows run along the right edge, columns along the near edge, both on the floor (−max); the
         * value axis stands at the near left corner.
         */
        private void buildAxes(SurfaceAxes a, SurfaceGrid g, double max) {
            if (a == null) {
                return;
            }
            double floor = max * heightScale;
            double ceiling = -max * heightScale;
            double left = x(0, g) - AXIS_MARGIN;
            double near = z(0, g) - AXIS_MARGIN;
            double x0 = x(0, g);
            double x1 = x(Math.max(0, g.cols() - 1), g);
            double z0 = z(0, g);
            double z1 = z(Math.max(0, g.rows() - 1), g);
            PhongMaterial ink = new PhongMaterial(Color.web("#5a6270"));
            // rows: along z on the right edge, where the default view sees them beside the surface
            double right = x1 + AXIS_MARGIN;
            line(new Point3D(right, floor, z0), new Point3D(right, floor, z1), ink);
            for (SurfaceAxes.Tick t : a.rows().ticks()) {
                double z = z0 + t.fraction() * (z1 - z0);
                line(new Point3D(right, floor, z), new Point3D(right + TICK_LENGTH, floor, z), ink);
                label(t.label(), new Point3D(right + 3 * TICK_LENGTH, floor, z), AXIS_LABEL);
            }
            label(a.rows().title(), new Point3D(right + 10 * TICK_LENGTH, floor, (z0 + z1) / 2), AXIS_TITLE);
            // columns: along x at z = near
            line(new Point3D(x0, floor, near), new Point3D(x1, floor, near), ink);
            for (SurfaceAxes.Tick t : a.columns().ticks()) {
                double x = x0 + t.fraction() * (x1 - x0);
                line(new Point3D(x, floor, near), new Point3D(x, floor, near - TICK_LENGTH), ink);
                label(t.label(), new Point3D(x, floor, near - 3 * TICK_LENGTH), AXIS_LABEL);
            }
            label(a.columns().title(), new Point3D((x0 + x1) / 2, floor, near - 10 * TICK_LENGTH), AXIS_TITLE);
            // value: up at the near left corner
            line(new Point3D(left, floor, near), new Point3D(left, ceiling, near), ink);
            for (SurfaceAxes.Tick t : a.value().ticks()) {
                double y = floor + t.fraction() * (ceiling - floor);
                line(new Point3D(left, y, near), new Point3D(left - TICK_LENGTH, y, near), ink);
                label(t.label(), new Point3D(left - 3 * TICK_LENGTH, y, near), AXIS_LABEL);
            }
            label(a.value().title(), new Point3D(left, ceiling - 3 * TICK_LENGTH, near), AXIS_TITLE);
        }

        /** A thin cylinder from a to b. */
        private void line(Point3D a, Point3D b, PhongMaterial ink) {
            Point3D d = b.subtract(a);
            double length = d.magnitude();
            if (length == 0) {
                return;
            }
            Cylinder c = new Cylinder(0.9, length);
            c.setMaterial(ink);
            Point3D mid = a.midpoint(b);
            c.setTranslateX(mid.getX());
            c.setTranslateY(mid.getY());
            c.setTranslateZ(mid.getZ());
            Point3D axis = new Point3D(0, 1, 0).crossProduct(d);
            double angle = Math.toDegrees(Math.acos(d.normalize().getY()));
            if (axis.magnitude() > 1e-9) {
                c.getTransforms().add(new Rotate(angle, axis));
            }
            axisLines.getChildren().add(c);
        }

        private void label(String text, Point3D anchor, String styleClass) {
            Label l = new Label(text);
            l.getStyleClass().add(styleClass);
            l.setManaged(false);
            labels.getChildren().add(l);
            anchors.add(anchor);
        }

        /** Puts each label, centred, on its anchor's projection; a label behind the camera hides. */
        private void placeLabels() {
            if (getScene() == null || getScene().getWindow() == null) {
                return;
            }
            for (int i = 0; i < anchors.size(); i++) {
                Label l = (Label) labels.getChildren().get(i);
                Point3D a = anchors.get(i);
                Point2D screen = world.localToScreen(a.getX(), a.getY(), a.getZ());
                Point2D local = screen == null ? null : labels.screenToLocal(screen);
                l.setVisible(local != null);
                if (local != null) {
                    l.autosize();
                    l.relocate(local.getX() - l.getWidth() / 2, local.getY() - l.getHeight() / 2);
                }
            }
        }

        private void recolour() {
            LayerWeights w = weights.get();
            SurfaceGrid g = w == null ? null : w.surface();
            if (g == null || g.values().length == 0 || colours == null) {
                return;
            }
            double t = threshold.get();
            int pruned = colours.legend().prunedArgb();
            WritableImage image = new WritableImage(g.cols(), g.rows());
            PixelWriter writer = image.getPixelWriter();
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.cols(); c++) {
                    float v = g.value(r, c);
                    writer.setArgb(c, r, Math.abs(v) < t ? pruned : colours.argb(v));
                }
            }
            material.setDiffuseMap(image);
            upperPlane.setTranslateY(-t * heightScale);
            lowerPlane.setTranslateY(t * heightScale);
            upperPlane.setVisible(t > 0);
            lowerPlane.setVisible(t > 0);
            legend.setVisible(true);
            legend.showScale(colours.legend(), t > 0 ? "grey: all |w| < "
                    + String.format(java.util.Locale.ROOT, "%.3g", t) : "height and colour = value", t > 0);
        }

        /** The weight under the pointer, read from where the ray meets the surface. */
        private void pointAt(PickResult pick) {
            Point2D tex = pick == null || pick.getIntersectedNode() != surface ? null : pick.getIntersectedTexCoord();
            if (tex == null || readout == null) {
                hoverText.set("");
                marker.setVisible(false);
                return;
            }
            SurfaceReadout.Weight weight = readout.weightAtTexCoord(tex.getX(), tex.getY());
            double t = threshold.get();
            hoverText.set(weight.describe() + (t > 0 && Math.abs(weight.value()) < t ? "  — below the threshold" : ""));
            Point3D p = pick.getIntersectedPoint();
            marker.setTranslateX(p.getX());
            marker.setTranslateY(p.getY());
            marker.setTranslateZ(p.getZ());
            marker.setVisible(true);
        }
    }

    /** The layer shown; its {@link LayerWeights#surface()} is drawn, its values answer the hover. */
    public ObjectProperty<LayerWeights> weightsProperty() {
        return weights;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** The axes' titles and ticks for the layer shown (also where 3D is not available). */
    public ReadOnlyObjectProperty<SurfaceAxes> axesProperty() {
        return axes.getReadOnlyProperty();
    }

    /** What the pointer is on: the weight and its value, empty off the surface. */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }
}
