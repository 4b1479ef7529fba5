package org.pcl4j.data;

/**
 * Throughput of the training loader on Fashion-MNIST (two aug+ views, 28×28, batch 256), with 1 and 2
 * workers. Not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.pcl4j.data.LoaderBenchmark}.
 */
public final class LoaderBenchmark {
    private LoaderBenchmark() {}

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) {
        ImageSource src = DataSpec.parse(args.length > 0 ? args[0] : "fashion-mnist").open(Split.TRAIN, SourceOptions.defaults());
        ImageTransform aug = Transforms.train(AugmentationPolicy.AUG_PLUS, src, src.imageSize());
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        for (int workers : new int[] {1, 2, 1, 2}) { // second round: after JIT warm-up
            try (BatchLoader loader = BatchLoader.training(src, aug, 256, 0, workers, workers)) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                int n = 0;
                for (Batch b : loader) {
                    n += b.size();
                    if (n >= batches * 256) {
                        break;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = (processCpuNanos() - cpuStart) / 1e9;
                // CPU time as well: on a shared machine wall time says more about the neighbours than the loader.
                System.out.printf("workers=%d: %d images (2 views each) in %.2f s = %.0f images/s wall, %.0f images per CPU-second%n",
                        workers, n, seconds, n / seconds, n / cpu);
            }
        }
    }
}
