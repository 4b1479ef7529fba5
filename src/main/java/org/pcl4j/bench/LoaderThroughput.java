package org.pcl4j.bench;

import java.lang.management.ManagementFactory;
import org.pcl4j.data.Batch;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;

/**
 * Images per second of the training data pipeline alone: decoding, two augmented views per image,
 * batching on the loader's worker threads, consumed as fast as they come.
 */
final class LoaderThroughput {
    private LoaderThroughput() {}

    /**
     * @param images     images (each with two views) in the timed batches
     * @param seconds    wall time of the timed batches
     * @param cpuSeconds CPU time of the whole process meanwhile: on a shared machine wall time says
     *                   more about the neighbours than about the loader
     */
    record Result(long images, double seconds, double cpuSeconds) {
        double imagesPerS() {
            return images / seconds;
        }

        /** Null when the timed batches took less CPU time than the clock resolves (a few tiny batches). */
        Double imagesPerCpuS() {
            return cpuSeconds > 0 ? images / cpuSeconds : null;
        }
    }

    /** Times {@code batches} batches after {@code warmupBatches} untimed ones (JIT, thread start). */
    static Result measure(ImageSource source, ImageTransform augmentation, int batchSize, int workers, int warmupBatches,
            int batches, long seed) {
        try (BatchLoader loader = BatchLoader.training(source, augmentation, batchSize, seed, 0, workers)) {
            if (loader.numBatches() < warmupBatches + batches) {
                throw new org.pcl4j.InputException("--pipeline-batches: " + source.description() + " gives "
                        + loader.numBatches() + " batches, fewer than " + (warmupBatches + batches));
            }
            long start = 0;
            long cpuStart = 0;
            long images = 0;
            int done = 0;
            for (Batch batch : loader) {
                if (done == warmupBatches) {
                    start = System.nanoTime();
                    cpuStart = processCpuNanos();
                }
                if (done >= warmupBatches) {
                    images += batch.size();
                }
                if (++done == warmupBatches + batches) {
                    break;
                }
            }
            return new Result(images, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStart) / 1e9);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
