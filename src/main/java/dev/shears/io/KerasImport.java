package dev.shears.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.model.ImageGeometry;
import dev.shears.model.ImageLayout;
import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a Keras 2 whole-model {@code .h5} file (what {@code model.save('model.h5')} writes) through
 * DL4J's own Keras import: Sequential models become a MultiLayerNetwork, Functional ones a
 * ComputationGraph. The input comes from the Keras configuration (its InputLayer's
 * batch_input_shape), which records what DL4J's own files do not: the image size and that Keras
 * takes images channels last.
 */
final class KerasImport {
    private static final Logger LOG = LoggerFactory.getLogger(KerasImport.class);
    private static final String MODEL_CONFIG = "model_config";
    private static final Pattern UNSUPPORTED_LAYER = Pattern.compile("Unsupported keras layer type (\\w+)");

    /** The imported network and what one example fed to it looks like. */
    record Imported(Model network, ModelInput input) {
    }

    private KerasImport() {
    }

    static Imported load(Path file) throws ModelLoadException {
        JsonNode config = modelConfig(file);
        String className = config.path("class_name").asText();
        Model network = importNetwork(file, config, className);
        return new Imported(network, input(config));
    }

    /** The model_config attribute; a file without one holds weights only. */
    private static JsonNode modelConfig(Path file) throws ModelLoadException {
        String json;
        try (Hdf5Archive archive = new Hdf5Archive(file.toString())) {
            if (!archive.hasAttribute(MODEL_CONFIG)) {
                throw new ModelLoadException(file, "an HDF5 file that holds only weights (no model configuration);"
                        + " save the whole model in Keras 2 with model.save('model.h5')");
            }
            json = archive.readAttributeAsJson(MODEL_CONFIG);
        } catch (ModelLoadException e) {
            throw e;
        } catch (LinkageError e) {
            throw hdf5Missing(file, e);
        } catch (Exception e) {
            LOG.warn("cannot read {} as HDF5", file, e);
            throw new ModelLoadException(file, "a damaged or truncated HDF5 file: the Keras model in it cannot be"
                    + " read", e);
        }
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            LOG.warn("model_config of {} is not JSON", file, e);
            throw new ModelLoadException(file, "an HDF5 file whose Keras model configuration is not readable JSON", e);
        }
    }

    private static Model importNetwork(Path file, JsonNode config, String className) throws ModelLoadException {
        try {
            return switch (className) {
                case "Sequential" -> KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
                case "Functional", "Model" -> KerasModelImport.importKerasModelAndWeights(file.toString(), false);
                default -> throw new ModelLoadException(file, "a Keras model of type '" + className
                        + "', which Shears cannot open (only Sequential and Functional models)");
            };
        } catch (ModelLoadException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new ModelLoadException(file, "not enough memory to import this Keras model", e);
        } catch (Exception | LinkageError e) {
            LOG.warn("DL4J could not import the Keras model {}", file, e);
            throw new ModelLoadException(file, failure(config, e), e);
        }
    }

    /** The build ships HDF5 natives for linux-x86_64 only; elsewhere opening the archive fails to link. */
    private static ModelLoadException hdf5Missing(Path file, LinkageError e) {
        LOG.warn("HDF5 natives for DL4J's Keras import are not loadable", e);
        return new ModelLoadException(file, "Keras .h5 files cannot be opened on this computer: the HDF5 library"
                + " DL4J's Keras import needs is not available for this platform", e);
    }

    /** Names the layer DL4J refused when its message says which type it was. */
    private static String failure(JsonNode config, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        Matcher unsupported = UNSUPPORTED_LAYER.matcher(message);
        if (unsupported.find()) {
            String type = unsupported.group(1);
            String names = String.join("', '", layerNames(config, type));
            return "DL4J cannot import Keras layer " + (names.isEmpty() ? "" : "'" + names + "' ") + "of type "
                    + type + ", so this model cannot be opened";
        }
        return "DL4J could not import this Keras model (" + ModelLoader.detail(root) + ")";
    }

    private static List<String> layerNames(JsonNode config, String className) {
        List<String> names = new ArrayList<>();
        for (JsonNode layer : config.path("config").path("layers")) {
            if (layer.path("class_name").asText().equals(className)) {
                names.add(layer.path("config").path("name").asText());
            }
        }
        return names;
    }

    /**
     * The first input as Keras records it: batch_input_shape [null, h, w, c] is an image channels last
     * (channels first when the layers say data_format "channels_first"), [null, n] a feature vector.
     */
    static ModelInput input(JsonNode config) {
        Optional<JsonNode> shape = inputShape(config);
        if (shape.isEmpty() || !shape.get().isArray()) {
            return ModelInput.UNKNOWN;
        }
        List<Long> dims = new ArrayList<>();
        for (int i = 1; i < shape.get().size(); i++) {
            JsonNode d = shape.get().get(i);
            if (!d.canConvertToLong() || d.asLong() <= 0) {
                return ModelInput.UNKNOWN;
            }
            dims.add(d.asLong());
        }
        if (dims.size() == 3) {
            boolean channelsFirst = false;
            for (JsonNode layer : config.path("config").path("layers")) {
                channelsFirst |= layer.path("config").path("data_format").asText().equals("channels_first");
            }
            int a = Math.toIntExact(dims.get(0));
            int b = Math.toIntExact(dims.get(1));
            int c = Math.toIntExact(dims.get(2));
            return ModelInput.images(channelsFirst ? new ImageGeometry(a, b, c, ImageLayout.CHW)
                    : new ImageGeometry(c, a, b, ImageLayout.HWC), false);
        }
        return ModelInput.features(TensorShape.of(dims.stream().mapToLong(Long::longValue).toArray()), false);
    }

    /** Sequential: the InputLayer or the first layer; Functional: the layer named by input_layers[0]. */
    private static Optional<JsonNode> inputShape(JsonNode config) {
        JsonNode layers = config.path("config").path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            return Optional.empty();
        }
        JsonNode inputLayers = config.path("config").path("input_layers");
        if (inputLayers.isArray() && !inputLayers.isEmpty()) {
            String name = inputLayers.get(0).get(0).asText();
            for (JsonNode layer : layers) {
                if (layer.path("config").path("name").asText().equals(name)) {
                    return Optional.of(layer.path("config").path("batch_input_shape"));
                }
            }
            return Optional.empty();
        }
        return Optional.of(layers.get(0).path("config").path("batch_input_shape"));
    }
}
