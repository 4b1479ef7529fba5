package org.pcl4j.data;

/**
 * A mini-batch as plain arrays, ready to be copied into tensors.
 *
 * @param indices sample indices (ALGORITHM.md §1: the key to the E-step's assignments)
 * @param labels  class labels, or {@code null} when the source is unlabelled
 * @param views   one flat CHW float array of {@code size * C * S * S} per view (two for training, one for evaluation)
 */
public record Batch(int[] indices, int[] labels, float[][] views, int channels, int imageSize) {
    public int size() {
        return indices.length;
    }
}
