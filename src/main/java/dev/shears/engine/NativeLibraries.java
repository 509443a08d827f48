package dev.shears.engine;

import dev.shears.task.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native libraries (ND4J and OpenBLAS, about 400 MB) come inside the jar. The first time ND4J
 * starts, JavaCPP unpacks them into its cache folder ({@code ~/.javacpp/cache}, or
 * {@code -Dorg.bytedeco.javacpp.cachedir}), which takes seconds to tens of seconds; later starts load
 * them from there. The installed app ships them unpacked and loads them in place, so nothing is
 * pending there. This class tells the jar's first start apart, so that the window and the CLI can say
 * what the wait is (src/site/decisions/0016-packaging-and-first-start.md).
 */
public final class NativeLibraries {
    /** The largest library; when it is cached at its full size, JavaCPP extracts nothing more of note. */
    private static final String ANCHOR = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so";
    /** The folders JavaCPP unpacks when ND4J starts (in the shaded jar all three are in one jar). */
    private static final List<String> UNPACKED = List.of("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/",
            "org/bytedeco/openblas/linux-x86_64/", "org/bytedeco/javacpp/linux-x86_64/");

    private NativeLibraries() {
    }

    /**
     * What the first start of ND4J will unpack, or empty when its libraries load in place (the
     * installed app) or are in the cache already. Cheap: one jar entry and one file size.
     */
    public static Optional<Unpacking> pendingUnpacking() {
        URL url = NativeLibraries.class.getClassLoader().getResource(ANCHOR);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jarConnection)) {
                return Optional.empty();
            }
            Path jar = Path.of(jarConnection.getJarFile().getName());
            long size = jarConnection.getJarEntry().getSize();
            // JavaCPP's cache: the property, else ~/.javacpp/cache, else a folder in the temp dir
            for (Path cache : cacheCandidates()) {
                Path cached = jarFolder(cache, jar).resolve(ANCHOR);
                if (Files.isRegularFile(cached) && Files.size(cached) == size) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Unpacking(jar, cacheCandidates().get(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // only a notice is lost; ND4J reports real failures itself
        }
    }

    private static List<Path> cacheCandidates() {
        String property = System.getProperty("org.bytedeco.javacpp.cachedir");
        Path home = Path.of(System.getProperty("user.home"), ".javacpp", "cache");
        Path temp = Path.of(System.getProperty("java.io.tmpdir"), ".javacpp-" + System.getProperty("user.name"), "cache");
        return property != null ? List.of(Path.of(property)) : List.of(home, temp);
    }

    /** Where JavaCPP puts what it unpacks from {@code jar}: a folder named after the jar file. */
    private static Path jarFolder(Path cache, Path jar) {
        return cache.resolve(jar.getFileName().toString());
    }

    /** The unpacking ND4J's first start does: from {@code jar} into {@code cache}. */
    public record Unpacking(Path jar, Path cache) {
        /** For a status line or the CLI's stderr. */
        public String sentence() {
            return "First start: unpacking the numeric libraries (about " + megabytes(bytes())
                    + " MB) into " + cache + " — later starts skip this";
        }

        /** The bytes of the libraries JavaCPP will unpack from this jar. */
        public long bytes() {
            try (JarFile file = new JarFile(jar.toFile())) {
                return file.stream().filter(e -> !e.isDirectory() && UNPACKED.stream().anyMatch(
                        folder -> e.getName().startsWith(folder))).mapToLong(JarEntry::getSize).sum();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Starts ND4J, which unpacks the libraries, on this thread (its failures are thrown here), while
         * reporting how much of them is on disk so far.
         */
        public void run(ProgressListener progress) {
            long total = Math.max(1, bytes());
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long done = unpackedBytes();
                    progress.progress(Math.min(1.0, (double) done / total), "First start: unpacking the numeric "
                            + "libraries, " + megabytes(done) + " of " + megabytes(total) + " MB (once)");
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "shears-unpack-progress");
            watcher.setDaemon(true);
            watcher.start();
            try {
                Nd4j.create(1);
            } finally {
                watcher.interrupt();
            }
        }

        private long unpackedBytes() {
            Path folder = jarFolder(cache, jar);
            if (!Files.isDirectory(folder)) {
                return 0;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }

        private static long megabytes(long bytes) {
            return Math.round(bytes / 1e6);
        }
    }
}
