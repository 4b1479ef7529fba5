package org.pcl4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.pcl4j.data.Batch;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.Transforms;
import org.pcl4j.tensor.Tensors;

/**
 * Features of a whole data set (ALGORITHM.md §2.1: E-step features; ALGORITHM.md §7: frozen features for the
 * evaluations), one row per image, in sample-index order.
 */
public final class FeatureExtractor {

    private FeatureExtractor() {}

    /**
     * The embeddings of every image of {@code images} (L2-normalised, n×dim, row i = image i) with
     * the evaluation transform (resize, centre crop, normalise; ALGORITHM.md §6), for callers of the library.
     */
    public static NDArray embed(Encoder encoder, ImageSource images, NDManager into) {
        ImageTransform transform = Transforms.eval(images, encoder.config().imageSize());
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        try (BatchLoader loader = BatchLoader.evaluation(images, transform, EMBED_BATCH, workers)) {
            return extract(encoder, loader, images.size(), true, into);
        }
    }

    /** Batch size of {@link #embed}: large enough to keep a device busy, small enough for 224 px ResNet-50 on a CPU. */
    private static final int EMBED_BATCH = 256;

    /**
     * Runs {@code encoder} in eval mode, without gradient, over the first view of every batch.
     *
     * @param batches images of the data set, each index in [0,n) exactly once over all batches; a {@link BatchLoader}
     *                gets each batch's view back once it is copied ({@link BatchLoader#recycle})
     * @param n       number of images
     * @param head    {@code true}: L2-normalised embeddings n×dim; {@code false}: backbone features
     *                n×width
     * @param into    manager of the result
     * @throws IllegalStateException when an index is out of range, seen twice, or never seen
     *                               (ALGORITHM.md §2.1: exactly one feature per image)
     */
    public static NDArray extract(Encoder encoder, Iterable<Batch> batches, int n, boolean head, NDManager into) {
        int width = head ? encoder.config().dim() : encoder.featureWidth();
        float[] out = new float[Math.multiplyExact(n, width)];
        boolean[] seen = new boolean[n];
        int count = 0;
        Tensors.Staging staging = new Tensors.Staging();
        for (Batch batch : batches) {
            float[] rows;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray images = Encoder.images(batch, 0, encoder.manager(), staging);
                if (batches instanceof BatchLoader loader) {
                    loader.recycle(batch); // copied: the loader may write a later batch into this view
                }
                NDArray f = head ? encoder.embed(images, false) : encoder.features(images, false);
                rows = f.toFloatArray();
            }
            int[] indices = batch.indices();
            for (int r = 0; r < indices.length; r++) {
                int i = indices[r];
                if (i < 0 || i >= n) {
                    throw new IllegalStateException("sample index " + i + " outside [0," + n + ")");
                }
                if (seen[i]) {
                    throw new IllegalStateException("sample index " + i + " seen twice");
                }
                seen[i] = true;
                System.arraycopy(rows, r * width, out, i * width, width);
            }
            count += indices.length;
        }
        if (count != n) {
            throw new IllegalStateException("saw " + count + " of " + n + " images");
        }
        return Tensors.of(into, out, new Shape(n, width));
    }
}
