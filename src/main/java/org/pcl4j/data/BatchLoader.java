package org.pcl4j.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.Seeds;

/**
 * Turns a source into mini-batches on worker threads, a few batches ahead of the consumer, so the
 * encoder does not wait on decoding and augmentation.
 *
 * <p>Each batch is split into one chunk per worker, so all workers help with the next batch and at
 * most {@link #PREFETCH} batches (plus the one being consumed) are in memory. Randomness never
 * depends on scheduling: the order comes from {@code (seed, epoch)} and each sample's views from a
 * {@link SplittableRandom} seeded by {@code (seed, epoch, index)}, so a run is reproducible from
 * {@code --seed} whatever the number of workers.
 *
 * <p>A consumer that is done with a batch's views (the trainer, once it has copied them to the device) may hand them
 * back with {@link #recycle}: a later batch of the same size is then written into those arrays, cleared first by
 * the workers, instead of new ones. At 224 px a training batch's two views are 2 × 154 MB, which the consumer's
 * thread would otherwise allocate and zero for every batch while the device waits (docs/BENCHMARKS.md, "GPU").
 */
public final class BatchLoader implements Iterable<Batch>, AutoCloseable {
    /** Batches prepared ahead of the one being consumed. */
    public static final int PREFETCH = 3;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageSource source;
    private final ImageTransform transform;
    private final int batchSize;
    private final int[] order;
    private final int numBatches;
    private final int views;
    private final long seed;
    private final int epoch;
    private final int workers;
    private final ExecutorService pool;
    private Pass current;
    /** Views handed back by {@link #recycle}, for later full batches; at most {@link #PREFETCH} + 1. */
    private final ArrayDeque<float[][]> spare = new ArrayDeque<>();
    /** The views of the batch last returned by {@code next()}: the only ones {@link #recycle} takes. */
    private float[][] lastHandedOut;

