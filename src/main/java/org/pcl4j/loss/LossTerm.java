package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;

/**
 * One contrastive term of the PCL loss (ALGORITHM.md §3.4).
 *
 * @param loss     scalar cross-entropy, still connected to the gradient graph of q
 * @param accuracy top-1 accuracy of the positive, in [0,1]
 */
public record LossTerm(NDArray loss, float accuracy) {}
