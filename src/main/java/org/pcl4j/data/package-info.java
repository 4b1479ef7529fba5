/**
 * Images in, normalised float batches out.
 *
 * <ul>
 *   <li>{@link org.pcl4j.data.DataSpec} parses {@code --data} and opens an {@link org.pcl4j.data.ImageSource}:
 *       {@link org.pcl4j.data.IdxSource} (Fashion-MNIST/MNIST), {@link org.pcl4j.data.CifarSource} (CIFAR-10/100
 *       binary) or {@link org.pcl4j.data.FolderSource} (image files). Index {@code i} is a sample's identity
 *       (ALGORITHM.md §1); labels are optional and only used by evaluation. Bad data fails with an
 *       {@link org.pcl4j.InputException} naming file and offset, or is skipped and counted
 *       ({@link org.pcl4j.data.ImageSource#skipped()}) with {@code --skip-bad-images}.</li>
 *   <li>{@link org.pcl4j.data.Transforms} builds the ALGORITHM.md §6 augmentations from small ops
 *       ({@code RandomResizedCrop}, {@code ColorJitter}, {@code RandomGrayscale}, {@code GaussianBlur},
 *       {@code HorizontalFlip}) composed by a {@code Pipeline} with per-thread scratch.</li>
 *   <li>{@link org.pcl4j.data.BatchLoader} runs the transforms on worker threads and hands out
 *       {@link org.pcl4j.data.Batch}es; randomness is a function of (seed, epoch, index) only.</li>
 * </ul>
 */
package org.pcl4j.data;