    private BatchLoader(ImageSource source, ImageTransform transform, int batchSize, int[] order, int numBatches, int views,
            long seed, int epoch, int workers) {
        this.source = source;
        this.transform = transform;
        this.batchSize = batchSize;
        this.order = order;
        this.numBatches = numBatches;
        this.views = views;
        this.seed = seed;
        this.epoch = epoch;
        this.workers = workers;
        int poolId = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "pcl4j-loader-" + poolId + "-" + threads.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive after the consumer is gone
            return t;
        };
        this.pool = Executors.newFixedThreadPool(workers, factory);
    }

    /**
     * One training epoch: a shuffled order from {@code (seed, epoch)}, two augmented views per sample,
     * and only full batches (the last incomplete one is dropped, as MoCo's {@code drop_last}).
     */
    public static BatchLoader training(ImageSource source, ImageTransform augmentation, int batchSize, long seed, int epoch,
            int workers) {
        check(source, batchSize, workers);
        if (source.size() < batchSize) {
            throw new SettingException("batchSize", "{batchSize} " + batchSize + " exceeds the " + source.size() + " images of "
                    + source.description());
        }
        int[] order = shuffled(source.size(), new SplittableRandom(mix(seed, epoch, -1)));
        return new BatchLoader(source, augmentation, batchSize, order, source.size() / batchSize, 2, seed, epoch, workers);
    }

    /** Every image exactly once, in index order, one view each; the last batch may be smaller. */
    public static BatchLoader evaluation(ImageSource source, ImageTransform transform, int batchSize, int workers) {
        check(source, batchSize, workers);
        int[] order = new int[source.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int numBatches = (source.size() + batchSize - 1) / batchSize;
        return new BatchLoader(source, transform, batchSize, order, numBatches, 1, 0, 0, workers);
    }

    /**
     * What every loader checks on creation: a positive batch size and number of workers, a source with images. Public
     * for holders of a loader's settings that create it late (the kNN monitor, after an epoch), to fail before then.
     */
    public static void check(ImageSource source, int batchSize, int workers) {
        if (batchSize <= 0) {
            throw new SettingException("batchSize", "{batchSize} must be positive, got " + batchSize);
        }
        if (workers <= 0) {
            throw new SettingException("workers", "{workers} must be positive, got " + workers);
        }
        if (source.size() == 0) {
            throw new InputException(source.description() + ": no images");
        }
    }

    public int numBatches() {
        return numBatches;
    }

    /** The images per epoch this loader yields ({@code numBatches × batchSize} for training). */
    public int numSamples() {
        return Math.min(order.length, numBatches * batchSize);
    }

    /**
     * Starts a pass over the batches. Starting a new pass abandons the previous one; the loader must
     * not be shared between consumer threads.
     */
    @Override
    public synchronized Iterator<Batch> iterator() {
        if (pool.isShutdown()) {
            throw new IllegalStateException("BatchLoader is closed");
        }
        if (current != null) {
            current.cancel();
        }
        current = new Pass();
        return current;
    }

    /**
     * Hands back the views of the batch last returned by this loader's iterator: the caller will not read them again
     * (a later batch is written into them). Anything else (an older batch, a partial batch, a batch made elsewhere)
     * is ignored, so a mistaken call can never have this loader overwrite arrays it did not just hand out.
     */
    public synchronized void recycle(Batch batch) {
        float[][] v = batch.views();
        if (v == lastHandedOut && batch.size() == batchSize && spare.size() <= PREFETCH) {
            spare.push(v);
        }
        lastHandedOut = null;
    }

    private synchronized float[][] viewArrays(int n) {
        if (n == batchSize && !spare.isEmpty()) {
            return spare.pop();
        }
        return new float[views][n * transform.outputLength()];
    }

    private synchronized void handedOut(Batch batch) {
        lastHandedOut = batch.views();
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.cancel();
        }
        pool.shutdownNow();
    }

    /** A batch whose chunks are still being filled by the workers. */
    private record Pending(Batch batch, List<Future<?>> chunks) {}

    private final class Pass implements Iterator<Batch> {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private int scheduled;

        Pass() {
            while (scheduled < numBatches && queue.size() < PREFETCH) {
                schedule();
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public Batch next() {
            Pending head = queue.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            if (scheduled < numBatches) {
                schedule();
            }
            for (Future<?> chunk : head.chunks) {
                await(chunk);
            }
            handedOut(head.batch);
            return head.batch;
        }

        private void await(Future<?> chunk) {
            try {
                chunk.get();
            } catch (ExecutionException e) {
                cancel();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re; // an InputException for a corrupt image reaches the CLI unchanged
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("data loader worker failed", cause);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            } catch (CancellationException e) {
                throw new IllegalStateException("BatchLoader was closed or restarted", e);
            }
        }

        private void schedule() {
            int b = scheduled++;
            int start = b * batchSize;
            int n = Math.min(batchSize, order.length - start);
            int[] indices = new int[n];
            System.arraycopy(order, start, indices, 0, n);
            int[] labels = null;
            if (source.hasLabels()) {
                labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = source.label(indices[i]);
                }
            }
            float[][] out = viewArrays(n);
            Batch batch = new Batch(indices, labels, out, transform.outputChannels(), transform.outputSize());
            int chunks = Math.min(workers, n);
            List<Future<?>> futures = new ArrayList<>(chunks);
            for (int k = 0; k < chunks; k++) {
                int from = (int) ((long) n * k / chunks);
                int to = (int) ((long) n * (k + 1) / chunks);
                futures.add(pool.submit(() -> fill(indices, out, from, to)));
            }
            queue.add(new Pending(batch, futures));
        }

        void cancel() {
            for (Pending p : queue) {
                p.chunks.forEach(f -> f.cancel(true));
            }
            queue.clear();
            scheduled = numBatches;
        }
    }

    /**
     * Fills samples {@code [from, to)} of a batch; runs on a worker. Each sample's slots are cleared first, so that
     * recycled arrays hold what new ones would for a transform that leaves some of its output unwritten.
     */
    private void fill(int[] indices, float[][] out, int from, int to) {
        int length = transform.outputLength();
        for (int i = from; i < to; i++) {
            int index = indices[i];
            Image image = source.image(index);
            SplittableRandom rng = new SplittableRandom(mix(seed, epoch, index));
            for (int v = 0; v < views; v++) {
                Arrays.fill(out[v], i * length, (i + 1) * length, 0f);
                transform.apply(image, rng, out[v], i * length);
            }
        }
    }

    /** Fisher–Yates permutation of 0..n-1 ({@link Seeds#permutation}). */
    static int[] shuffled(int n, SplittableRandom rng) {
        return Seeds.permutation(n, rng::nextInt);
    }

    /** The seed of a sample's views (or, with index -1, of the epoch's order): {@link Seeds#mix}. */
    static long mix(long seed, long epoch, long index) {
        return Seeds.mix(seed, epoch, index);
    }
}
