package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;

/**
 * One contrastive term of the PCL loss (ALGORITHM.md §3.4), as tensors on the device of the
 * queries: computing a term reads nothing back to the host (on a GPU every read waits for the
 * device, so a training step reads its figures once, at its end).
 *
 * @param loss     scalar cross-entropy, still connected to the gradient graph of q
 * @param accuracy scalar float32, the top-1 accuracy of the positive, in [0,1]
 */
public record LossTerm(NDArray loss, NDArray accuracy) {}
