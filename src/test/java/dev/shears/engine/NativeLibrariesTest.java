package dev.shears.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The first-start notice: pending only while ND4J's libraries are not in JavaCPP's cache yet. */
class NativeLibrariesTest {
    private static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";
    private final String cacheDir = System.getProperty(CACHE_DIR);

    @AfterEach
    void restoreCacheDir() {
        if (cacheDir == null) {
            System.clearProperty(CACHE_DIR);
        } else {
            System.setProperty(CACHE_DIR, cacheDir);
        }
    }

    @Test
    void nothingIsPendingOnceNd4jHasStarted() {
        Nd4j.create(1);
        assertThat(NativeLibraries.pendingUnpacking()).isEmpty();
    }

    @Test
    void anEmptyCacheMeansTheLibrariesWillBeUnpackedThere(@TempDir Path emptyCache) {
        System.setProperty(CACHE_DIR, emptyCache.toString());

        Optional<NativeLibraries.Unpacking> pending = NativeLibraries.pendingUnpacking();

        assertThat(pending).isPresent();
        assertThat(pending.get().cache()).isEqualTo(emptyCache);
        assertThat(pending.get().bytes()).as("libnd4jcpu.so alone is over 300 MB").isGreaterThan(300_000_000L);
        assertThat(pending.get().sentence()).startsWith("First start: unpacking the numeric libraries (about ")
                .contains(emptyCache.toString());
    }
}
