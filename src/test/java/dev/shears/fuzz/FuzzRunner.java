package dev.shears.fuzz;

import dev.shears.data.DataException;
import dev.shears.data.DataSource;
import dev.shears.data.DataSources;
import dev.shears.data.DataSpec;
import dev.shears.data.DataSpecs;
import dev.shears.data.Examples;
import dev.shears.engine.InferenceEngine;
import dev.shears.engine.Outputs;
import dev.shears.errors.UserMessages;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoadException;
import dev.shears.io.ModelLoader;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamTensor;
import dev.shears.model.TensorStats;
import dev.shears.pruning.PruningSpecException;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;

/**
 * Reads one corpus case the way the app and the CLI do — {@link ModelLoader}, {@link DataSpecs} and
 * {@link DataSources}, {@link PruningSpecJson} — and says how it ended. A case passes when it is
 * <b>refused</b> with the reader's own exception (ModelLoadException, DataException,
 * PruningSpecException) whose message is a {@link ReadableSentence}, or <b>loaded and right</b>:
 * <ul>
 *   <li>a model: its graph has layers, every parameter tensor holds exactly its shape's count of
 *       finite values, a DL4J network holds the parameters its layers declare, and one forward pass
 *       on two seeded random examples (when the input size is known) gives outputs of the graph's
 *       output shape;</li>
 *   <li>data: at least one example, every example of the model's input shape with finite values,
 *       labels non-negative;</li>
 *   <li>a recipe: writing it and reading it back gives the same recipe.</li>
 * </ul>
 * Anything else fails the case: another exception or an Error (OutOfMemoryError included), more than
 * {@link #LIMIT_SECONDS} s, or a file created or changed in the case's folder.
 */
final class FuzzRunner {
    static final int LIMIT_SECONDS = 10;

    enum Outcome { REFUSED, LOADED }

    record Result(FuzzCase fuzzCase, Outcome outcome, String message) {
    }

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    private FuzzRunner() {
    }

