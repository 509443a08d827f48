package dev.shears.onnx.convert;

import dev.shears.data.Examples;
import dev.shears.io.DataSplit;
import dev.shears.io.FashionMnist;
import dev.shears.io.SampleLocations;
import dev.shears.model.NetworkGraph;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a conversion is checked on: real validation images when the network takes Fashion-MNIST
 * images and the data is at hand (real inputs reach the ranges that matter), else seeded Gaussians.
 */
public final class CheckExamples {
    public static final int VALIDATION_IMAGES = 500;
    public static final long SEED = 20_240_601L;
    private static final long FLAT_IMAGE = FashionMnist.SIDE * FashionMnist.SIDE;

    private CheckExamples() {
    }

    /** A value and a phrase saying what it is ("500 validation images"). */
    public record Described(Examples examples, String description) {
    }

    public static Described forNetwork(NetworkGraph graph) throws IOException {
        TensorShape input = graph.nodes().get(0).outputShape();
        Optional<Path> data = SampleLocations.fashionMnistFolderIfPresent().filter(Files::isDirectory);
        if (input.elements() == FLAT_IMAGE && (input.rank() == 1 || input.dim(0) == 1) && data.isPresent()) {
            FashionMnist validation = FashionMnist.load(data.get(), DataSplit.VALIDATION).first(VALIDATION_IMAGES);
            float[] features = validation.batch(0, validation.size()).getFeatures().dup('c').data().asFloat();
            return new Described(Examples.unlabelled(features, validation.size(), input),
                    validation.size() + " validation images");
        }
        if (!input.isKnown()) {
            throw new IOException("The model does not record its input size, so Shears has nothing to check a"
                    + " conversion on.");
        }
        return new Described(Dl4jToOnnx.gaussian(input, Dl4jToOnnx.RANDOM_CHECK_EXAMPLES, SEED),
                Dl4jToOnnx.RANDOM_CHECK_EXAMPLES + " seeded random inputs");
    }
}
