package dev.shears.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Guesses how to read a file or folder a user picked:
 * <ul>
 *   <li>a folder holding {@code *-images-idx3-ubyte[.gz]} → {@link DataKind#IDX} (with train and t10k
 *       files the source takes t10k; options {@code images}/{@code labels} choose others);</li>
 *   <li>a folder with sub-folders of images → labelled {@link DataKind#IMAGE_FOLDER};</li>
 *   <li>a folder of images only → unlabelled {@link DataKind#IMAGE_FOLDER};</li>
 *   <li>an IDX images file → {@link DataKind#IDX}; {@code .npz} → NPZ; {@code .npy} → NPY; {@code .csv} → CSV.</li>
 * </ul>
 * Options other than what the path says are left to the user; the sources apply their own defaults.
 */
public final class DataSpecs {
    private static final String WHAT_SHEARS_READS = "Shears reads a folder of IDX files (like Fashion-MNIST), a folder of "
            + ImageFolderSource.READABLE + " images (one sub-folder per class for labels), a .npz, a .npy or a .csv file.";

    private DataSpecs() {
    }

    public static DataSpec detect(Path path) throws DataException {
        if (!Files.exists(path)) {
            throw new DataException("There is no file or folder at " + path.toAbsolutePath().normalize() + ".");
        }
        if (Files.isDirectory(path)) {
            return detectFolder(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return DataSpec.of(DataKind.NPZ, path);
        }
        if (name.endsWith(".npy")) {
            return DataSpec.of(DataKind.NPY, path);
        }
        if (name.endsWith(".csv")) {
            return DataSpec.of(DataKind.CSV, path);
        }
        if (name.endsWith("-images-idx3-ubyte") || name.endsWith("-images-idx3-ubyte.gz")) {
            return DataSpec.of(DataKind.IDX, path);
        }
        throw new DataException("Shears cannot tell what kind of data " + path.toAbsolutePath().normalize() + " holds. "
                + WHAT_SHEARS_READS);
    }

    private static DataSpec detectFolder(Path folder) throws DataException {
        if (!IdxSource.idxImageFiles(folder).isEmpty()) {
            return DataSpec.of(DataKind.IDX, folder);
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new DataException("Could not list the folder " + folder + " (" + e.getMessage() + ").", e);
        }
        if (entries.isEmpty()) {
            throw new DataException("The folder " + folder.toAbsolutePath().normalize() + " is empty. " + WHAT_SHEARS_READS);
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry) && !ImageFolderSource.imagesIn(entry, true).isEmpty()) {
                return DataSpec.of(DataKind.IMAGE_FOLDER, folder);
            }
        }
        if (!ImageFolderSource.imagesIn(folder, false).isEmpty()) {
            return DataSpec.of(DataKind.IMAGE_FOLDER, folder).with("unlabelled", "true");
        }
        throw new DataException("The folder " + folder.toAbsolutePath().normalize() + " holds no data Shears reads. "
                + WHAT_SHEARS_READS);
    }
}
