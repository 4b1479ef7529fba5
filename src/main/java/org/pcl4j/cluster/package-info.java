/**
 * The clustering engine of the E-step (ALGORITHM.md §2.2–2.5), usable on its own.
 *
 * <ul>
 *   <li>{@link org.pcl4j.cluster.KMeans} — k-means with squared L2 (Lloyd), faiss semantics: random
 *       initialisation from K distinct training points (not k-means++: that needs K sequential passes
 *       over the data, hours for K = 100,000; random init is O(K·d) and is what faiss, hence the
 *       reference implementation, does), 20 iterations, 5 restarts keeping the lowest objective,
 *       training on at most 1000·K points, then assignment of all N points; empty clusters re-seeded
 *       by splitting a big one ({@code ClusterSplit}) and counted.
 *   <li>Speed: the assignment step is ‖c‖² − 2·x·Cᵀ on the tensor engine in tiles of
 *       {@code blockRows × blockCentroids} with a running arg-min ({@code NearestCentroid}), so the
 *       N×K matrix never exists; the update step sorts the labels once and sums each block of
 *       consecutive sorted points with a small one-hot matrix product ({@code CentroidUpdate}), a few
 *       percent of the distance cost; no Java loop over points in either step.
 *   <li>{@link org.pcl4j.cluster.Concentration} — φ of ALGORITHM.md §2.3; {@link org.pcl4j.cluster.Prototypes}
 *       — normalised centroids + assignments + φ per granularity.
 *   <li>Determinism: same input and seed → identical result, and the result does not depend on the
 *       tile sizes (tested), because ties go to the lowest index and the distance and update sums
 *       are computed in an order that does not depend on the tiling.
 *   <li>Memory beyond the features: the training subsample (only if N &gt; 1000·K), K×d centroids and
 *       sums, a few N-vectors, one distance tile.
 * </ul>
 *
 * <p>Benchmark: {@code bench/kmeans} compares with faiss-CPU on the same seeded features (see the
 * script's header for the options and the JSON it prints).
 */
package org.pcl4j.cluster;
