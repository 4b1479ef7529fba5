package org.pcl4j.train;

/**
 * What one M-step reports (ALGORITHM.md §3.4: both terms and their top-1 accuracies).
 *
 * @param epoch            1-based epoch
 * @param step             1-based step within the epoch
 * @param images           batch size
 * @param lr               learning rate of the step
 * @param loss             the optimised loss
 * @param lossInstance     the instance (InfoNCE) term
 * @param accInstance      instance top-1 accuracy
 * @param lossProto        mean prototype term, null during warm-up or without the prototype term
 * @param accProto         mean prototype accuracy, null likewise
 * @param embeddingSpread  the queries' spread: mean per-dimension standard deviation × √dim (about 1
 *                         for embeddings spread over the sphere, 0 when every image maps to the same
 *                         point; see {@link CollapseGuard})
 */
public record StepResult(int epoch, int step, int images, float lr, float loss, float lossInstance, float accInstance, Float lossProto,
                         Float accProto, float embeddingSpread) {}
