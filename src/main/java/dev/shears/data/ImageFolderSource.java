package dev.shears.data;

import dev.shears.model.ImageGeometry;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of images, read with {@code javax.imageio} (PNG, JPEG, BMP, GIF — the first frame).
 * <ul>
 *   <li>Labelled when sub-folders hold images: each sub-folder is a class, class index = position of
 *       its name in sorted order (torchvision {@code ImageFolder}, Keras {@code image_dataset_from_directory}),
 *       its images found at any depth below it. A class folder without images is refused. Images
 *       lying directly in the root are then ignored, with a note.</li>
 *   <li>Unlabelled when no sub-folder holds images: the root's images, no labels.</li>
 *   <li>Order: class by class, and within a class by relative path; option {@code range} counts in this order.</li>
 *   <li>Files and folders whose names start with "." are ignored; so are files of other types.</li>
 *   <li>Every image is decoded once, when the source is opened, on all cores, into an
 *       {@link ExampleCache}; {@link #read} only copies floats.</li>
 *   <li>Unreadable images (corrupt, truncated, an unsupported variant) are <b>skipped and counted</b>,
 *       not refused: one bad file in thousands should not stop an evaluation. {@link #skipped()} names
 *       them and {@link #notes()} says so in a sentence. When none can be read, opening fails.</li>
 * </ul>
 * Preprocessing is {@link ImagePreprocessing}'s; options {@code mean} and {@code std} apply after scaling to [0, 1].
 */
final class ImageFolderSource extends OpenedSource {
    static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");
    static final String READABLE = "PNG, JPEG, BMP and GIF";
    /** 8192 × 8192: far beyond what a network takes, far below what fills the heap (4 bytes a pixel). */
    static final long MAX_PIXELS = 8192L * 8192;
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderSource.class);
    private static final int NAMES_IN_NOTE = 5;

    private final CachedExamples examples;
    private final int[] labelsByItem;
    private final List<Path> skipped;
    private final List<String> notes;
    private final AtomicInteger decodes;

    private ImageFolderSource(String name, List<String> classNames, TensorShape shape,
            CachedExamples examples, int[] labelsByItem, List<Path> skipped, List<String> notes, String fingerprint,
            AtomicInteger decodes) {
        super(name, shape, classNames, labelsByItem != null, fingerprint);
        this.examples = examples;
        this.labelsByItem = labelsByItem;
        this.skipped = skipped;
        this.notes = notes;
        this.decodes = decodes;
    }

    static ImageFolderSource open(DataSpec spec, ModelInput input, long cacheBytes) throws DataException {
        Path root = spec.path();
        if (!Files.isDirectory(root)) {
            throw new DataException(root + " is a file, not a folder; an image folder holds images, or one sub-folder "
                    + "of images per class.");
        }
        if (!input.isKnown()) {
            throw new DataException("The model does not record the size of its input, so Shears cannot tell what size "
                    + "to make the images in " + root + ".");
        }
        ImageGeometry geometry = input.image().orElseThrow(() -> new DataException("The model takes "
                + input.shape() + " features, not images, so it cannot read the image folder " + root + "."));
        Listing listing = list(root);
        List<Path> files = listing.files();
        List<String> classes = listing.classes();
        List<String> notes = new ArrayList<>(listing.notes());
        if (files.isEmpty()) {
            throw new DataException("The folder " + root + " has no images; Shears reads " + READABLE
                    + " files, in the folder itself or in one sub-folder per class.");
        }
        SourceOptions.Range range = SourceOptions.range(spec, files.size(), root);
        List<Path> chosen = files.subList(range.from(), range.to());
        boolean labelled = !classes.isEmpty() && !spec.unlabelled();
        int[] labelsByItem = labelled
                ? listing.labels().subList(range.from(), range.to()).stream().mapToInt(Integer::intValue).toArray() : null;

        ImagePreprocessing preprocessing = new ImagePreprocessing(geometry,
                SourceOptions.perChannel(spec, "mean", geometry.channels(), 0f),
                SourceOptions.perChannel(spec, "std", geometry.channels(), 1f));
        byte[][] hashes = new byte[chosen.size()][];
        AtomicInteger decodes = new AtomicInteger();
        CachedExamples examples;
        try {
            examples = CachedExamples.decode(chosen.size(), input.shape(), cacheBytes, (item, out) -> {
                try {
                    byte[] bytes = Files.readAllBytes(chosen.get(item));
                    hashes[item] = Fingerprint.hash(bytes);
                    decodes.incrementAndGet();
                    preprocessing.apply(ImagePreprocessing.pixels(decode(bytes)), out, 0);
                } catch (Exception | LinkageError e) {
                    LOG.warn("{} could not be read and is skipped", chosen.get(item), e);
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new DataException("Could not decode the images of " + root + " (" + e.getMessage() + ").", e);
        }
        List<Path> skipped = examples.failed().stream().map(chosen::get).toList();
        if (examples.size() == 0) {
            throw new DataException("None of the " + chosen.size() + " images in " + root + " could be read (the first is "
                    + relativeName(root, chosen.get(0)) + "); Shears reads " + READABLE + " files.");
        }
        if (!skipped.isEmpty()) {
            notes.add(0, skippedSentence(root, skipped));
        }
        Fingerprint fingerprint = new Fingerprint(spec, input.shape() + " " + preprocessing.describe());
        for (int item = 0; item < chosen.size(); item++) {
            // an unreadable file has no hash when reading its bytes failed; its name still counts
            byte[] hash = hashes[item] == null ? new byte[0] : hashes[item];
            fingerprint.fileHash(relativeName(root, chosen.get(item)), hash);
        }
        String name = root.getFileName() + "/ (image folder" + (labelled ? ", " + classes.size() + " classes" : "")
                + ")" + range.describe(files.size());
        return new ImageFolderSource(name, labelled ? List.copyOf(classes) : List.of(), input.shape(), examples,
                labelsByItem, skipped, List.copyOf(notes), fingerprint.hex(), decodes);
    }

    /** The images to read in order, their class indices (when in class folders), class names and notes. */
    private record Listing(List<Path> files, List<Integer> labels, List<String> classes, List<String> notes) {
    }

    /** Class folders when any sub-folder holds images (each must), else the root's own images. */
    private static Listing list(Path root) throws DataException {
        List<Path> looseImages = imagesIn(root, false);
        List<Path> folders = children(root).stream().filter(Files::isDirectory).toList();
        List<List<Path>> perClass = new ArrayList<>();
        for (Path folder : folders) {
            perClass.add(imagesIn(folder, true));
        }
        if (perClass.stream().allMatch(List::isEmpty)) {
            return new Listing(looseImages, List.of(), List.of(), List.of());
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < folders.size(); c++) {
            if (perClass.get(c).isEmpty()) {
                throw new DataException("The class folder " + folders.get(c) + " has no images; Shears reads "
                        + READABLE + " files (remove the folder or add its images).");
            }
            classes.add(folders.get(c).getFileName().toString());
            for (Path image : perClass.get(c)) {
                files.add(image);
                labels.add(c);
            }
        }
        List<String> notes = looseImages.isEmpty() ? List.of() : List.of(looseImages.size()
                + (looseImages.size() == 1 ? " image directly in " + root + " was" : " images directly in " + root + " were")
                + " ignored: the images are sorted into class folders.");
        return new Listing(files, labels, classes, notes);
    }

    /** "3 images could not be read and were skipped: a.png, b.jpg, c.gif." */
    private static String skippedSentence(Path root, List<Path> skipped) {
        StringBuilder sentence = new StringBuilder().append(skipped.size())
                .append(skipped.size() == 1 ? " image could not be read and was skipped: "
                        : " images could not be read and were skipped: ");
        for (int i = 0; i < Math.min(NAMES_IN_NOTE, skipped.size()); i++) {
            sentence.append(i == 0 ? "" : ", ").append(relativeName(root, skipped.get(i)));
        }
        if (skipped.size() > NAMES_IN_NOTE) {
            sentence.append(" and ").append(skipped.size() - NAMES_IN_NOTE).append(" more");
        }
        return sentence.append('.').toString();
    }

    /** Decodes with a reader of the file's actual format (never by extension) and no disk cache. */
    private static BufferedImage decode(byte[] bytes) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image format Java reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS || pixels <= 0) {
                    // the header's size is allocated before a pixel is read: 100000 × 100000 fills any heap
                    throw new IOException("its header says " + reader.getWidth(0) + " × " + reader.getHeight(0)
                            + " pixels; Shears decodes images of up to " + (MAX_PIXELS / 1_000_000) + " megapixels");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    private static String relativeName(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> children(Path folder) throws DataException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new DataException("Could not list the folder " + folder + " (" + e.getMessage() + ").", e);
        }
    }

    /** Image files in {@code folder}, sorted by relative path; below it too when {@code deep}. */
    static List<Path> imagesIn(Path folder, boolean deep) throws DataException {
        try (Stream<Path> entries = deep ? Files.walk(folder) : Files.list(folder)) {
            return entries.filter(p -> Files.isRegularFile(p) && isImageName(p) && !hidden(folder, p))
                    .sorted(Comparator.comparing(p -> relativeName(folder, p))).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataException("Could not list the folder " + folder + " (" + e.getMessage() + ").", e);
        }
    }

    static boolean isImageName(Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path folder, Path file) {
        for (Path part : folder.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Unreadable images that were left out, in order. */
    List<Path> skipped() {
        return skipped;
    }

    /** How many images have been decoded since opening — once each, however often the data is read. */
    int decodes() {
        return decodes.get();
    }

    boolean spilled() {
        return examples.spilled();
    }


    @Override
    public int size() {
        return examples.size();
    }





    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public Examples read(int[] indices) throws DataException {
        return examples.read(indices, labelsByItem, name());
    }
}
