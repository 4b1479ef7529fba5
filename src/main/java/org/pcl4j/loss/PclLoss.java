package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
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
        return compute(q, k, queue, draw(prototypes, indices, stepSeed, q.getManager()));
    }

    /**
     * The host-side part of one batch's prototype terms (ALGORITHM.md §3.3): each granularity's positives
     * and negative prototypes, drawn from {@code stepSeed}, copied to {@code manager}'s device in one copy.
     * A training step draws before it queues the forward passes: on a GPU a host-to-device copy waits until
     * the device has finished what was queued before it. Empty when this loss uses no prototypes.
     *
     * @param prototypes the epoch's E-step, one entry per granularity; empty during warm-up
     * @param indices    the image index of every row of the batch (to look up its cluster)
     * @param stepSeed   seeds the draws (granularity m uses {@link Seeds#mix(long, long) Seeds.mix(stepSeed, m)})
     */
    public Draw draw(List<PrototypeTensors> prototypes, int[] indices, long stepSeed, NDManager manager) {
        if (!prototypeTerm || prototypes.isEmpty()) {
            return new Draw(List.of(), List.of(), null);
        }
        int b = indices.length;
        List<ProtoNce.Columns> drawn = new ArrayList<>();
        int total = 0;
        for (int m = 0; m < prototypes.size(); m++) {
            PrototypeTensors p = prototypes.get(m);
            int[] positives = new int[b];
            for (int i = 0; i < b; i++) {
                positives[i] = p.assignments()[indices[i]];
            }
            ProtoNce.Columns c = ProtoNce.Columns.draw(positives, p.k(), maxNegatives, maskDuplicates, new Random(Seeds.mix(stepSeed, m)));
            drawn.add(c);
            total += c.columns().length;
        }
        int[] all = new int[total];
        int at = 0;
        for (ProtoNce.Columns c : drawn) {
            System.arraycopy(c.columns(), 0, all, at, c.columns().length);
            at += c.columns().length;
        }
        return new Draw(prototypes, drawn, Tensors.indices(manager, all));
    }

    /**
     * One batch's prototype-term draws ({@link #draw}).
     *
     * @param prototypes the granularities drawn for
     * @param columns    per granularity, the columns drawn on the host
     * @param index      every granularity's columns, concatenated, as one int64 tensor on the device; null when none
     */
    public record Draw(List<PrototypeTensors> prototypes, List<ProtoNce.Columns> columns, NDArray index) {
        /** Granularity {@code m}'s columns within {@link #index} (a view, no copy). */
        NDArray index(int m) {
            int from = 0;
            for (int j = 0; j < m; j++) {
                from += columns.get(j).columns().length;
            }
            return index.get(new NDIndex("{}:{}", from, from + columns.get(m).columns().length));
        }
    }

    /**
     * The loss of one batch with its prototype draws already made ({@link #draw}); reads nothing back from the device.
     *
     * @param q     queries B×dim, L2-normalised, with gradient
     * @param k     keys B×dim, L2-normalised (no gradient flows into them)
     * @param queue negative keys r×dim
     * @param drawn this batch's draws; with none (warm-up, or the instance-only ablation) only the instance term is used
     */
    public Result compute(NDArray q, NDArray k, NDArray queue, Draw drawn) {
        LossTerm instance = InfoNce.compute(q, k, queue, temperature);
        NDArray loss = instanceTerm ? instance.loss() : null;
        NDArray protoLoss = null;
        NDArray protoAccuracy = null;
        int granularities = drawn.columns().size();
        if (granularities > 0) {
            NDArray protoSum = null;
            NDArray accuracySum = null;
            for (int m = 0; m < granularities; m++) {
                PrototypeTensors p = drawn.prototypes().get(m);
                LossTerm term = ProtoNce.compute(q, drawn.columns().get(m), drawn.index(m), p.prototypes(), p.concentration());
                protoSum = protoSum == null ? term.loss() : protoSum.add(term.loss());
                accuracySum = accuracySum == null ? term.accuracy() : accuracySum.add(term.accuracy());
            }
            // Spec §3.4: the mean over granularities.
            protoLoss = Tensors.div(protoSum, granularities);
            protoAccuracy = Tensors.div(accuracySum, granularities);
            loss = loss == null ? protoLoss : loss.add(protoLoss);
        }
        if (loss == null) {
            // proto-only during warm-up has nothing to optimise: a configuration error caught when
            // the run is built (warm-up 0 is required), guarded here for library callers.
            throw new IllegalStateException("the prototype-only loss needs prototypes from an E-step");
        }
        NDList figures = new NDList(loss.stopGradient(), instance.loss().stopGradient(), instance.accuracy());
        if (protoLoss != null) {
            figures.add(protoLoss.stopGradient());
            figures.add(protoAccuracy);
        }
        return new Result(loss, NDArrays.stack(figures), protoLoss != null);
    }

    /**
     * The loss of one batch, still on the device.
     *
     * @param loss          the scalar to back-propagate
     * @param figures       what {@link #read} returns, stacked into one float32 vector (detached): reading
     *                      it is the step's one device-to-host copy
     * @param hasPrototypes whether the prototype term was used (so {@code figures} holds its two values)
     */
    public record Result(NDArray loss, NDArray figures, boolean hasPrototypes) {
        /**
         * The symmetric loss (ALGORITHM.md §3.8) from its two directions (view 1 against the key of view 2,
         * and back): the mean of their losses, and of their figures. Both must have used the same draws.
         */
        public static Result mean(Result a, Result b) {
            if (a.hasPrototypes != b.hasPrototypes) {
                throw new IllegalArgumentException("the two directions of a symmetric loss must both use prototypes, or neither");
            }
            return new Result(Tensors.div(a.loss.add(b.loss), 2f), Tensors.div(a.figures.add(b.figures), 2f), a.hasPrototypes);
        }

        /** Reads the figures (on a GPU: waits until the device has computed them). */
        public Figures read() {
            return Figures.of(figures.toFloatArray(), hasPrototypes);
        }
    }

    /**
     * One batch's loss as numbers.
     *
     * @param loss             the optimised loss
     * @param instanceLoss     the instance term (also when it is not optimised)
     * @param instanceAccuracy fraction of rows whose key beats every queue entry
     * @param protoLoss        mean prototype term, null when no prototypes were used
     * @param protoAccuracy    mean prototype accuracy, null when no prototypes were used
     */
    public record Figures(float loss, float instanceLoss, float instanceAccuracy, Float protoLoss, Float protoAccuracy) {
        /** The figures from the first 3 (or 5, with prototypes) values of {@code values}, in {@link Result#figures} order. */
        public static Figures of(float[] values, boolean hasPrototypes) {
            return new Figures(values[0], values[1], values[2], hasPrototypes ? values[3] : null, hasPrototypes ? values[4] : null);
        }
    }
}
