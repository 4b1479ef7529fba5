package org.pcl4j.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pcl4j.tensor.Tensors;

/**
 * The update step of k-means: every centroid becomes the mean of its members, on the tensor engine,
 * without a Java loop over points.
 *
 * <p>How: the points are visited in order of their cluster (one native arg-sort of the N labels).
 * A block of {@link #ROWS} consecutive sorted points then covers only a few clusters — about
 * {@code ROWS·K/N} + 1 — and their sums are one small matrix product
 * {@code onehot(local label)ᵀ · points}, added into the K×d sums at those clusters' rows. This costs
 * about N·(ROWS·K/N)·d multiply-adds, a few percent of the distance step, where a one-hot product
 * against all K clusters would cost as much as the distance step itself, and a cumulative sum would
 * lose float32 precision over N rows. The block size is fixed (not {@code blockRows}) so that the
 * summation order, hence the result to the last bit, does not depend on the tiling of the distances;
 * the temporaries stay below ROWS² floats.
 */
final class CentroidUpdate {
    static final int ROWS = 4096;

    private CentroidUpdate() {}

    /** Per-cluster sums (k×d float32) and member counts (k int64) on the points' device. */
    record Sums(NDArray sums, NDArray counts) implements AutoCloseable {
        @Override
        public void close() {
            sums.close();
            counts.close();
        }
    }

    static Sums sums(NDArray points, NDArray labels, int k) {
        long n = points.getShape().get(0);
        long d = points.getShape().get(1);
        NDArray sums = points.getManager().zeros(new Shape(k, d), DataType.FLOAT32, points.getDevice());
        NDArray counts = points.getManager().zeros(new Shape(k), DataType.INT64, points.getDevice());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray order = labels.argSort(0, true);
            NDArray sorted = labels.get(new NDIndex("{}", order));
            for (long r0 = 0; r0 < n; r0 += ROWS) {
                long r1 = Math.min(n, r0 + ROWS);
                try (NDScope block = new NDScope()) {
                    block.suppressNotUsedWarning();
                    NDIndex range = new NDIndex("{}:{}", r0, r1);
                    NDList clusters = sorted.get(range).unique(null, true, true, true);
                    NDArray ids = clusters.get(0);
                    NDArray local = clusters.get(1);
                    NDArray members = points.get(new NDIndex("{}", order.get(range)));
                    NDArray partial = local.oneHot((int) ids.size(), DataType.FLOAT32).transpose().matMul(members);
                    // ids are distinct, so gather-add-scatter adds each partial sum exactly once.
                    NDIndex at = new NDIndex("{}", ids);
                    sums.set(at, sums.get(at).add(partial));
                    counts.set(at, counts.get(at).add(clusters.get(2)));
                }
            }
        }
        return new Sums(sums, counts);
    }

    /** Means of the clusters; an empty cluster gets the zero vector (it is re-seeded afterwards). */
    static NDArray means(Sums s) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray means = s.sums().div(Tensors.maximum(s.counts(), 1f).toType(DataType.FLOAT32, false).expandDims(1));
            NDScope.unregister(means);
            return means;
        }
    }
}
