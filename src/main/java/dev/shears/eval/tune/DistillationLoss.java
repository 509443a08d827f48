package dev.shears.eval.tune;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The distillation loss of {@link Distillation} as a DL4J loss function, set on the student's output
 * layer for the length of a fine-tuning run (never saved: the original loss is put back).
 * <p>
 * The student's logits z_s are exact: DL4J hands a loss function the output layer's pre-activation,
 * the input of its softmax. The teacher is only available as probabilities p_t (the samples end in a
 * softmax layer); its logits are log p_t up to a per-example constant, and softmax ignores a constant,
 * so softmax(log p_t / T) is exactly the teacher's softened output. Probabilities are clamped at
 * 1e-30 before the log, which changes nothing a float softmax can represent.
 * <p>
 * Per example, with q = softmax(·/T), p = softmax(·) and y the one-hot label:
 * loss = α·T²·Σ q_t (log q_t − log q_s) − (1 − α)·Σ y log p_s,
 * ∂loss/∂z_s = α·T·(q_s − q_t) + (1 − α)·(p_s − y).
 * Like DL4J's own losses, the gradient is per example (DL4J divides by the batch size) and the score
 * is averaged over the batch when asked.
 */
final class DistillationLoss implements ILossFunction {
    private static final double FLOOR = 1e-30;
    private final double temperature;
    private final double alpha;
    private transient INDArray teacherLogSoft;

    DistillationLoss(Distillation d) {
        this.temperature = d.temperature();
        this.alpha = d.alpha();
    }

    /** The teacher's probabilities for the batch about to be fitted (rows in the batch's order). */
    void teach(INDArray teacherProbabilities) {
        INDArray logits = Transforms.log(Transforms.max(teacherProbabilities.castTo(DataType.DOUBLE), FLOOR, true),
                false);
        teacherLogSoft = logSoftmax(logits.divi(temperature));
    }

    /** log softmax of each row, computed stably. */
    static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(1).reshape(z.rows(), 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(1), false).reshape(z.rows(), 1);
        return shifted.subiColumnVector(logSum);
    }

    private INDArray teacher(INDArray preOutput) {
        if (teacherLogSoft == null || teacherLogSoft.rows() != preOutput.rows()
                || teacherLogSoft.columns() != preOutput.columns()) {
            throw new IllegalStateException("the teacher's outputs for this batch were not given");
        }
        return teacherLogSoft;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray z = preOutput.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        INDArray logQt = teacher(preOutput);
        INDArray logQs = logSoftmax(z.div(temperature));
        INDArray kl = Transforms.exp(logQt, true).muli(logQt.sub(logQs)).sum(1);
        INDArray ce = y.mul(logSoftmax(z)).sum(1).negi();
        INDArray score = kl.muli(alpha * temperature * temperature).addi(ce.muli(1 - alpha)).reshape(z.rows(), 1);
        if (mask != null) {
            score.muliColumnVector(mask.castTo(DataType.DOUBLE).reshape(z.rows(), 1));
        }
        return score.castTo(preOutput.dataType());
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).castTo(DataType.DOUBLE).sumNumber()
                .doubleValue();
        return average ? sum / preOutput.rows() : sum;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray z = preOutput.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        INDArray qs = Transforms.exp(logSoftmax(z.div(temperature)), false);
        INDArray qt = Transforms.exp(teacher(preOutput), true);
        INDArray ps = Transforms.exp(logSoftmax(z), false);
        INDArray gradient = qs.subi(qt).muli(alpha * temperature).addi(ps.subi(y).muli(1 - alpha));
        if (mask != null) {
            gradient.muliColumnVector(mask.castTo(DataType.DOUBLE).reshape(z.rows(), 1));
        }
        return gradient.castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "distillation(T=" + temperature + ", alpha=" + alpha + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
