package dev.shears.ui.weights;

import dev.shears.analysis.SurfaceGrid;
import dev.shears.ui.Styles;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.PerspectiveCamera;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SubScene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.Box;
import javafx.scene.shape.CullFace;
import javafx.scene.shape.DrawMode;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.TriangleMesh;
import org.fxyz3d.utils.CameraTransformer;

/**
 * A 3D surface of a layer's weights (height = value, colour = value) with translucent threshold
 * planes at ±t; cells whose whole block lies under the threshold turn grey. Drag rotates, the wheel
 * zooms. Where the platform has no 3D (software rendering), it says so instead.
 */
public final class Surface3DView extends StackPane {
    static final int MAX_CELLS_PER_SIDE = 256;
    private static final double EXTENT = 400;
    private static final Color PRUNED = Color.web("#b9bec6");

    private final ObjectProperty<SurfaceGrid> grid = new SimpleObjectProperty<>(this, "grid");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold");
    private final Group world = new Group();
    private final MeshView surface = new MeshView();
    private final PhongMaterial material = new PhongMaterial(Color.WHITE);
    private final Box upperPlane = new Box();
    private final Box lowerPlane = new Box();
    private final AmbientLight light = new AmbientLight(Color.WHITE);
    private javafx.beans.InvalidationListener followTheme;
    private final CameraTransformer cameraTransform = new CameraTransformer();
    private final PerspectiveCamera camera = new PerspectiveCamera(true);
    private double heightScale = 1;
    private double dragX;
    private double dragY;

    public Surface3DView() {
        setId("surface3d");
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
        surface.setMaterial(material);
        surface.setCullFace(CullFace.NONE);
        surface.setDrawMode(DrawMode.FILL);
        PhongMaterial planeMaterial = new PhongMaterial(Color.color(0.82, 0.29, 0.36, 0.28));
        upperPlane.setMaterial(planeMaterial);
        lowerPlane.setMaterial(planeMaterial);
        world.getChildren().addAll(surface, upperPlane, lowerPlane, light);
        camera.setNearClip(0.1);
        camera.setFarClip(10_000);
        camera.setTranslateZ(-3.4 * EXTENT);
        cameraTransform.getChildren().add(camera);
        cameraTransform.rx.setAngle(-35);
        cameraTransform.ry.setAngle(-25);
        Group root = new Group(world, cameraTransform);
        SubScene subScene = new SubScene(root, 400, 300, true, SceneAntialiasing.BALANCED);
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
        getChildren().add(subScene);
        setMinSize(0, 0);

        setOnMousePressed(e -> {
            dragX = e.getSceneX();
            dragY = e.getSceneY();
        });
        setOnMouseDragged(e -> {
            cameraTransform.ry.setAngle(cameraTransform.ry.getAngle() + (e.getSceneX() - dragX) * 0.3);
            cameraTransform.rx.setAngle(cameraTransform.rx.getAngle() - (e.getSceneY() - dragY) * 0.3);
            dragX = e.getSceneX();
            dragY = e.getSceneY();
        });
        setOnScroll(e -> camera.setTranslateZ(Math.min(-0.3 * EXTENT,
                camera.getTranslateZ() + e.getDeltaY() * 1.5)));
        grid.addListener(o -> rebuild());
        threshold.addListener(o -> recolour());
    }

    private void rebuild() {
        SurfaceGrid g = grid.get();
        if (g == null || g.values().length == 0) {
            surface.setMesh(null);
            return;
        }
        double cell = EXTENT / Math.max(g.rows(), g.cols());
        double max = g.maxMagnitude();
        heightScale = max == 0 ? 1 : 0.25 * EXTENT / max;
        TriangleMesh mesh = new TriangleMesh();
        float[] points = new float[g.rows() * g.cols() * 3];
        float[] tex = new float[g.rows() * g.cols() * 2];
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                int i = r * g.cols() + c;
                points[3 * i] = (float) ((c - (g.cols() - 1) / 2.0) * cell);
                points[3 * i + 1] = (float) (-g.values()[i] * heightScale);
                points[3 * i + 2] = (float) ((r - (g.rows() - 1) / 2.0) * cell);
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
        double width = cell * g.cols();
        double depth = cell * g.rows();
        for (Box plane : new Box[] {upperPlane, lowerPlane}) {
            plane.setWidth(width);
            plane.setDepth(depth);
            plane.setHeight(0.5);
        }
        recolour();
    }

    private void recolour() {
        SurfaceGrid g = grid.get();
        if (g == null || g.values().length == 0) {
            return;
        }
        double t = threshold.get();
        double max = Math.max(1e-12, g.maxMagnitude());
        WritableImage image = new WritableImage(g.cols(), g.rows());
        PixelWriter writer = image.getPixelWriter();
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                float v = g.values()[r * g.cols() + c];
                writer.setColor(c, r, Math.abs(v) < t ? PRUNED : diverging(v / max));
            }
        }
        material.setDiffuseMap(image);
        upperPlane.setTranslateY(-t * heightScale);
        lowerPlane.setTranslateY(t * heightScale);
        upperPlane.setVisible(t > 0);
        lowerPlane.setVisible(t > 0);
    }

    /** Blue (negative) – white (0) – red (positive). */
    private static Color diverging(double x) {
        double s = Math.max(-1, Math.min(1, x));
        return s < 0 ? Color.WHITE.interpolate(Color.web("#2166ac"), -s) : Color.WHITE.interpolate(Color.web("#b2182b"), s);
    }

    public ObjectProperty<SurfaceGrid> gridProperty() {
        return grid;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }
}
