package dev.shears.onnx;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks find the torchvision exports that make_torchvision.py writes (not committed: 60 MB). */
final class TorchvisionFiles {
    private TorchvisionFiles() {
    }

    /** target/torchvision/NAME.onnx, or a folder given with -Dshears.torchvision=…; a sentence when it is absent. */
    static Path require(String name) {
        Path file = Path.of(System.getProperty("shears.torchvision", "target/torchvision")).resolve(name + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Skipped: " + file.toAbsolutePath() + " is absent. Make it with"
                    + " /usr/bin/python3 src/test/fixtures/onnx/make_torchvision.py (needs python3-torch,"
                    + " python3-torchvision, python3-onnx).");
        }
        return file;
    }
}
