package dev.shears.data;

import dev.shears.io.IdxReader;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * MNIST-family IDX files: an images file ({@code *-images-idx3-ubyte}, gzipped or not) and, unless
 * option {@code unlabelled}, its labels file. {@code path} is the images file or a folder holding
 * them; in a folder option {@code images=FILE} picks the images and otherwise the only images file is
 * used, or {@code t10k} when there are several (Fashion-MNIST's test set); option {@code labels=FILE}
 * picks the labels, otherwise the file with the same prefix ({@code t10k-labels-idx1-ubyte[.gz]}).
 * <p>Pixels go through {@link ImagePreprocessing} like image-folder pixels, so equal pixels give equal
 * floats. When the model takes the images as they are (grey, same size), examples are computed from
 * the bytes on each read (cheap); otherwise every image is resized once, when opened, into an
 * {@link ExampleCache}. A model that takes plain features of rows·cols values gets the flat image.
 */
final class IdxSource extends OpenedSource {
    private static final String IMAGES_SUFFIX = "-images-idx3-ubyte";
    private static final String LABELS_SUFFIX = "-labels-idx1-ubyte";

    private final IdxReader.Images images;
    private final int[] labelsByItem;
    private final SourceOptions.Range range;
    private final ImagePreprocessing preprocessing;
    private final CachedExamples resized;

    private IdxSource(String name, TensorShape shape, IdxReader.Images images, int[] labelsByItem,
            SourceOptions.Range range, ImagePreprocessing preprocessing, CachedExamples resized, List<String> classNames,
            String fingerprint) {
        super(name, shape, classNames, labelsByItem != null, fingerprint);
        this.images = images;
        this.labelsByItem = labelsByItem;
        this.range = range;
        this.preprocessing = preprocessing;
        this.resized = resized;
    }

    static IdxSource open(DataSpec spec, ModelInput input, long cacheBytes) throws DataException {
        Path imagesFile = imagesFile(spec);
        Path folder = imagesFile.getParent();
        Optional<Path> labelsFile = spec.unlabelled() ? Optional.empty() : labelsFile(spec, imagesFile);
        IdxReader.Images images = readImages(imagesFile);
        byte[] labelBytes = labelsFile.isPresent() ? readLabels(labelsFile.get()) : null;
        if (labelBytes != null && labelBytes.length != images.count()) {
            throw new DataException("The labels file " + labelsFile.get() + " has " + labelBytes.length
                    + " labels but the images file " + imagesFile + " has " + images.count() + " images.");
        }
        SourceOptions.Range range = SourceOptions.range(spec, images.count(), imagesFile);
        ImageGeometry geometry = geometry(input, images, imagesFile);
        TensorShape shape = input.isKnown() ? input.shape() : geometry.shape();
        ImagePreprocessing preprocessing = new ImagePreprocessing(geometry,
                SourceOptions.perChannel(spec, "mean", geometry.channels(), 0f),
                SourceOptions.perChannel(spec, "std", geometry.channels(), 1f));
        int[] labelsByItem = null;
        if (labelBytes != null) {
            labelsByItem = new int[range.size()];
            for (int i = 0; i < labelsByItem.length; i++) {
                labelsByItem[i] = labelBytes[range.from() + i] & 0xff;
            }
        }
        CachedExamples resized = null;
        if (geometry.channels() != 1 || geometry.height() != images.rows() || geometry.width() != images.cols()) {
            try {
                resized = CachedExamples.decode(range.size(), shape, cacheBytes, (item, out) -> preprocessing.apply(
                        ImagePreprocessing.grey(images.pixels(), (range.from() + item) * images.pixelsPerImage(),
                                images.rows(), images.cols()), out, 0));
            } catch (IOException e) {
                throw new DataException("Could not prepare the images of " + imagesFile + " (" + e.getMessage() + ").", e);
            }
        }
        Fingerprint fingerprint = new Fingerprint(spec, shape + " " + preprocessing.describe())
                .file(imagesFile.getFileName().toString(), imagesFile);
        if (labelsFile.isPresent()) {
            fingerprint.file(folder.relativize(labelsFile.get()).toString(), labelsFile.get());
        }
        String name = imagesFile.getFileName() + " (IDX" + (labelBytes == null ? ", unlabelled" : "") + ")"
                + range.describe(images.count());
        return new IdxSource(name, shape, images, labelsByItem, range, preprocessing, resized,
                SourceOptions.classNames(spec), fingerprint.hex());
    }

    /** The model's image geometry; for a feature model of rows·cols values, the flat grey image. */
    private static ImageGeometry geometry(ModelInput input, IdxReader.Images images, Path file) throws DataException {
        if (input.image().isPresent()) {
            return input.image().get();
        }
        ImageGeometry flat = new ImageGeometry(1, images.rows(), images.cols(), ImageLayout.FLAT_CHW);
        if (!input.isKnown() || input.shape().elements() == images.pixelsPerImage()) {
            return flat;
        }
        throw new DataException("The images in " + file + " are " + images.rows() + "×" + images.cols() + " grey ("
                + images.pixelsPerImage() + " values) but the model takes " + input.shape() + " features.");
    }

    private static Path imagesFile(DataSpec spec) throws DataException {
        Path path = spec.path();
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new DataException("There is no file or folder at " + path + ".");
        }
        String chosen = spec.options().get("images");
        if (chosen != null) {
            Path file = path.resolve(chosen);
            if (!Files.isRegularFile(file)) {
                throw new DataException("The images file " + file + " does not exist.");
            }
            return file;
        }
        List<Path> candidates = idxImageFiles(path);
        if (candidates.isEmpty()) {
            throw new DataException("The folder " + path + " has no IDX images file (named like t10k" + IMAGES_SUFFIX
                    + ".gz).");
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.stream().filter(p -> p.getFileName().toString().startsWith("t10k" + IMAGES_SUFFIX))
                .findFirst().orElseThrow(() -> new DataException("The folder " + path + " has several IDX images files ("
                        + String.join(", ", candidates.stream().map(p -> p.getFileName().toString()).toList())
                        + "); choose one with the option images=FILE."));
    }

    /** Files named {@code *-images-idx3-ubyte} or {@code *-images-idx3-ubyte.gz} in {@code folder}, sorted. */
    static List<Path> idxImageFiles(Path folder) throws DataException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> Files.isRegularFile(p) && prefix(p.getFileName().toString(), IMAGES_SUFFIX) != null)
                    .sorted().toList();
        } catch (IOException e) {
            throw new DataException("Could not list the folder " + folder + " (" + e.getMessage() + ").", e);
        }
    }

    private static Optional<Path> labelsFile(DataSpec spec, Path imagesFile) throws DataException {
        String chosen = spec.options().get("labels");
        Path folder = imagesFile.getParent();
        if (chosen != null) {
            Path file = folder.resolve(chosen);
            if (!Files.isRegularFile(file)) {
                throw new DataException("The labels file " + file + " does not exist.");
            }
            return Optional.of(file);
        }
        String prefix = prefix(imagesFile.getFileName().toString(), IMAGES_SUFFIX);
        if (prefix == null) {
            return Optional.empty();
        }
        return Stream.of(prefix + LABELS_SUFFIX + ".gz", prefix + LABELS_SUFFIX).map(folder::resolve)
                .filter(Files::isRegularFile).findFirst();
    }

    /** "t10k" for "t10k-images-idx3-ubyte.gz" and suffix "-images-idx3-ubyte"; null when the name does not fit. */
    private static String prefix(String fileName, String suffix) {
        String base = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        return base.endsWith(suffix) ? base.substring(0, base.length() - suffix.length()) : null;
    }

    private static IdxReader.Images readImages(Path file) throws DataException {
        try {
            return IdxReader.readImages(file);
        } catch (IOException e) {
            throw new DataException(sentence(file, e), e);
        }
    }

    private static byte[] readLabels(Path file) throws DataException {
        try {
            return IdxReader.readLabels(file);
        } catch (IOException e) {
            throw new DataException(sentence(file, e), e);
        }
    }

    /** IdxFormatException messages already read "FILE: problem". */
    private static String sentence(Path file, IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String problem = message.startsWith(file.toString() + ": ") ? message.substring(file.toString().length() + 2) : message;
        return "Could not read the IDX file " + file + ": " + problem + ".";
    }


    @Override
    public int size() {
        return range.size();
    }





    @Override
    public Examples read(int[] indices) throws DataException {
        if (resized != null) {
            return resized.read(indices, labelsByItem, name());
        }
        int per = preprocessing.floatsPerExample();
        float[] features = new float[indices.length * per];
        int[] labels = labelsByItem == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= range.size()) {
                throw new IndexOutOfBoundsException("example " + index + " of " + range.size());
            }
            preprocessing.apply(ImagePreprocessing.grey(images.pixels(), (range.from() + index) * images.pixelsPerImage(),
                    images.rows(), images.cols()), features, i * per);
            if (labels != null) {
                labels[i] = labelsByItem[index];
            }
        }
        return new Examples(features, indices.length, exampleShape(), Optional.ofNullable(labels));
    }
}
