package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.pcl4j.tensor.Tensors;

/**
 * The MoCo queue of negative keys (ALGORITHM.md §1): the last r keys v', FIFO, initialised with random
 * unit vectors. Enqueueing overwrites the oldest rows in place and wraps around, so r need not be a
 * multiple of the batch size.
 */
public final class KeyQueue implements AutoCloseable {

    private final int size;
    private final int dim;
    private final NDArray keys;
    private int pointer;

    /**
     * @param manager where the r×dim queue lives (its device)
     * @param size    r, the number of keys
     * @param dim     key dimension
     * @param seed    seed of the random unit-vector initialisation (independent of the engine)
     */
    public KeyQueue(NDManager manager, int size, int dim, long seed) {
        if (size < 1 || dim < 1) {
            throw new IllegalArgumentException("queue size and dim must be positive, got " + size + ", " + dim);
        }
        this.size = size;
        this.dim = dim;
        Random rng = new Random(seed);
        float[] data = new float[Math.multiplyExact(size, dim)];
        for (int r = 0; r < size; r++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                double v = rng.nextGaussian();
                data[r * dim + d] = (float) v;
                norm += v * v;
            }
            float inv = (float) (1.0 / Math.sqrt(norm));
            for (int d = 0; d < dim; d++) {
                data[r * dim + d] *= inv;
            }
        }
        keys = Tensors.of(manager, data, new Shape(size, dim));
        NDScope.unregister(keys);
    }

    /** The keys r×dim (row order is storage order, not age). */
    public NDArray keys() {
        return keys;
    }

    /** Row where the next enqueue starts. */
    public int pointer() {
        return pointer;
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    /** Replaces the oldest B rows by {@code newKeys} (B×dim, B ≤ r), detached, in place. */
    public void enqueue(NDArray newKeys) {
        Shape shape = newKeys.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dim || shape.get(0) > size) {
            throw new IllegalArgumentException("expected B×" + dim + " keys with B <= " + size + ", got " + shape);
        }
        int b = (int) shape.get(0);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray source = newKeys.stopGradient().toDevice(keys.getDevice(), false);
            int first = Math.min(b, size - pointer);
            keys.set(new NDIndex("{}:{}", pointer, pointer + first), source.get(new NDIndex("0:{}", first)));
            if (first < b) {
                keys.set(new NDIndex("0:{}", b - first), source.get(new NDIndex("{}:{}", first, b)));
            }
        }
        pointer = (pointer + b) % size;
    }

    /** The keys as r·dim floats, row-major (for checkpoints). */
    public float[] toFloatArray() {
        return keys.toFloatArray();
    }

    /** Restores what {@link #toFloatArray()} and {@link #pointer()} returned. */
    public void restore(float[] data, int pointer) {
        if (data.length != size * dim) {
            throw new IllegalArgumentException("expected " + size * dim + " queue values, got " + data.length);
        }
        if (pointer < 0 || pointer >= size) {
            throw new IllegalArgumentException("queue pointer " + pointer + " outside [0," + size + ")");
        }
        Tensors.assign(keys, data);
        this.pointer = pointer;
    }

    @Override
    public void close() {
        keys.close();
    }
}
