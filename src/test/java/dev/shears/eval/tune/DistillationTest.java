package dev.shears.eval.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shears.FashionSplits;
import dev.shears.engine.Dl4jBatches;
import dev.shears.eval.Networks;
import dev.shears.io.LoadedModel;
import dev.shears.io.ModelLoader;
import dev.shears.io.SampleLocations;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.service.PruningResult;
import dev.shears.pruning.service.PruningService;
import dev.shears.task.Cancellation;
import dev.shears.task.ProgressListener;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Hinton et al.'s distillation loss by hand on two examples, and its pull towards the teacher on bn-cnn. */
class DistillationTest {
    private static final double[][] Z = {{1, 2, 0.5}, {0, -1, 3}};
    private static final double[][] TEACHER = {{0.2, 0.7, 0.1}, {0.05, 0.05, 0.9}};
    private static final double[][] Y = {{0, 1, 0}, {1, 0, 0}};

    private static double[] softmax(double[] z, double t) {
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / t);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    /** The teacher softened: p^(1/T), renormalised (softmax of log p / T). */
    private static double[] soften(double[] p, double t) {
        double[] logs = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            logs[i] = Math.log(p[i]);
        }
        return softmax(logs, t);
    }

    private static DistillationLoss loss(double t, double alpha) {
        DistillationLoss loss = new DistillationLoss(new Distillation(t, alpha));
        loss.teach(Nd4j.createFromArray(TEACHER));
        return loss;
    }

    @Test
    void scoreAndGradientEqualTheFormulaComputedByHand() {
        double t = 2;
        double alpha = 0.6;
        double total = 0;
        double[][] gradient = new double[2][3];
        for (int n = 0; n < 2; n++) {
            double[] qt = soften(TEACHER[n], t);
            double[] qs = softmax(Z[n], t);
            double[] ps = softmax(Z[n], 1);
            double kl = 0;
            double ce = 0;
            for (int c = 0; c < 3; c++) {
                kl += qt[c] * Math.log(qt[c] / qs[c]);
                ce -= Y[n][c] * Math.log(ps[c]);
                gradient[n][c] = alpha * t * (qs[c] - qt[c]) + (1 - alpha) * (ps[c] - Y[n][c]);
            }
            total += alpha * t * t * kl + (1 - alpha) * ce;
        }
        DistillationLoss loss = loss(t, alpha);
        INDArray z = Nd4j.createFromArray(Z);

        assertThat(loss.computeScore(Nd4j.createFromArray(Y), z, new ActivationSoftmax(), null, true))
                .isCloseTo(total / 2, within(1e-12));
        double[][] computed = loss.computeGradient(Nd4j.createFromArray(Y), z, new ActivationSoftmax(), null)
                .toDoubleMatrix();
        for (int n = 0; n < 2; n++) {
            assertThat(computed[n]).containsExactly(gradient[n], within(1e-12));
        }
    }

    @Test
    void gradientIsTheDerivativeOfTheScoreByFiniteDifferences() {
        DistillationLoss loss = loss(4, 0.5);
        INDArray y = Nd4j.createFromArray(Y);
        double[][] analytic = loss.computeGradient(y, Nd4j.createFromArray(Z), null, null).toDoubleMatrix();
        double h = 1e-6;
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double[][] up = copy(Z);
                double[][] down = copy(Z);
                up[n][c] += h;
                down[n][c] -= h;
                double numeric = (loss.computeScore(y, Nd4j.createFromArray(up), null, null, false)
                        - loss.computeScore(y, Nd4j.createFromArray(down), null, null, false)) / (2 * h);
                assertThat(analytic[n][c]).as("∂/∂z[%d][%d]", n, c).isCloseTo(numeric, within(1e-6));
            }
        }
    }

    @Test
    void withoutTheTeachersTermItIsDl4jsCrossEntropy() {
        INDArray y = Nd4j.createFromArray(Y);
        INDArray z = Nd4j.createFromArray(Z);
        LossMCXENT ce = new LossMCXENT();

        assertThat(loss(3, 0).computeScore(y, z, new ActivationSoftmax(), null, true))
                .isCloseTo(ce.computeScore(y, z.dup(), new ActivationSoftmax(), null, true), within(1e-9));
        assertThat(loss(3, 0).computeGradient(y, z, new ActivationSoftmax(), null).toDoubleMatrix()[1])
                .containsExactly(ce.computeGradient(y, z.dup(), new ActivationSoftmax(), null).toDoubleMatrix()[1],
                        within(1e-9));
    }

    @Test
    void aStudentThatAlreadyMatchesTheTeacherAtTemperatureOneHasNoSoftLossNorGradient() {
        DistillationLoss loss = new DistillationLoss(new Distillation(1, 1));
        INDArray z = Nd4j.createFromArray(Z);
        double[][] probabilities = {softmax(Z[0], 1), softmax(Z[1], 1)};
        loss.teach(Nd4j.createFromArray(probabilities));

        assertThat(loss.computeScore(Nd4j.createFromArray(Y), z, null, null, true)).isCloseTo(0, within(1e-12));
        assertThat(loss.computeGradient(Nd4j.createFromArray(Y), z, null, null).toDoubleMatrix()[0])
                .containsExactly(new double[]{0, 0, 0}, within(1e-12));
    }

    @Test
    void distillationWithoutATeacherIsRefused() throws Exception {
        Model bnCnn = ModelLoader.load(SampleLocations.sampleModel("bn-cnn")).network();
        FineTuner tuner = new FineTuner(FashionSplits.train(), FashionSplits.validation(), 10);

        assertThatThrownBy(() -> tuner.tune(bnCnn, List.of(), FineTuneSettings.defaults(1)
                .withDistillation(Optional.of(new Distillation(4, 0.5))), FineTuneListener.NONE, Cancellation.none()))
                .hasMessageContaining("teacher");
    }

    /**
     * bn-cnn with 70 % of its channels removed (global BN-γ) is trained for one epoch on 1024 training
     * images, once on labels only and once distilled from the unpruned bn-cnn (T = 4, α = 0.9).
     * On 1000 validation images the distilled student ends closer to the teacher in what distillation
     * optimises: the mean KL between the two outputs softened at T = 4 falls further than with labels
     * alone. (Top-1 agreement with the teacher rose about equally in both runs, 0.42 → 0.78, and the
     * plain-output KL fell less with the teacher: at α = 0.9 the student is less confident than the
     * teacher on the labels it gets right; both are printed.) The network handed back keeps its own
     * loss function.
     */
    @Test
    void distillingFromTheUnprunedBnCnnRaisesAgreementWithItMoreThanLabelsAlone() throws Exception {
        LoadedModel original = ModelLoader.load(SampleLocations.sampleModel("bn-cnn"));
        PruningResult pruned = new PruningService(Optional.of(FashionSplits.validation())).run(original,
                PruningSpecJson.read("{\"version\": 1, \"mode\": \"structured\", \"scope\": \"global\","
                        + " \"criterion\": \"bn-gamma\", \"ratio\": 0.7}"), ProgressListener.NONE, Cancellation.none());
        FineTuner tuner = new FineTuner(FashionSplits.train(), FashionSplits.validation(), 10);
        FineTuneSettings run = FineTuneSettings.defaults(1).withTrainImages(1024).withLearningRate(1e-3);
        INDArray images = Dl4jBatches.features(FashionSplits.validation().read(0, 1000));
        INDArray teacherOut = Networks.output(original.network(), images);
        int[] teacher = top1(teacherOut);
        double start = agreement(top1(Networks.output(pruned.network(), images)), teacher);
        double startKl = meanKl(teacherOut, Networks.output(pruned.network(), images), 4);

        FineTuneResult labels = tuner.tune(pruned.network(), List.of(), run, FineTuneListener.NONE,
                Cancellation.none());
        FineTuneResult distilled = tuner.tune(pruned.network(), List.of(),
                run.withDistillation(Optional.of(new Distillation(4, 0.9))), Optional.of(original.network()),
                FineTuneListener.NONE, Cancellation.none());

        double byLabels = agreement(top1(Networks.output(labels.network(), images)), teacher);
        double byTeacher = agreement(top1(Networks.output(distilled.network(), images)), teacher);
        double klLabels = meanKl(teacherOut, Networks.output(labels.network(), images), 4);
        double klTeacher = meanKl(teacherOut, Networks.output(distilled.network(), images), 4);
        System.out.printf("agreement with the teacher: pruned %.3f, labels %.3f, distilled %.3f; KL at T = 4"
                + " %.4f, %.4f, %.4f; at T = 1 %.4f, %.4f%n", start, byLabels, byTeacher, startKl, klLabels, klTeacher,
                meanKl(teacherOut, Networks.output(labels.network(), images), 1),
                meanKl(teacherOut, Networks.output(distilled.network(), images), 1));
        assertThat(startKl - klTeacher).isGreaterThan(startKl - klLabels);
        assertThat(distilled.bestEpoch()).as("the distilled epoch beat the pruned start").isEqualTo(1);
        assertThat(((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) distilled.network()).getOutputLayer().conf()
                .getLayer()).satisfies(l -> assertThat(((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) l)
                .getLossFn()).isInstanceOf(LossMCXENT.class));
    }

    private static int[] top1(INDArray probabilities) {
        return probabilities.argMax(1).castTo(DataType.INT).toIntVector();
    }

    private static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }

    /** Mean over rows of KL(p^T ‖ q^T), each softened by {@link #soften} (probabilities floored at 1e-30). */
    private static double meanKl(INDArray p, INDArray q, double t) {
        double[][] a = p.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] b = q.castTo(DataType.DOUBLE).toDoubleMatrix();
        double sum = 0;
        for (int n = 0; n < a.length; n++) {
            double[] pa = soften(floored(a[n]), t);
            double[] pb = soften(floored(b[n]), t);
            for (int c = 0; c < pa.length; c++) {
                sum += pa[c] * Math.log(pa[c] / pb[c]);
            }
        }
        return sum / a.length;
    }

    private static double[] floored(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.max(p[i], 1e-30);
        }
        return out;
    }

    private static double[][] copy(double[][] m) {
        return new double[][]{m[0].clone(), m[1].clone()};
    }
}
