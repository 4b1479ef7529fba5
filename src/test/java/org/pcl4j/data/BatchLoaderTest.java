package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;

class BatchLoaderTest {
    private static final int N = 50;
    private static final int B = 8;

    private static ImageSource source() {
        List<Image> images = IntStream.range(0, N).mapToObj(i -> TransformsTest.randomImage(1, 12, 12, i)).toList();
        return Fixtures.gray(images);
    }

    private static List<Batch> all(BatchLoader loader) {
        List<Batch> out = new ArrayList<>();
        loader.forEach(out::add);
        return out;
    }

    @Test
    void trainingCoversFullBatchesOfDistinctIndicesInANewOrderEachEpoch() {
        ImageSource src = source();
        ImageTransform aug = Transforms.train(AugmentationPolicy.AUG_PLUS, src, 10);
        List<int[]> orders = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            try (BatchLoader loader = BatchLoader.training(src, aug, B, 7, epoch, 2)) {
                assertThat(loader.numBatches()).isEqualTo(N / B);
                List<Batch> batches = all(loader);
                assertThat(batches).hasSize(N / B);
                Set<Integer> seen = new HashSet<>();
                int[] order = batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
                for (Batch b : batches) {
                    assertThat(b.size()).isEqualTo(B);
                    assertThat(b.views()).hasNumberOfRows(2);
                    assertThat(b.views()[0]).hasSize(B * 10 * 10);
                    assertThat(b.channels()).isEqualTo(1);
                    assertThat(b.imageSize()).isEqualTo(10);
                    assertThat(b.views()[0]).isNotEqualTo(b.views()[1]); // two different augmentations
                    for (int i = 0; i < B; i++) {
                        assertThat(b.labels()[i]).isEqualTo(src.label(b.indices()[i]));
                    }
                }
                for (int index : order) {
                    seen.add(index);
                }
                assertThat(seen).hasSize((N / B) * B).allMatch(i -> i >= 0 && i < N);
                orders.add(order);
            }
        }
        assertThat(orders.get(0)).isNotEqualTo(orders.get(1));
    }

    @Test
    void sameSeedGivesIdenticalBatchesWhateverTheWorkerCount() {
        ImageSource src = source();
        ImageTransform aug = Transforms.train(AugmentationPolicy.AUG_PLUS, src, 10);
        List<Batch> one;
        List<Batch> three;
        List<Batch> otherSeed;
        try (BatchLoader a = BatchLoader.training(src, aug, B, 11, 3, 1);
                BatchLoader b = BatchLoader.training(src, aug, B, 11, 3, 3);
                BatchLoader c = BatchLoader.training(src, aug, B, 12, 3, 3)) {
            one = all(a);
            three = all(b);
            otherSeed = all(c);
        }
        assertThat(three).hasSameSizeAs(one);
        for (int k = 0; k < one.size(); k++) {
            assertThat(three.get(k).indices()).isEqualTo(one.get(k).indices());
            assertThat(three.get(k).views()[0]).isEqualTo(one.get(k).views()[0]);
            assertThat(three.get(k).views()[1]).isEqualTo(one.get(k).views()[1]);
        }
        assertThat(otherSeed.get(0).indices()).isNotEqualTo(one.get(0).indices());
    }

    @Test
    void recycledViewsCarryLaterBatchesWithTheSameContentAsNewArrays() {
        ImageSource src = source();
        // a transform that leaves half of its output unwritten: recycled arrays must read as new (zeroed) ones there
        ImageTransform aug = Transforms.train(AugmentationPolicy.AUG_PLUS, src, 10);
        ImageTransform halfWritten = new ImageTransform() {
            @Override
            public int outputSize() {
                return 10;
            }

            @Override
            public int outputChannels() {
                return 1;
            }

            @Override
            public void apply(Image image, java.util.SplittableRandom rng, float[] out, int offset) {
                float[] full = new float[outputLength()];
                aug.apply(image, rng, full, 0);
                System.arraycopy(full, 0, out, offset, full.length / 2);
            }
        };
        for (ImageTransform t : List.of(aug, halfWritten)) {
            List<Batch> fresh;
            try (BatchLoader plain = BatchLoader.training(src, t, B, 5, 2, 3)) {
                fresh = all(plain);
            }
            List<float[][]> contents = new ArrayList<>();
            Set<float[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            try (BatchLoader recycling = BatchLoader.training(src, t, B, 5, 2, 3)) {
                for (Batch b : recycling) {
                    contents.add(new float[][] {b.views()[0].clone(), b.views()[1].clone()});
                    arrays.add(b.views()[0]);
                    recycling.recycle(b);
                }
            }
            assertThat(contents).hasSameSizeAs(fresh);
            for (int k = 0; k < fresh.size(); k++) {
                assertThat(contents.get(k)[0]).isEqualTo(fresh.get(k).views()[0]);
                assertThat(contents.get(k)[1]).isEqualTo(fresh.get(k).views()[1]);
            }
            // 6 batches, at most PREFETCH + 1 ahead of the consumer: the arrays were used again
            assertThat(arrays).hasSizeLessThan(fresh.size()).hasSizeLessThanOrEqualTo(BatchLoader.PREFETCH + 1);
        }
    }

    @Test
    void recycleTakesOnlyTheBatchItJustHandedOut() {
        ImageSource src = source();
        ImageTransform aug = Transforms.train(AugmentationPolicy.AUG_PLUS, src, 10);
        try (BatchLoader loader = BatchLoader.training(src, aug, B, 5, 0, 2)) {
            Batch foreign = new Batch(new int[B], null, new float[2][B * 100], 1, 10);
            java.util.Iterator<Batch> it = loader.iterator();
            Batch first = it.next();
            Batch second = it.next();
            loader.recycle(foreign); // not this loader's
            loader.recycle(first); // not the last one handed out
            float[] kept = first.views()[0].clone();
            List<float[]> later = new ArrayList<>();
            while (it.hasNext()) {
                later.add(it.next().views()[0]);
            }
            assertThat(later).noneMatch(a -> a == foreign.views()[0] || a == first.views()[0] || a == second.views()[0]);
            assertThat(first.views()[0]).isEqualTo(kept);
            assertThat(foreign.views()[0]).containsOnly(0f);
        }
    }

    @Test
    void evaluationYieldsEveryImageOnceInOrderWithAPartialLastBatch() {
        ImageSource src = source();
        ImageTransform eval = Transforms.eval(src, 12);
        try (BatchLoader loader = BatchLoader.evaluation(src, eval, B, 3)) {
            assertThat(loader.numBatches()).isEqualTo(7);
            List<Batch> batches = all(loader);
            assertThat(batches).hasSize(7);
            assertThat(batches.get(6).size()).isEqualTo(N % B);
            assertThat(batches.get(6).views()[0]).hasSize((N % B) * 144);
            int[] indices = batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
            assertThat(indices).isEqualTo(IntStream.range(0, N).toArray());
            // one view, equal to the transform applied directly
            Batch last = batches.get(6);
            assertThat(last.views()).hasNumberOfRows(1);
            float[] direct = new float[144];
            eval.apply(src.image(49), new java.util.SplittableRandom(0), direct, 0);
            assertThat(Arrays.copyOfRange(last.views()[0], 144, 288)).isEqualTo(direct);
            // a second pass gives the same again
            assertThat(all(loader)).hasSize(7);
        }
    }

    @Test
    void workerFailureReachesTheConsumer() {
        ImageSource failing = new DelegatingFailure(source(), 13);
        try (BatchLoader loader = BatchLoader.evaluation(failing, Transforms.eval(failing, 12), B, 2)) {
            assertThatThrownBy(() -> all(loader))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("image 13 is corrupt");
        }
    }

    @Test
    void unlabelledSourcesGiveNullLabelsAndBadArgumentsAreInputErrors() {
        ImageSource src = new DelegatingFailure(source(), -1);
        try (BatchLoader loader = BatchLoader.evaluation(src, Transforms.eval(src, 12), 64, 1)) {
            List<Batch> batches = all(loader);
            assertThat(batches).hasSize(1);
            assertThat(batches.get(0).labels()).isNull();
        }
        assertThatThrownBy(() -> BatchLoader.training(src, Transforms.eval(src, 12), 64, 0, 0, 1))
                .isInstanceOf(InputException.class).hasMessageContaining("batchSize 64 exceeds the 50 images");
        assertThatThrownBy(() -> BatchLoader.evaluation(src, Transforms.eval(src, 12), 8, 0))
                .isInstanceOf(InputException.class).hasMessageContaining("workers");
    }

    /** An unlabelled view of a source whose image {@code failAt} cannot be decoded. */
    private record DelegatingFailure(ImageSource inner, int failAt) implements ImageSource {
        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int channels() {
            return inner.channels();
        }

        @Override
        public int imageSize() {
            return inner.imageSize();
        }

        @Override
        public Image image(int index) {
            if (index == failAt) {
                throw new InputException("image " + index + " is corrupt");
            }
            return inner.image(index);
        }

        @Override
        public boolean hasLabels() {
            return false;
        }

        @Override
        public int label(int index) {
            throw new IllegalStateException();
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        @Override
        public Normalization normalization() {
            return inner.normalization();
        }

        @Override
        public String description() {
            return "failing";
        }
    }
}
