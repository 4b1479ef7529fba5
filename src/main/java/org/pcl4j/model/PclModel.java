package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Random;
import org.pcl4j.Seeds;
import org.pcl4j.tensor.Tensors;

/**
 * Everything PCL learns and carries from step to step, in one object (as MoCo's builder): the
 * query encoder f_θ (trained by the optimizer), the momentum encoder f_θ' (its exponential moving
 * average) and the queue of negative keys (ALGORITHM.md §1, §3).
 *
 * <p>A training step reads: {@link #keys} of the second view (no gradient), {@link #queries} of the
 * first view (inside a gradient collector), the loss, backward, the optimizer step, then {@link
 * #afterStep} — θ' ← m·θ' + (1−m)·θ, then the keys enter the queue. With the symmetric loss
 * (ALGORITHM.md §3.8) each view gives keys and queries, and both key batches enter the queue.
 */
public final class PclModel implements AutoCloseable {

    private final Encoder query;
    private final Encoder key;
    private final KeyQueue queue;
    private final float emaMomentum;
    private final MomentumUpdate ema;

    private PclModel(Encoder query, Encoder key, KeyQueue queue, float emaMomentum) {
        if (!(emaMomentum >= 0f && emaMomentum < 1f)) {
            throw new IllegalArgumentException("emaMomentum must be in [0, 1), got " + emaMomentum);
        }
        this.query = query;
        this.key = key;
        this.queue = queue;
        this.emaMomentum = emaMomentum;
        this.ema = new MomentumUpdate(key, query, emaMomentum);
    }

    /**
     * A fresh model: the query encoder from the engine's seeded random initialisation, the
     * momentum encoder a frozen copy of it (ALGORITHM.md §1), and r random unit keys from {@code seed}.
     *
     * @param manager where the model's arrays live (its device); the model closes its own arrays
     */
    public static PclModel create(EncoderConfig encoder, int queueSize, float emaMomentum, long seed, NDManager manager) {
        return around(Encoder.create(encoder, manager), queueSize, emaMomentum, seed, manager);
    }

    /** A model around a query encoder built elsewhere (it now belongs to the model). */
    public static PclModel around(Encoder query, int queueSize, float emaMomentum, long seed, NDManager manager) {
        Encoder key = Encoder.momentumCopyOf(query, manager);
        KeyQueue queue = new KeyQueue(manager, queueSize, query.config().dim(), seed);
        return new PclModel(query, key, queue, emaMomentum);
    }

    /**
     * Keys k = f_θ'(view) (B×dim, L2-normalised), without gradient. The momentum encoder runs in
     * training mode: BatchNorm uses batch statistics, as in MoCo.
     */
    public NDArray keys(NDArray view) {
        return key.embed(view, true).stopGradient();
    }

    /**
     * Shuffle-BN (ALGORITHM.md §3.6): both encoders normalise {@code splits} BatchNorm sub-batches
     * separately in training mode (1 = plain BatchNorm); training batches must be multiples of it.
     */
    public void setBatchNormSplits(int splits) {
        query.setBatchNormSplits(splits);
        key.setBatchNormSplits(splits);
    }

    /**
     * Keys as {@link #keys}, with the Shuffle-BN key shuffle (ALGORITHM.md §3.6): the batch goes
     * through the momentum encoder in a random order drawn from {@code seed}, and the keys come back
     * in batch order, so that its BatchNorm sub-batches hold other images than the query encoder's.
     */
    public NDArray shuffledKeys(NDArray view, long seed) {
        int b = (int) view.getShape().get(0);
        int[] order = permutation(b, seed);
        int[] inverse = new int[b];
        for (int i = 0; i < b; i++) {
            inverse[order[i]] = i;
        }
        // Both index copies before the key pass is queued: on a GPU a host-to-device copy waits for the device.
        NDArray orderIndex = Tensors.indices(view.getManager(), order);
        NDArray inverseIndex = Tensors.indices(view.getManager(), inverse);
        NDArray k = keys(view.get(new NDIndex("{}", orderIndex)));
        return k.get(new NDIndex("{}", inverseIndex));
    }

    /** The key-batch order of {@link #shuffledKeys}: a uniform random permutation of 0..n-1 (Fisher-Yates) from {@code seed}. */
    public static int[] permutation(int n, long seed) {
        return Seeds.permutation(n, new Random(seed)::nextInt);
    }

    /** Queries q = f_θ(view) (B×dim, L2-normalised); call inside a gradient collector to train. */
    public NDArray queries(NDArray view) {
        return query.embed(view, true);
    }

    /** After the optimizer step: the EMA of the momentum encoder, then {@code keys} enter the queue. */
    public void afterStep(NDArray keys) {
        ema.apply();
        queue.enqueue(keys);
    }

    /** The parameters the optimizer updates (the query encoder's learnable ones). */
    public List<Parameter> trainableParameters() {
        return query.trainableParameters();
    }

    /** {@link #trainableParameters()} as the one vector θ the optimizer steps (see {@link ParameterVector}). */
    public ParameterVector trainableVector() {
        return query.parameterVector();
    }

    public Encoder queryEncoder() {
        return query;
    }

    public Encoder momentumEncoder() {
        return key;
    }

    public KeyQueue queue() {
        return queue;
    }

    public float emaMomentum() {
        return emaMomentum;
    }

    @Override
    public void close() {
        ema.close();
        queue.close();
        query.close();
        key.close();
    }
}
