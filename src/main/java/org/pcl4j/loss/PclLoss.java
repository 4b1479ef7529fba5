package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Random;
import org.pcl4j.Seeds;
import org.pcl4j.tensor.Tensors;

/**
 * The ProtoNCE objective of PCL (ALGORITHM.md §3.2–§3.4): the instance term (InfoNCE of q against its key
 * and the queue) plus the mean over granularities of the prototype terms. A small immutable object,
 * like a loss module: the ablations are explicit switches, not missing arguments.
 *
 * <ul>
 *   <li>{@code instanceTerm = false}: the "proto-only" ablation (the instance term is still computed
 *       and reported, but not optimised);</li>
 *   <li>{@code prototypeTerm = false}: MoCo v2, the instance-only ablation (no E-step needed);</li>
 *   <li>{@code maskDuplicates}: pcl4j's deliberate deviation from the reference (ALGORITHM.md §3.3);</li>
 *   <li>{@code maxNegatives}: r, the cap on negative prototypes per granularity.</li>
 * </ul>
 * Negative prototypes are drawn with a {@link Random} seeded per step and granularity from {@link
 * #compute}'s {@code stepSeed}: the same seed gives the same loss.
 */
public record PclLoss(float temperature, boolean instanceTerm, boolean prototypeTerm, boolean maskDuplicates, int maxNegatives) {

    public PclLoss {
        if (!(temperature > 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        if (!instanceTerm && !prototypeTerm) {
            throw new IllegalArgumentException("at least one of the instance and prototype terms must be on");
        }
        if (maxNegatives < 0) {
            throw new IllegalArgumentException("maxNegatives must be >= 0, got " + maxNegatives);
        }
    }

    /**
     * The loss of one batch.
     *
     * @param q          queries B×dim, L2-normalised, with gradient
     * @param k          keys B×dim, L2-normalised (no gradient flows into them)
     * @param queue      negative keys r×dim
     * @param prototypes the epoch's E-step, one entry per granularity; empty during warm-up (then
     *                   only the instance term is used, whatever {@link #prototypeTerm})
     * @param indices    the image index of every row of q (to look up its cluster)
     * @param stepSeed   seeds the negative-prototype draws of this step (granularity m uses
     *                   {@link Seeds#mix(long, long) Seeds.mix(stepSeed, m)})
     */
    public Result compute(NDArray q, NDArray k, NDArray queue, List<PrototypeTensors> prototypes, int[] indices, long stepSeed) {
        int b = indices.length;
        LossTerm instance = InfoNce.compute(q, k, queue, temperature);
        NDArray loss = instanceTerm ? instance.loss() : null;
        Float protoLoss = null;
        Float protoAccuracy = null;
        if (prototypeTerm && !prototypes.isEmpty()) {
            NDArray protoSum = null;
            float accuracy = 0;
            for (int m = 0; m < prototypes.size(); m++) {
                PrototypeTensors p = prototypes.get(m);
                int[] positives = new int[b];
                for (int i = 0; i < b; i++) {
                    positives[i] = p.assignments()[indices[i]];
                }
                LossTerm term = ProtoNce.compute(q, positives, p.prototypes(), p.concentration(), maxNegatives, maskDuplicates,
                        new Random(Seeds.mix(stepSeed, m)));
                protoSum = protoSum == null ? term.loss() : protoSum.add(term.loss());
                accuracy += term.accuracy();
            }
            // Spec §3.4: the mean over granularities.
            NDArray protoMean = Tensors.div(protoSum, prototypes.size());
            protoLoss = protoMean.getFloat();
            protoAccuracy = accuracy / prototypes.size();
            loss = loss == null ? protoMean : loss.add(protoMean);
        }
        if (loss == null) {
            // proto-only during warm-up has nothing to optimise: a configuration error caught when
            // the run is built (warm-up 0 is required), guarded here for library callers.
            throw new IllegalStateException("the prototype-only loss needs prototypes from an E-step");
        }
        return new Result(loss, instance.loss().getFloat(), instance.accuracy(), protoLoss, protoAccuracy);
    }

    /**
     * @param loss             the scalar to back-propagate
     * @param instanceLoss     the instance term (also when it is not optimised)
     * @param instanceAccuracy fraction of rows whose key beats every queue entry
     * @param protoLoss        mean prototype term, null when no prototypes were used
     * @param protoAccuracy    mean prototype accuracy, null when no prototypes were used
     */
    public record Result(NDArray loss, float instanceLoss, float instanceAccuracy, Float protoLoss, Float protoAccuracy) {}
}
