package dev.shears.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.analysis.Formats;
import dev.shears.io.LoadedModel;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", description = "Print a model's layers: type, output shape, params, MACs, sparsity.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip or a Keras 2 .h5")
    Path model;

    @Option(names = "--json", description = "print JSON: layers[] and totals")
    boolean json;

    @Mixin
    InputShapeOption inputShapeOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Described loaded = describe(inputShapeOption.load(model));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(loaded)));
        } else {
            printTable(loaded, out);
        }
        out.flush();
        return 0;
    }

    /** What inspect shows of a model file, whatever its format. */
    record Described(Path file, long fileBytes, NetworkGraph graph) {
    }

    static Described describe(LoadedModel loaded) {
        return new Described(loaded.file(), loaded.fileBytes(), loaded.graph());
    }

    static ObjectNode toJson(Described loaded) {
        ObjectMapper mapper = new ObjectMapper();
        NetworkGraph graph = loaded.graph();
        ObjectNode root = mapper.createObjectNode();
        root.put("file", loaded.file().toString());
        root.put("modelType", graph.modelType());
        root.put("fileBytes", loaded.fileBytes());
        root.put("inputShapeAssumed", graph.inputShapeAssumed());
        ArrayNode layers = root.putArray("layers");
        for (LayerNode n : graph.nodes()) {
            ObjectNode l = layers.addObject();
            l.put("name", n.name());
            l.put("type", n.kind().displayName());
            l.put("dl4jType", n.typeName());
            ArrayNode inputs = l.putArray("inputs");
            n.inputs().forEach(inputs::add);
            l.put("outputShape", n.outputShape().toString());
            l.put("params", n.paramCount());
            l.put("macs", n.macs());
            l.put("sparsity", n.sparsity());
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("params", graph.totalParams());
        totals.put("macs", graph.totalMacs());
        totals.put("sparsity", graph.sparsity());
        return root;
    }

    private static void printTable(Described loaded, PrintWriter out) {
        NetworkGraph graph = loaded.graph();
        long total = Math.max(1, graph.totalParams());
        int nameWidth = Math.max(5, graph.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(5));
        String format = "%-" + nameWidth + "s  %-14s  %-16s  %12s  %14s  %8s  %8s%n";
        out.printf("%s (%s, %s)%n", loaded.file().getFileName(), graph.modelType(), Formats.bytes(loaded.fileBytes()));
        out.printf(format, "layer", "type", "output shape", "params", "MACs", "% params", "sparsity");
        for (LayerNode n : graph.nodes()) {
            out.printf(format, n.name(), n.kind().displayName(), n.outputShape(), Formats.exact(n.paramCount()),
                    Formats.exact(n.macs()), Formats.percent((double) n.paramCount() / total),
                    Formats.percent(n.sparsity()));
        }
        out.printf(format, "total", "", "", Formats.exact(graph.totalParams()), Formats.exact(graph.totalMacs()),
                "100.0 %", Formats.percent(graph.sparsity()));
        if (graph.inputShapeAssumed()) {
            out.println("note: the file does not record the input size; shapes and MACs assume " +
                    graph.nodes().get(0).outputShape());
        }
    }
}
