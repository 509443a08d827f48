package dev.shears.io;

import dev.shears.model.NetworkGraph;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;

/**
 * An opened model: the DL4J network (never modified: every pruning step makes a new one), Shears'
 * description of it, and where it came from.
 */
public record LoadedModel(Path file, long fileBytes, Model network, NetworkGraph graph) {
    static LoadedModel of(Path file, long fileBytes, Model network) {
        return new LoadedModel(file, fileBytes, network, NetworkGraphReader.read(network));
    }

    /** The file name without ".zip", as shown in the title bar. */
    public String displayName() {
        String name = file.getFileName().toString();
        return name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }
}
