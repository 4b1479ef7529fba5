/**
 * Evaluation protocols and pictures of ALGORITHM.md §7, on frozen features.
 *
 * <ul>
 *   <li>{@link org.pcl4j.eval.Knn}: weighted kNN (k = 200, exp(sim/0.1)), similarities by matmul on the tensor engine.</li>
 *   <li>{@link org.pcl4j.eval.LinearProbe} and {@link org.pcl4j.eval.LowShot}: linear classifiers from LIBLINEAR
 *       (de.bwaldvogel:liblinear, BSD-3).</li>
 *   <li>{@link org.pcl4j.eval.ClusteringMetrics}: NMI and AMI, by hand (the JVM libraries that have them are GPL).</li>
 *   <li>{@link org.pcl4j.eval.Tsne}: Barnes-Hut t-SNE, by hand (no maintained t-SNE for the JVM on Maven Central).</li>
 *   <li>{@link org.pcl4j.eval.Charts}: scatter and curve charts with JFreeChart (LGPL-2.1);
 *       {@link org.pcl4j.eval.ClusterGrid}: the image grid with java.awt.</li>
 * </ul>
 *
 * <p>Features reach the protocols through {@link org.pcl4j.eval.FeatureSource}: {@code .npy} files now,
 * a checkpoint's encoder through the same interface.
 */
package org.pcl4j.eval;
