package org.pcl4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * Top-k neighbours by score {@code q·m + bias(m)}, computed in blocks of query rows with a matmul
 * on the tensor engine so that the full {@code queries × memory} matrix never exists at once.
 *
 * <p>With L2-normalised rows and no bias the score is the cosine similarity (the kNN monitor,
 * ALGORITHM.md §7); with {@code bias = -|m|²/2} it ranks by Euclidean distance, since
 * {@code |q-m|² = |q|² - 2(q·m - |m|²/2)} (t-SNE's neighbour graph).
 */
final class NearestNeighbours {
    /** About 64 Mi floats (256 MB) per block of scores. */
    private static final long BLOCK_FLOATS = 1L << 26;

    private NearestNeighbours() {}

    /**
     * @param indices per query, the {@code k} memory rows with the highest scores, best first
     * @param scores  their scores
     */
    record Result(int[][] indices, float[][] scores) {}

    /**
     * @param queries (Q, d)
     * @param memory  (N, d), on the same device
     * @param bias    (N,) added to every query's scores, or {@code null}
     * @param k       neighbours per query, at most N
     */
    static Result search(NDArray queries, NDArray memory, NDArray bias, int k) {
        int q = (int) queries.getShape().get(0);
        long n = memory.getShape().get(0);
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        int block = (int) Math.max(1, Math.min(q, BLOCK_FLOATS / n));
        int[][] indices = new int[q][];
        float[][] scores = new float[q][];
        try (NDScope outer = new NDScope()) {
            NDArray memoryT = memory.transpose();
            for (int start = 0; start < q; start += block) {
                int end = Math.min(q, start + block);
                try (NDScope scope = new NDScope()) {
                    NDArray s = queries.get(new NDIndex("{}:{}", start, end)).matMul(memoryT);
                    if (bias != null) {
                        s = s.add(bias);
                    }
                    NDList top = s.topK(k, 1, true, true);
                    float[] values = top.get(0).toFloatArray();
                    long[] idx = top.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
                    for (int r = 0; r < end - start; r++) {
                        int[] ri = new int[k];
                        float[] rs = new float[k];
                        for (int j = 0; j < k; j++) {
                            ri[j] = (int) idx[r * k + j];
                            rs[j] = values[r * k + j];
                        }
                        indices[start + r] = ri;
                        scores[start + r] = rs;
                    }
                }
            }
            outer.suppressNotUsedWarning();
        }
        return new Result(indices, scores);
    }
}
