package dev.shears.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shears.data.Examples;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.model.TensorShape;
import dev.shears.onnx.convert.Dl4jToOnnx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime started from a thread with a 1 MB stack, in a fresh JVM (the environment is created
 * once per process): it used to die with SIGSEGV there.
 */
class OrtEnvironmentsTest {
    @TempDir
    Path dir;

    @Test
    void startsAndRunsFromAOneMegabyteStackThread() throws Exception {
        Path onnx = dir.resolve("lenet-5.onnx");
        Files.write(onnx, Dl4jToOnnx.convert(ModelLoader.load(SampleLocations.sampleModel("lenet-5")).network(),
                TensorShape.of(784), 1).onnxBytes());
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SmallStackRun.class.getName(), onnx.toString()))
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("10 outputs for 3 examples");
    }

    /** The child JVM: everything ONNX Runtime on a new thread with a 1 MB stack. */
    static final class SmallStackRun {
        public static void main(String[] args) throws Exception {
            byte[] model = Files.readAllBytes(Path.of(args[0]));
            Thread small = new Thread(null, () -> {
                try (OrtEngine ort = new OrtEngine(model, 1)) {
                    Outputs out = ort.run(Examples.unlabelled(new float[3 * 784], 3, TensorShape.of(784)));
                    System.out.println(out.width() + " outputs for " + out.count() + " examples");
                } catch (ai.onnxruntime.OrtException e) {
                    throw new IllegalStateException(e);
                }
            }, "small-stack", 1L << 20);
            small.start();
            small.join();
        }
    }
}
