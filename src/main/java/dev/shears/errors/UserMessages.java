package dev.shears.errors;

import ai.onnxruntime.OrtException;
import dev.shears.analysis.Formats;
import dev.shears.data.DataException;
import dev.shears.export.ExportException;
import dev.shears.io.IdxFormatException;
import dev.shears.io.ModelChangeException;
import dev.shears.io.ModelLoadException;
import dev.shears.onnx.OnnxFormatException;
import dev.shears.onnx.OnnxPruningException;
import dev.shears.onnx.convert.ConversionException;
import dev.shears.pruning.PruningSpecException;
import dev.shears.task.Cancellation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.deeplearning4j.exception.DL4JInvalidInputException;

/**
 * The one translator from a failure to what the user reads, for the CLI's {@code error:} line and the
 * window's dialogs and status lines alike: a sentence in the user's terms, never a stack trace, never
 * an exception's class name. Known failures get their own sentence (cancelled work, memory, data that
 * does not fit the model in DL4J or ONNX Runtime, missing files, permissions, a full disk, a missing
 * capability); Shears' own exceptions already carry sentences and pass through; anything else becomes
 * "Something went wrong while DOING: MESSAGE; details are in the log (WHERE)." The caller logs the
 * stack ({@link Logs#failure}).
 */
public final class UserMessages {
    /** Where the window's user finds the log. */
    public static final String APP_LOG = "Help ▸ Show log";
    private static final int MAX_DETAIL = 400;

