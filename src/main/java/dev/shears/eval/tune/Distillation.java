package dev.shears.eval.tune;

/**
 * Knowledge distillation (Hinton, Vinyals &amp; Dean 2015): the student learns from the teacher's
 * softened outputs as well as from the labels, with the loss
 * α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(labels, softmax(z_s)).
 * T² keeps the soft term's gradient, which shrinks as 1/T², on the scale of the hard one's.
 *
 * @param temperature T &gt; 0; 1 compares the plain outputs, larger values spread them and expose how the
 *                    teacher ranks the wrong classes
 * @param alpha       weight α of the teacher's term in [0, 1]; 0 is plain fine-tuning on labels
 */
public record Distillation(double temperature, double alpha) {
    /** Equal weight to the teacher and to the labels: Hinton et al. found a smaller weight on the labels best,
     * common practice spans 0.5–0.9, and 0.5 keeps the labels' say where the pruned student's teacher is wrong. */
    public static final double DEFAULT_ALPHA = 0.5;

    public Distillation {
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("the distillation temperature must be positive, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("the distillation weight must be in [0, 1], got " + alpha);
        }
    }
}
