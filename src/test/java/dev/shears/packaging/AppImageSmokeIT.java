package dev.shears.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.io.ModelLoader;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app-image that {@code mvn verify} builds before this runs ({@code packaging/build.sh
 * --app-image-only} in pre-integration-test), started through its launcher as a user starts it: the
 * CLI, and the window under Xvfb. It catches what only the image can get wrong — a Java module the
 * trimmed runtime lacks, a native library not found in place, a launcher option.
 */
class AppImageSmokeIT {
    private static final Path REPO = Path.of(System.getProperty("shears.repo", ".")).toAbsolutePath();
    private static final Path LAUNCHER = REPO.resolve("target/dist/Shears/bin/Shears");
    private static final Path LENET5 = REPO.resolve("sample-models/lenet-5.zip");
    private static final boolean ON_CI = System.getenv("CI") != null;

    @BeforeAll
    static void theImageIsBuilt() {
        assertThat(LAUNCHER).as("the app-image's launcher: mvn verify builds it with packaging/build.sh --app-image-only")
                .isExecutable();
    }

    @Test
    void inspectJsonFromTheLauncherDescribesLenet5LayerByLayerAsTheLibraryDoes(@TempDir Path settings) throws Exception {
        Path out = settings.resolve("out.json");
        Path err = settings.resolve("err.txt");
        Process inspect = launcher(settings, Map.of(), "inspect", LENET5.toString(), "--json")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(inspect.waitFor(10, TimeUnit.MINUTES)).as("inspect finished").isTrue();
        assertThat(inspect.exitValue()).as(Files.readString(err)).isZero();

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        NetworkGraph graph = ModelLoader.load(LENET5).graph();
        List<String> fromImage = new ArrayList<>();
        for (JsonNode layer : json.get("layers")) {
            fromImage.add(layer.get("name").asText() + " " + layer.get("outputShape").asText() + " "
                    + layer.get("params").asLong() + " " + layer.get("macs").asLong());
        }
        List<String> fromLibrary = new ArrayList<>();
        for (LayerNode node : graph.nodes()) {
            fromLibrary.add(node.name() + " " + node.outputShape() + " " + node.paramCount() + " " + node.macs());
        }
        assertThat(fromImage).containsExactlyElementsOf(fromLibrary);
        // the sample's documented size (sample-models/README.md), so that both cannot be wrong alike
        assertThat(json.get("totals").get("params").asLong()).isEqualTo(431_080L).isEqualTo(graph.totalParams());
        assertThat(json.get("totals").get("macs").asLong()).isEqualTo(2_293_000L).isEqualTo(graph.totalMacs());
    }

    @Test
    void theWindowDrawsLenet5sLayerTreeUnderXvfb(@TempDir Path temp) throws Exception {
        requireTool("Xvfb", "xvfb");
        requireTool("import", "imagemagick");
        int display = freeDisplay();
        Process xvfb = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-br")
                .redirectErrorStream(true).redirectOutput(temp.resolve("xvfb.txt").toFile()).start();
        Process window = null;
        Path log = temp.resolve("window.txt");
        try {
            awaitSocket(display, xvfb);
            window = launcher(temp.resolve("settings"), Map.of("DISPLAY", ":" + display), LENET5.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitModelShown(window, log);
            Path png = temp.resolve("window.png");
            // the frame that laid the model out reaches the X server a moment later: look until it is there
            WindowShot shot = null;
            for (int attempt = 0; attempt < 60; attempt++) {
                shot = WindowShot.take(display, png);
                if (shot.treeColours() >= 16) {
                    break;
                }
                Thread.sleep(500);
            }
            Files.copy(png, REPO.resolve("target/app-image-window.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(shot.windowWidth()).as("window width (a window was mapped)").isGreaterThanOrEqualTo(720);
            assertThat(shot.windowColours()).as("distinct colours in the window").isGreaterThanOrEqualTo(64);
            assertThat(shot.treeColours()).as("distinct colours where the layer tree is (text, not a blank pane)")
                    .isGreaterThanOrEqualTo(16);
        } finally {
            if (window != null) {
                window.destroy();
                window.waitFor(30, TimeUnit.SECONDS);
            }
            xvfb.destroy();
            xvfb.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the launcher with a fresh settings folder, so no start reads or writes the user's. */
    private static ProcessBuilder launcher(Path settings, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dshears.config.dir=" + settings + " -Dshears.reportStartup=true");
        return builder;
    }

    private static void requireTool(String command, String debianPackage) throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        if (!present && ON_CI) {
            fail(command + " is missing: .ci/run installs " + debianPackage);
        }
        Assumptions.assumeTrue(present, "the window's smoke test needs " + command + " (apt-get install " + debianPackage
                + "); CI always has it");
    }

    /** The first X display number from 100 on that no server holds (lock file or socket). */
    private static int freeDisplay() {
        for (int n = 100; n < 200; n++) {
            if (!Files.exists(Path.of("/tmp/.X" + n + "-lock")) && !Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number between 100 and 199");
    }

    private static void awaitSocket(int display, Process xvfb) throws InterruptedException {
        Path socket = Path.of("/tmp/.X11-unix/X" + display);
        for (int i = 0; i < 300 && !Files.exists(socket); i++) {
            assertThat(xvfb.isAlive()).as("Xvfb :%d is running", display).isTrue();
            Thread.sleep(100);
        }
        assertThat(socket).as("Xvfb's socket").exists();
    }

    private static void awaitModelShown(Process window, Path log) throws Exception {
        for (int i = 0; i < 6000; i++) { // ten minutes: a build machine shared with other builds is slow
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (text.contains("startup: first model shown")) {
                return;
            }
            if (!window.isAlive()) {
                fail("the window ended (status " + window.exitValue() + ") before showing lenet-5:\n" + text);
            }
            Thread.sleep(100);
        }
        fail("the window did not show lenet-5 within ten minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * A screenshot of the whole display (ImageMagick's {@code import}), the window found as the box of
     * pixels that are not the black background, the layer tree's names and types as a strip at its left
     * below the menu (uniform while the window shows only its empty state).
     */
    private record WindowShot(int windowWidth, int windowColours, int treeColours) {
        static WindowShot take(int display, Path png) throws IOException, InterruptedException {
            Process imp = new ProcessBuilder("import", "-display", ":" + display, "-window", "root", png.toString())
                    .redirectErrorStream(true).start();
            String output = new String(imp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(imp.waitFor()).as("import: " + output).isZero();
            BufferedImage image = ImageIO.read(png.toFile());
            int left = image.getWidth(), top = image.getHeight(), right = -1, bottom = -1;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if ((image.getRGB(x, y) & 0xFFFFFF) != 0) {
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
            if (right < 0) {
                return new WindowShot(0, 0, 0);
            }
            int width = right - left + 1;
            int height = bottom - top + 1;
            // the tree's Layer and Type columns; the empty state's centred sentence starts right of them
            return new WindowShot(width, colours(image, left, top, width, height),
                    colours(image, left + width / 100, top + height * 12 / 100, width * 19 / 100, height * 43 / 100));
        }

        private static int colours(BufferedImage image, int x0, int y0, int width, int height) {
            Set<Integer> seen = new HashSet<>();
            for (int y = y0; y < y0 + height; y++) {
                for (int x = x0; x < x0 + width; x++) {
                    seen.add(image.getRGB(x, y) & 0xFFFFFF);
                }
            }
            return seen.size();
        }
    }
}
