package org.pcl4j.data;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded images of a file-backed source, kept in memory up to a byte budget, so that each file is
 * decoded once instead of once per pass (an epoch reads every image at least twice: the E-step's
 * feature pass and the M-step; the kNN monitor reads the training images again).
 *
 * <p>Why a budget rather than all or nothing: a folder of small images (CIFAR-10's 50,000 JPEGs are
 * 150 MB decoded) fits many times over, a folder of photos does not (ImageNet's would be ~200 GB). The
 * first images offered are kept until the budget is spent; the rest are decoded each time, as without
 * a cache. Kept images never leave, so memory stays flat over a run.
 *
 * <p>Callers get a copy of a kept image: the data set cannot be altered through the arrays it returns
 * (as {@link InMemorySource} does). Safe for the loader's concurrent workers.
 */
final class DecodedImageCache {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedImageCache.class);
    /** Bytes an image costs beyond its pixels (the record and the array's headers), so that a budget holds for tiny images too. */
    static final long OVERHEAD_BYTES = 64;

    private final AtomicReferenceArray<Image> images;
    private final long budgetBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicBoolean fullLogged = new AtomicBoolean();
    private final String owner;

    /**
     * @param size        number of images of the source
     * @param budgetBytes most bytes the kept images take (0: keep none)
     * @param owner       the source and where its budget comes from, for the log line when the budget is spent
     */
    DecodedImageCache(int size, long budgetBytes, String owner) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budgetBytes must be >= 0, got " + budgetBytes);
        }
        this.images = new AtomicReferenceArray<>(size);
        this.budgetBytes = budgetBytes;
        this.owner = owner;
    }

    /** A copy of kept image {@code index}, or null when it is not kept. */
    Image get(int index) {
        Image kept = images.get(index);
        return kept == null ? null : copy(kept);
    }

    /**
     * Keeps {@code image} as image {@code index} if the budget allows and it is not kept yet. The caller
     * must not change {@code image} afterwards (hand out {@link #copy} of it instead).
     */
    void offer(int index, Image image) {
        if (images.get(index) != null) {
            return;
        }
        long cost = image.pixels().length + OVERHEAD_BYTES;
        if (usedBytes.addAndGet(cost) > budgetBytes) {
            usedBytes.addAndGet(-cost);
            if (budgetBytes > 0 && !fullLogged.getAndSet(true)) {
                LOG.info("{}: decoded-image cache full at {} MB; the images beyond it are decoded on every pass", owner,
                        (budgetBytes + (1 << 19)) >> 20);
            }
            return;
        }
        if (!images.compareAndSet(index, null, image)) {
            usedBytes.addAndGet(-cost); // another worker kept the same image first
        }
    }

    /** Bytes the kept images take (pixels plus {@link #OVERHEAD_BYTES} each). */
    long usedBytes() {
        return usedBytes.get();
    }

    static Image copy(Image image) {
        return new Image(image.pixels().clone(), image.channels(), image.height(), image.width());
    }
}