    /** Runs the case with the time limit; throws AssertionError saying what went wrong otherwise. */
    static Result run(FuzzCase fuzzCase) throws Exception {
        Map<String, String> before = snapshot(fuzzCase.folder());
        Future<Result> future = WORKERS.submit(() -> read(fuzzCase));
        Result result;
        try {
            result = future.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(fuzzCase + ": took more than " + LIMIT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            AssertionError failure = new AssertionError(fuzzCase + ": " + cause, cause);
            throw failure;
        }
        Map<String, String> after = snapshot(fuzzCase.folder());
        if (!after.equals(before)) {
            throw new AssertionError(fuzzCase + ": the folder changed while the case was read: " + before + " → "
                    + after);
        }
        return result;
    }

    private static Result read(FuzzCase fuzzCase) throws Exception {
        return switch (fuzzCase.kind()) {
            case MODEL -> model(fuzzCase);
            case DATA -> data(fuzzCase);
            case RECIPE -> recipe(fuzzCase);
        };
    }

    private static Result model(FuzzCase fuzzCase) throws Exception {
        LoadedModel model;
        try {
            model = ModelLoader.load(fuzzCase.file());
        } catch (ModelLoadException e) {
            return refused(fuzzCase, e.getMessage());
        }
        NetworkGraph graph = model.backend().graph();
        if (graph.nodes().size() < 2) {
            throw new AssertionError(fuzzCase + ": loaded a graph without layers");
        }
        for (LayerNode node : graph.nodes()) {
            for (ParamTensor p : node.params()) {
                TensorStats s = p.stats();
                if (s.count() != p.shape().elements()) {
                    throw new AssertionError(fuzzCase + ": " + node.name() + "/" + p.key() + " holds " + s.count()
                            + " values for shape " + p.shape());
                }
                if (s.count() > 0 && !(Double.isFinite(s.min()) && Double.isFinite(s.max())
                        && Double.isFinite(s.mean()))) {
                    throw new AssertionError(fuzzCase + ": loaded non-finite weights in " + node.name() + "/"
                            + p.key());
                }
            }
        }
        Model network = model.backend().trainable().orElse(null);
        if (network != null && network.numParams() != graph.totalParams()) {
            throw new AssertionError(fuzzCase + ": the network holds " + network.numParams()
                    + " parameters, its layers " + graph.totalParams());
        }
        if (network != null && network.numParams() == 0) {
            throw new AssertionError(fuzzCase + ": loaded a network without parameters");
        }
        String forward = "";
        if (!graph.inputShapeAssumed() && graph.input().isKnown() && graph.outputShape().isKnown()) {
            int per = Math.toIntExact(graph.input().shape().elements());
            float[] features = new float[2 * per];
            Random random = new Random(7);
            for (int i = 0; i < features.length; i++) {
                features[i] = random.nextFloat();
            }
            try (InferenceEngine engine = model.backend().referenceEngine()) {
                Outputs out = engine.run(Examples.unlabelled(features, 2, graph.input().shape()));
                if (out.count() != 2 || out.values().length != 2 * graph.outputShape().elements()) {
                    throw new AssertionError(fuzzCase + ": a forward pass gave " + out.values().length
                            + " values for 2 examples of output " + graph.outputShape());
                }
                forward = ", forward pass of " + graph.input().shape() + " → " + graph.outputShape();
            } catch (IOException | RuntimeException e) {
                if (network != null) {
                    throw e;
                }
                // ONNX Runtime is the judge of an ONNX graph and it judges when it runs: opening reads the
                // file and its weights, running may still refuse (a shape mismatch a flipped byte made) —
                // with a sentence, as any evaluation does
                String sentence = UserMessages.describe(e, "evaluating the model");
                ReadableSentence.assertReadable(sentence);
                forward = "; ONNX Runtime refuses to run it: " + sentence;
            }
        }
        return new Result(fuzzCase, Outcome.LOADED, graph.totalParams() + " parameters in "
                + graph.nodes().size() + " nodes" + forward);
    }

    private static Result data(FuzzCase fuzzCase) throws Exception {
        DataSource source;
        try {
            DataSpec spec = DataSpecs.detect(fuzzCase.file());
            source = DataSources.open(spec, fuzzCase.dataInput());
        } catch (DataException e) {
            return refused(fuzzCase, e.getMessage());
        }
        if (source.size() < 1) {
            throw new AssertionError(fuzzCase + ": opened a source of no examples");
        }
        if (!source.exampleShape().equals(fuzzCase.dataInput().shape())) {
            throw new AssertionError(fuzzCase + ": examples of shape " + source.exampleShape() + " for a model taking "
                    + fuzzCase.dataInput().shape());
        }
        int n = Math.min(source.size(), 200);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        Examples examples;
        try {
            examples = source.read(indices);
        } catch (DataException e) {
            return refused(fuzzCase, e.getMessage());
        }
        if (examples.features().length != n * fuzzCase.dataInput().shape().elements()) {
            throw new AssertionError(fuzzCase + ": read " + examples.features().length + " values for " + n
                    + " examples");
        }
        for (float v : examples.features()) {
            if (!Float.isFinite(v)) {
                throw new AssertionError(fuzzCase + ": read a non-finite value");
            }
        }
        if (examples.labels().isPresent()) {
            for (int label : examples.labels().get()) {
                if (label < 0) {
                    throw new AssertionError(fuzzCase + ": read a negative label");
                }
            }
        }
        source.notes().forEach(ReadableSentence::assertReadable);
        return new Result(fuzzCase, Outcome.LOADED, source.name() + ": " + source.size() + " examples"
                + (source.notes().isEmpty() ? "" : "; " + String.join(" ", source.notes())));
    }

    private static Result recipe(FuzzCase fuzzCase) throws Exception {
        PruningSpec spec;
        try {
            spec = PruningSpecJson.read(fuzzCase.file());
        } catch (PruningSpecException e) {
            return refused(fuzzCase, e.getMessage());
        }
        PruningSpec again = PruningSpecJson.read(PruningSpecJson.write(spec));
        if (!again.equals(spec)) {
            throw new AssertionError(fuzzCase + ": the recipe read back differs: " + spec + " → " + again);
        }
        return new Result(fuzzCase, Outcome.LOADED, PruningSpecJson.write(spec).replaceAll("\\s+", " "));
    }

    private static Result refused(FuzzCase fuzzCase, String message) {
        String problem = ReadableSentence.problem(message);
        if (problem != null) {
            throw new AssertionError(fuzzCase + ": refused, but the message is not a sentence a user can read ("
                    + problem + "): " + message);
        }
        return new Result(fuzzCase, Outcome.REFUSED, message);
    }

    /** Every file under the folder with its size and modification time. */
    static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(folder.relativize(p).toString(), Files.isDirectory(p) ? "folder"
                        : Files.size(p) + " bytes, " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }
}
