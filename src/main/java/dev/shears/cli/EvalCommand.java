package dev.shears.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.data.DataFit;
import dev.shears.data.DataRole;
import dev.shears.data.DataSource;
import dev.shears.eval.AccuracyEstimate;
import dev.shears.eval.Evaluator;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelData;
import dev.shears.model.NetworkGraph;
import dev.shears.task.Cancellation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", description = "Accuracy, top-5, loss and throughput of a model on its data: all of --data"
        + " when given, else a split of its data profile (the bundled samples: Fashion-MNIST).")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip or a Keras 2 .h5")
    Path model;

    @Option(names = "--split", defaultValue = "test",
            description = "which part of the profile: validation or test (samples: Fashion-MNIST test images 0-4999"
                    + " or 5000-9999); ignored with --data alone, which is evaluated whole; default: ${DEFAULT-VALUE}")
    String split;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    EngineOption engineOption;

    @Option(names = "--batch", defaultValue = "500", description = "examples per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    InputShapeOption inputShapeOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        DataRole role = switch (split.toLowerCase(Locale.ROOT)) {
            case "validation" -> DataRole.VALIDATION;
            case "test" -> DataRole.TEST;
            default -> throw new UserError("--split must be 'validation' or 'test', not '" + split + "'");
        };
        if (batch <= 0) {
            throw new UserError("--batch must be positive, not " + batch);
        }
        OptionChecks.modelFile(model);
        dataOptions.givenProfile();
        Path file = model.toAbsolutePath().normalize();
        AccuracyEstimate r;
        String name;
        DataSource data;
        LoadedModel loaded = inputShapeOption.load(model);
        data = data(loaded.file(), loaded.graph(), role);
        name = loaded.displayName();
        r = Evaluator.evaluate(loaded.backend(), data, batch, e -> { }, Cancellation.none());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("model", file.toString());
            root.put("engine", r.engine());
            root.put("data", data.name());
            root.put("dataFingerprint", data.fingerprint());
            root.put("examples", r.seen());
            root.put("accuracy", r.accuracy());
            root.put("accuracyLower95", r.lower95());
            root.put("accuracyUpper95", r.upper95());
            root.put("top5Accuracy", r.top5Accuracy());
            root.put("meanLoss", r.meanLoss());
            root.put("examplesPerSecond", r.examplesPerSecond());
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%d examples): accuracy %.2f %% (95 %% CI %.2f–%.2f), "
                            + "top-5 %.2f %%, loss %.4f, %.0f examples/s (%s)%n", name,
                    data.name(), r.seen(), 100 * r.accuracy(), 100 * r.lower95(),
                    100 * r.upper95(), 100 * r.top5Accuracy(), r.meanLoss(), r.examplesPerSecond(), r.engine());
        }
        out.flush();
        return 0;
    }

    /** All of --data when it is the only data option; else the role from the model's profile. */
    private DataSource data(Path file, NetworkGraph graph, DataRole role) throws java.io.IOException {
        if (dataOptions.data != null && dataOptions.testData == null && dataOptions.profile == null) {
            DataSource source = ModelData.openSpec(ModelData.specFor(dataOptions.data), graph.input());
            DataFit.require(graph, source);
            return source;
        }
        return dataOptions.open(file, graph).require(role, "eval --split " + split);
    }
}
