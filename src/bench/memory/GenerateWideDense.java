import java.io.File;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Writes the memory benchmark's model: VGG-16's classifier head without fc7, as a DL4J zip —
 * fc6 Dense 25088 → 4096 (102.8 M weights, 411 MB as float32) and fc8 4096 → 10. Seeded, so the
 * same file every time (about 380 MB: random weights barely deflate); not committed.
 *
 * <p>Run with the app's jar on the class path (Java's source-file mode, no build step):
 * {@code java -cp target/shears.jar src/bench/memory/GenerateWideDense.java target/wide-dense.zip}
 */
public final class GenerateWideDense {
    public static void main(String[] args) throws Exception {
        File out = new File(args.length > 0 ? args[0] : "target/wide-dense.zip");
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(20240615L)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().name("fc6").nIn(25088).nOut(4096).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("fc8").nIn(4096).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(25088))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        ModelSerializer.writeModel(network, out, false);
        System.out.println("wrote " + out + " (" + network.numParams() + " parameters, " + out.length() + " bytes)");
    }
}
