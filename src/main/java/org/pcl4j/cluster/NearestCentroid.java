package org.pcl4j.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.pcl4j.tensor.Tensors;

/**
 * The assignment step of k-means: for every point its nearest centroid under squared L2.
 *
 * <p>‖x−c‖² = ‖x‖² − 2·x·cᵀ + ‖c‖², so one tile of distances is a single matrix product on the
 * tensor engine (BLAS on CPU, cuBLAS on GPU: wherever the arrays live). Tiles are {@code blockRows}
 * points × {@code blockCentroids} centroids, so the N×K matrix never exists: memory stays bounded
 * for N = 1.28M, K = 100,000. Across centroid tiles a running minimum is kept; a later tile wins only
 * when strictly closer, so ties go to the lowest centroid index exactly as an unblocked
 * {@code argMin} would, and the result does not depend on the tile sizes.
 */
final class NearestCentroid {
    private NearestCentroid() {}

    /**
     * Nearest centroids of all points, on the points' device. The caller owns (and closes) both arrays.
     *
     * @param indices int64, one centroid index per point
     * @param squaredDistances float32, ‖x − c‖² recomputed directly (no cancellation, never negative)
     */
    record Assignment(NDArray indices, NDArray squaredDistances) implements AutoCloseable {
        @Override
        public void close() {
            indices.close();
            squaredDistances.close();
        }
    }

    /** As {@link #search(NDArray, NDArray, int, int)} in the tiles of {@code cfg}, its rows chosen for the points' device. */
    static Assignment search(NDArray points, NDArray centroids, KMeansConfig cfg) {
        return search(points, centroids, cfg.blockRowsOn(points.getDevice()), cfg.blockCentroids());
    }

    private static Assignment search(NDArray points, NDArray centroids, int blockRows, int blockCentroids) {
        long n = points.getShape().get(0);
        long k = centroids.getShape().get(0);
        NDList indexBlocks = new NDList();
        NDList distanceBlocks = new NDList();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // Augmented centroids [−2c | ‖c‖²] (K×(d+1)) against augmented points [x | 1]: one matrix
            // product gives ‖c‖² − 2x·c with no elementwise pass over the B×K tile. ‖x‖² is constant per
            // row, so it does not change the arg-min.
            NDArray augmented = Tensors.mul(centroids, -2f).concat(centroids.square().sum(new int[] {1}, true), 1);
            for (long r0 = 0; r0 < n; r0 += blockRows) {
                long r1 = Math.min(n, r0 + blockRows);
                try (NDScope block = new NDScope()) {
                    block.suppressNotUsedWarning();
                    NDArray x = points.get(new NDIndex("{}:{}", r0, r1));
                    NDArray xOne = x.concat(x.getManager().ones(new Shape(r1 - r0, 1), x.getDataType(), x.getDevice()), 1);
                    NDArray best = null;
                    NDArray bestIndex = null;
                    for (long c0 = 0; c0 < k; c0 += blockCentroids) {
                        long c1 = Math.min(k, c0 + blockCentroids);
                        NDArray partial = xOne.matMul(augmented.get(new NDIndex("{}:{}", c0, c1)).transpose());
                        NDArray tileIndex = partial.argMin(1);
                        // The minimum by gathering at the arg-min: B values, not a second pass over B×K.
                        NDArray tileMin = partial.gather(tileIndex.expandDims(1), 1).squeeze(1);
                        if (best == null) {
                            best = tileMin;
                            bestIndex = tileIndex;
                        } else {
                            NDArray closer = tileMin.lt(best);
                            best = NDArrays.where(closer, tileMin, best);
                            bestIndex = NDArrays.where(closer, Tensors.add(tileIndex, c0), bestIndex);
                        }
                    }
                    // The distance itself is recomputed as ‖x − c‖² from the chosen centroid: O(B·d), free
                    // of the cancellation in ‖x‖² − 2x·c + ‖c‖² and independent of the tiling.
                    NDArray distances = x.sub(centroids.get(new NDIndex("{}", bestIndex))).square().sum(new int[] {1});
                    NDScope.unregister(bestIndex, distances);
                    indexBlocks.add(bestIndex);
                    distanceBlocks.add(distances);
                }
            }
        }
        return new Assignment(concat(indexBlocks), concat(distanceBlocks));
    }

    private static NDArray concat(NDList blocks) {
        if (blocks.size() == 1) {
            return blocks.get(0);
        }
        NDArray all = NDArrays.concat(blocks);
        blocks.close();
        return all;
    }
}
