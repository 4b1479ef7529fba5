package org.pcl4j.train;

/**
 * One line of {@code OUT/metrics.jsonl}: the means over the epoch's steps and the epoch's timings.
 * JSON names are snake_case ({@code loss_instance}, {@code knn_top1}, ...); a value that does not
 * apply (no prototype term during warm-up, no labels for kNN) is {@code null}.
 */
public record EpochMetrics(
        int epoch,
        double lr,
        double loss,
        double lossInstance,
        Double lossProto,
        double accInstance,
        Double accProto,
        double imagesPerS,
        Double estepSeconds,
        double mstepSeconds,
        Double knnTop1,
        Double evalSeconds,
        double epochSeconds) {

    /** This line with an end-of-epoch evaluation filled in; its time counts towards the epoch's. */
    public EpochMetrics withEvaluation(Double knnTop1, double evalSeconds) {
        return new EpochMetrics(epoch, lr, loss, lossInstance, lossProto, accInstance, accProto, imagesPerS, estepSeconds, mstepSeconds,
                knnTop1, evalSeconds, epochSeconds + evalSeconds);
    }
}
