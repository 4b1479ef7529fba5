package org.pcl4j.train;

import java.util.Arrays;

/**
 * The defaults that scale with the data (ALGORITHM.md §5.2): the paper's values are ImageNet
 * constants (1.28 M images, 5,000 steps per epoch) that do not transfer to a 2,000- or
 * 60,000-image set. Each rule reproduces the reference recipe at its own scale and is used only
 * when the user leaves the setting unset; the config log line names the derived ones.
 */
public final class DataScaledDefaults {
    /**
     * Queue size as a fraction of N: MoCo's CIFAR-10 demo keeps 4,096 keys for 50,000 images (8%).
     * An image's own key from the previous epoch was enqueued between 0 and 2N samples ago
     * (triangular distribution), so a queue of r ≤ N keys holds it, as a false negative, for about
     * r²/(2N²) of the images: 0.3% at 8%, 50% at r = N, and every image (several times) at r ≥ 2N.
     */
    public static final double QUEUE_FRACTION = 0.08;
    /** A user-set queue above this fraction of N draws a warning (its own stale key for ≥ 3% of images). */
    public static final double QUEUE_WARN_FRACTION = 0.25;
    /** The reference's queue (ImageNet), the upper bound of the derived queue. */
    public static final int MAX_QUEUE = 16384;
    /** K = N/600, N/240, N/120: the spec's 100, 250, 500 for 60,000 images (clusters of 600, 240, 120 images on average). */
    static final int[] CLUSTER_DIVISORS = {600, 240, 120};
    /** Smallest derived K (k-means with one cluster is no clustering). */
    static final int MIN_CLUSTERS = 2;
    /** Warm-up: 20 of 200 epochs in the paper, i.e. a tenth of the epochs. */
    static final int WARMUP_DIVISOR = 10;
    /** EMA momentum bounds: MoCo's CIFAR demo (0.99, ~20k steps) and ImageNet recipe (0.999, ~1M steps). */
    static final float MIN_EMA_MOMENTUM = 0.99f;
    static final float MAX_EMA_MOMENTUM = 0.999f;
    /** Shuffle-BN: at most 8 sub-batches (MoCo's single-GPU demo and 8-GPU ImageNet runs)... */
    public static final int MAX_BN_SPLITS = 8;
    /** ...of at least 16 images each (BatchNorm statistics get noisy below that; ImageNet runs use 32 per GPU). */
    public static final int MIN_IMAGES_PER_SPLIT = 16;

    private DataScaledDefaults() {}

    /**
     * r = {@link #QUEUE_FRACTION}·N rounded to the nearest multiple of the batch, at least one batch
     * and at most {@link #MAX_QUEUE}. 50,000 images, batch 512: 4,096 (MoCo's CIFAR demo); 60,000,
     * batch 256: 4,864; 2,000, batch 128: 128; ImageNet: 16,384.
     */
    public static int queueSize(int numImages, int batchSize) {
        return queueSize(numImages, batchSize, 1);
    }

    /**
     * As {@link #queueSize(int, int)} when each step enqueues {@code keyBatches} batches of keys (2 with
     * the symmetric loss, ALGORITHM.md §3.8): at least that many batches, so that one step's keys fit.
     * The 8% is of keys, not of images: the queue spans half as many steps with two keys per image.
     */
    public static int queueSize(int numImages, int batchSize, int keyBatches) {
        if (keyBatches < 1) {
            throw new IllegalArgumentException("keyBatches must be >= 1, got " + keyBatches);
        }
        long batches = StrictMath.round(QUEUE_FRACTION * numImages / batchSize);
        long most = StrictMath.max(1, MAX_QUEUE / batchSize);
        return (int) (StrictMath.max(keyBatches, StrictMath.min(batches, most)) * batchSize);
    }

    /** Whether a user-set queue is large enough to warrant a warning ({@link #QUEUE_WARN_FRACTION}). */
    public static boolean queueTooLarge(int queueSize, int numImages) {
        return queueSize > QUEUE_WARN_FRACTION * numImages;
    }

    /** K = N/600, N/240, N/120, each at least {@link #MIN_CLUSTERS}, duplicates dropped. */
    public static int[] clusters(int numImages) {
        return Arrays.stream(CLUSTER_DIVISORS).map(d -> StrictMath.max(MIN_CLUSTERS, numImages / d)).distinct().toArray();
    }

    /** Warm-up epochs: a tenth of the epochs, rounded (20 of 200). */
    public static int warmupEpochs(int epochs) {
        return StrictMath.round(epochs / (float) WARMUP_DIVISOR);
    }

    /**
     * EMA momentum m with an averaging horizon 1/(1−m) of √T steps, T = epochs·⌊N/B⌋ optimizer steps,
     * clamped to [0.99, 0.999]: ImageNet's 1 M steps give 0.999, MoCo's CIFAR demo (~20 k steps)
     * 0.993 ≈ its 0.99; short runs get 0.99, so that the key encoder follows the query encoder.
     */
    public static float emaMomentum(int numImages, int batchSize, int epochs) {
        double steps = StrictMath.max(1.0, (double) epochs * (numImages / batchSize));
        double m = 1.0 - 1.0 / StrictMath.sqrt(steps);
        return (float) StrictMath.min(MAX_EMA_MOMENTUM, StrictMath.max(MIN_EMA_MOMENTUM, m));
    }

    /**
     * Shuffle-BN sub-batches S: the largest S ≤ {@link #MAX_BN_SPLITS} that divides the batch and
     * leaves at least {@link #MIN_IMAGES_PER_SPLIT} images per sub-batch; 1 (plain BatchNorm) when
     * none does. Batch 256 → 8, 128 → 8, 64 → 4, 32 → 2, 100 → 5, 24 → 1.
     */
    public static int bnSplits(int batchSize) {
        for (int s = MAX_BN_SPLITS; s > 1; s--) {
            if (batchSize % s == 0 && batchSize / s >= MIN_IMAGES_PER_SPLIT) {
                return s;
            }
        }
        return 1;
    }
}
