package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pcl4j.data.Batch;

class FeatureExtractorTest {

    private static final int C = 1;
    private static final int S = 28;

    /** Image i is filled from a generator seeded with i, so its features do not depend on the batch. */
    private static float[] image(int i) {
        Random rng = new Random(i);
        float[] px = new float[C * S * S];
        for (int p = 0; p < px.length; p++) {
            px[p] = (float) rng.nextGaussian();
        }
        return px;
    }

    private static Batch batch(int... indices) {
        float[] view = new float[indices.length * C * S * S];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(image(indices[r]), 0, view, r * C * S * S, C * S * S);
        }
        return new Batch(indices, null, new float[][] {view}, C, S);
    }

    @Test
    void rowsFollowSampleIndicesInEvalMode() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            try (Encoder encoder = Encoder.create(new EncoderConfig(Arch.SMALL_CNN, Head.MLP, 16, C, S), manager)) {
                List<Batch> batches = List.of(batch(3, 0, 4), batch(1, 2));
                NDArray features = FeatureExtractor.extract(encoder, batches, 5, false, manager);
                NDArray embeddings = FeatureExtractor.extract(encoder, batches, 5, true, manager);
                assertThat(features.getShape()).isEqualTo(new Shape(5, 256));
                assertThat(embeddings.getShape()).isEqualTo(new Shape(5, 16));
                // eval mode: each row equals the image's features computed alone
                for (int i = 0; i < 5; i++) {
                    NDArray single = Encoder.images(batch(i), 0, manager);
                    float[] expected = encoder.features(single, false).toFloatArray();
                    float[] expectedZ = encoder.embed(single, false).toFloatArray();
                    assertThat(TestArrays.maxAbsDiff(features.get(i).toFloatArray(), expected)).isLessThan(1e-4);
                    assertThat(TestArrays.maxAbsDiff(embeddings.get(i).toFloatArray(), expectedZ)).isLessThan(1e-5);
                }
            }
        }
    }

    @Test
    void everyImageExactlyOnce() {
        try (NDManager manager = NDManager.newBaseManager();
             Encoder encoder = Encoder.create(new EncoderConfig(Arch.SMALL_CNN, Head.LINEAR, 8, C, S), manager)) {
            assertThatThrownBy(() -> FeatureExtractor.extract(encoder, List.of(batch(0, 1), batch(1, 2)), 3, true, manager))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
            assertThatThrownBy(() -> FeatureExtractor.extract(encoder, List.of(batch(0, 2)), 3, true, manager))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 of 3");
            assertThatThrownBy(() -> FeatureExtractor.extract(encoder, List.of(batch(0, 3)), 3, true, manager))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside");
        }
    }
}