    /** Exceptions whose message is written for the user (they name the file, layer or option). */
    private static final List<Class<? extends Throwable>> SENTENCES = List.of(ModelLoadException.class,
            OnnxFormatException.class, DataException.class, PruningSpecException.class, ExportException.class,
            ModelChangeException.class, OnnxPruningException.class, ConversionException.class,
            IdxFormatException.class);

    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*|\\b[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    /** ONNX Runtime's "Error code - ORT_FAIL - message: " and the bare "Error: " some of its messages start with. */
    private static final Pattern ORT_PREFIX = Pattern.compile("Error code - ORT_\\w+ - message:\\s*|(?<![\\w.])Error:\\s+");
    private static final Pattern CONV_CHANNELS = Pattern.compile(
            "layer name = ([^,]+),.*data input channels = (\\d+),.*expected input channels = (\\d+)", Pattern.DOTALL);
    private static final Pattern DL4J_LAYER_SUFFIX = Pattern.compile("\\s*\\(layer name: [^)]*\\)\\s*$");
    private static final Pattern FLATTEN_SIZE = Pattern.compile("numChannels=(\\d+), inputHeight=(\\d+), "
            + "inputWidth=(\\d+)\\]\\s*but got input array of shape \\[\\d+, (\\d+), (\\d+), (\\d+)\\]");
    private static final Pattern FLAT_COLUMNS = Pattern.compile(
            "rows (\\d+) x columns (\\d+) x channels (\\d+) but was instead \\[\\d+, (\\d+)\\]");
    private static final Pattern ORT_INVALID_NODE = Pattern.compile("In Node, \\(\"([^\"]*)\".*?, Error (.*)$",
            Pattern.DOTALL);
    private static final Pattern ORT_DIMENSIONS_INPUT = Pattern.compile("Got invalid dimensions for input: (\\S+)");
    private static final Pattern ORT_DIMENSION = Pattern.compile("index: (\\d+) Got: (\\d+) Expected: (\\d+)");

    private UserMessages() {
    }

    /** For the window: unknown failures point at Help ▸ Show log. */
    public static String describe(Throwable error, String doing) {
        return describe(error, doing, APP_LOG);
    }

    /**
     * What to tell the user about {@code error}.
     *
     * @param doing what the user was doing, as it continues "while …": "applying the pruning"
     * @param whereTheLogIs how the user finds the log: a menu path, or the file for the CLI
     */
    public static String describe(Throwable error, String doing, String whereTheLogIs) {
        Throwable top = unwrap(error);
        List<Throwable> chain = chain(top);
        if (chain.stream().anyMatch(UserMessages::isCancellation)) {
            return capitalize(doing) + " was cancelled.";
        }
        Optional<OutOfMemoryError> oom = find(chain, OutOfMemoryError.class);
        if (oom.isPresent()) {
            return memory(chain, doing);
        }
        if (top instanceof ModelLoadException || top instanceof OnnxFormatException) {
            return clean(top.getMessage());
        }
        Optional<String> misfit = chain.stream().map(UserMessages::dataDoesNotFit).flatMap(Optional::stream)
                .findFirst();
        if (misfit.isPresent()) {
            return misfit.get();
        }
        Optional<OrtException> ort = find(chain, OrtException.class);
        if (ort.isPresent()) {
            return onnxRuntime(ort.get());
        }
        if (SENTENCES.stream().anyMatch(type -> type.isInstance(top)) && top.getMessage() != null) {
            return clean(top.getMessage());
        }
        if (chain.stream().anyMatch(t -> String.valueOf(t.getMessage()).contains("No space left on device"))) {
            return "There is no space left on the disk for " + doing + ".";
        }
        Optional<FileSystemException> fileProblem = find(chain, FileSystemException.class);
        if (fileProblem.isPresent()) {
            return file(fileProblem.get());
        }
        if (top instanceof UnsupportedOperationException && isSentence(top.getMessage())) {
            // a capability a model lacks ("ONNX Runtime cannot train from Java …")
            return capitalize(clean(top.getMessage())) + period(top.getMessage());
        }
        if (top.getClass() == IOException.class && isSentence(top.getMessage())) {
            return clean(top.getMessage());
        }
        return unknown(chain, doing, whereTheLogIs);
    }

    /** A message with exception class names and ONNX Runtime's error-code prefix removed, on one line. */
    public static String clean(String message) {
        if (message == null) {
            return "";
        }
        String text = ORT_PREFIX.matcher(message).replaceAll("");
        text = CLASS_NAME.matcher(text).replaceAll("");
        text = text.replaceAll("\\s+", " ").trim();
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL - 1).trim() + "…";
        }
        return text;
    }

    private static String unknown(List<Throwable> chain, String doing, String whereTheLogIs) {
        String detail = chain.stream().map(t -> clean(t.getMessage())).filter(s -> !s.isEmpty()).findFirst()
                .orElse("");
        if (detail.endsWith(".")) {
            detail = detail.substring(0, detail.length() - 1);
        }
        return "Something went wrong while " + doing + (detail.isEmpty() ? "" : ": " + detail)
                + "; details are in the log (" + whereTheLogIs + ").";
    }

    private static boolean isCancellation(Throwable t) {
        return t instanceof Cancellation.CancelledException || t instanceof InterruptedException
                || t instanceof CancellationException || t instanceof ClosedByInterruptException
                || t instanceof InterruptedIOException;
    }

    private static String memory(List<Throwable> chain, String doing) {
        String messages = chain.stream().map(t -> String.valueOf(t.getMessage())).collect(Collectors.joining(" "));
        String what;
        if (messages.contains("maxPhysicalBytes")) {
            what = "the memory for the network's arrays (" + Formats.bytes(org.bytedeco.javacpp.Pointer.maxPhysicalBytes())
                    + ", -Dorg.bytedeco.javacpp.maxphysicalbytes) is used up";
        } else if (messages.contains("maxBytes")) {
            what = "the memory for the network's arrays (" + Formats.bytes(org.bytedeco.javacpp.Pointer.maxBytes())
                    + ", -Dorg.bytedeco.javacpp.maxbytes) is used up";
        } else {
            what = "the Java heap (" + Formats.bytes(Runtime.getRuntime().maxMemory()) + ", -Xmx) is full";
        }
        return "Not enough memory for " + doing + ": " + what + ". Start Shears with more, for example "
                + "java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=4G -Dorg.bytedeco.javacpp.maxphysicalbytes=8G -jar "
                + "shears.jar, or use a smaller model or fewer examples.";
    }

    /** DL4J's ways of saying that the data's shape is not the one the network was built for. */
    private static Optional<String> dataDoesNotFit(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return Optional.empty();
        }
        String start = "The data does not fit the model: ";
        if (t instanceof DL4JInvalidInputException) {
            Matcher channels = CONV_CHANNELS.matcher(message);
            if (channels.find()) {
                return Optional.of(start + "its examples have " + channels.group(2) + " channels, but layer "
                        + channels.group(1).trim() + " takes " + channels.group(3) + ".");
            }
            String detail = clean(DL4J_LAYER_SUFFIX.matcher(message).replaceAll(""));
            return Optional.of(start + detail + period(detail));
        }
        if (message.startsWith("Invalid input, does not match configuration")) {
            Matcher m = FLATTEN_SIZE.matcher(message);
            if (m.find()) {
                return Optional.of(start + "its examples give " + m.group(4) + " × " + m.group(5) + " × " + m.group(6)
                        + " feature maps where the model's dense layers take " + m.group(1) + " × " + m.group(2) + " × "
                        + m.group(3) + ": the images are not the size the model was built for.");
            }
            return Optional.of(start + clean(message) + period(message));
        }
        if (message.startsWith("Invalid input: expect output columns")) {
            Matcher m = FLAT_COLUMNS.matcher(message);
            if (m.find()) {
                long takes = Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)) * Long.parseLong(m.group(3));
                return Optional.of(start + "it takes " + m.group(1) + " × " + m.group(2) + " × " + m.group(3) + " = "
                        + takes + " values per example, the data has " + m.group(4) + ".");
            }
            return Optional.of(start + clean(message) + period(message));
        }
        if (message.startsWith("Labels and preOutput must have equal shapes")) {
            String shapes = message.substring(message.indexOf(':') + 1).trim();
            return Optional.of("The data's labels do not fit the model's outputs (" + clean(shapes) + ").");
        }
        return Optional.empty();
    }

    private static String onnxRuntime(OrtException e) {
        String message = String.valueOf(e.getMessage());
        Matcher input = ORT_DIMENSIONS_INPUT.matcher(message);
        if (input.find()) {
            List<String> dims = new ArrayList<>();
            Matcher d = ORT_DIMENSION.matcher(message);
            while (d.find()) {
                dims.add("dimension " + d.group(1) + " is " + d.group(2) + " in the data, the model takes "
                        + d.group(3));
            }
            return "The data does not fit the model's input '" + input.group(1) + "'"
                    + (dims.isEmpty() ? "." : ": " + String.join("; ", dims) + ".");
        }
        String detail = clean(message);
        Matcher node = ORT_INVALID_NODE.matcher(message);
        if (node.find()) {
            // "This is an invalid model. In Node, ("/conv/Conv", Con<, "", -1) : (…) -> (…) , Error No Op registered …"
            detail = "node " + node.group(1) + ": " + clean(node.group(2));
        }
        return switch (e.getCode()) {
            case ORT_INVALID_PROTOBUF, ORT_INVALID_GRAPH, ORT_NO_MODEL, ORT_MODEL_LOADED ->
                    "ONNX Runtime cannot read the model: it is not a valid ONNX model (" + withoutPeriod(detail) + ").";
            case ORT_NOT_IMPLEMENTED -> "ONNX Runtime cannot run an operation of this model: " + detail + period(detail);
            case ORT_NO_SUCHFILE -> "ONNX Runtime cannot find a file the model needs: " + detail + period(detail);
            default -> "ONNX Runtime could not run the model: " + detail + period(detail);
        };
    }

    private static String file(FileSystemException e) {
        String name = e.getFile();
        if (name == null) {
            return capitalize(clean(e.getReason() != null ? e.getReason() : e.getMessage())) + ".";
        }
        Path path = Path.of(name).toAbsolutePath();
        Path folder = path.getParent();
        if (e instanceof NoSuchFileException) {
            if (folder != null && !Files.isDirectory(folder)) {
                return "The folder " + folder + " does not exist.";
            }
            return "The file " + path + " does not exist.";
        }
        if (e instanceof AccessDeniedException) {
            return Files.exists(path) || folder == null
                    ? "Shears has no permission to use " + path + "."
                    : "Shears has no permission to write in " + folder + ".";
        }
        if (e instanceof FileAlreadyExistsException) {
            return path + " already exists.";
        }
        if (e instanceof NotDirectoryException) {
            return path + " is not a folder.";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "The folder " + path + " is not empty.";
        }
        String reason = e.getReason() == null ? "" : clean(e.getReason());
        return "Could not use " + path + (reason.isEmpty() ? "" : ": " + decapitalize(reason)) + ".";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && (t instanceof UncheckedIOException || t instanceof ExecutionException
                || t instanceof CompletionException || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException)) {
            t = t.getCause();
        }
        return t;
    }

    private static List<Throwable> chain(Throwable top) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = top; t != null && !chain.contains(t) && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static <T extends Throwable> Optional<T> find(List<Throwable> chain, Class<T> type) {
        return chain.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** At least two words: a message written for people, not a bare value or path. */
    private static boolean isSentence(String message) {
        return message != null && clean(message).trim().contains(" ");
    }

    private static String period(String text) {
        String t = text == null ? "" : text.trim();
        return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? "" : ".";
    }

    private static String withoutPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String decapitalize(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }
}
