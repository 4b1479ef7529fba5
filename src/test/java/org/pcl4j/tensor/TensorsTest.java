package org.pcl4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class TensorsTest {

    @Test
    void ofCopiesTheJavaDataSoLaterWritesToTheArrayDoNotShowThrough() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] data = {1, 2, 3, 4, 5, 6};
            NDArray a = Tensors.of(m, data, new Shape(2, 3));
            data[0] = 100;
            assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
            NDArray idx = Tensors.indices(m, new int[] {2, 0});
            assertThat(idx.getDataType()).isEqualTo(DataType.INT64);
            assertThat(idx.toLongArray()).containsExactly(2L, 0L);
        }
    }

    @Test
    void stagedCopiesOwnTheirDataSoTheBufferCanBeReusedAtOnce() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tensors.Staging staging = new Tensors.Staging();
            NDArray big = Tensors.of(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3), staging);
            NDArray small = Tensors.of(m, new float[] {-1, -2}, new Shape(2), staging); // overwrites the buffer's start
            NDArray grown = Tensors.of(m, new float[] {9, 8, 7, 6, 5, 4, 3, 2}, new Shape(8), staging); // a larger buffer
            assertThat(big.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(small.toFloatArray()).containsExactly(-1, -2);
            assertThat(grown.toFloatArray()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2);
            assertThat(big.getDataType()).isEqualTo(DataType.FLOAT32);
            // large enough to be copied in parallel chunks (with 2+ cores): every value lands where it belongs
            float[] large = new float[5 * Tensors.Staging.PARALLEL_COPY_FLOATS / 2 + 7];
            for (int i = 0; i < large.length; i++) {
                large[i] = i * 0.5f - 3;
            }
            assertThat(Tensors.of(m, large, new Shape(large.length), staging).toFloatArray()).isEqualTo(large);
            assertThatThrownBy(() -> Tensors.of(m, new float[] {1, 2, 3}, new Shape(2, 2), staging))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void assignWritesValuesInPlaceAndKeepsTheTargetsStorage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.zeros(new Shape(2, 2));
            NDArray alias = target.reshape(4); // shares target's storage
            Tensors.assign(target, new float[] {1, Float.NaN, -0f, 4});
            assertThat(target.toFloatArray()).containsExactly(1, Float.NaN, -0f, 4);
            assertThat(alias.toFloatArray()).containsExactly(1, Float.NaN, -0f, 4);
            // NaN in the target is overwritten, not propagated (unlike target·0 + source).
            Tensors.assign(target, new float[] {5, 6, 7, 8});
            assertThat(alias.toFloatArray()).containsExactly(5, 6, 7, 8);
            NDArray leaf = m.zeros(new Shape(3));
            leaf.setRequiresGradient(true);
            Tensors.assign(leaf, new float[] {1, 2, 3});
            assertThat(leaf.toFloatArray()).containsExactly(1, 2, 3);
            NDArray scalar = m.zeros(new Shape());
            Tensors.assign(scalar, new float[] {7});
            assertThat(scalar.getFloat()).isEqualTo(7f);
            assertThatThrownBy(() -> Tensors.assign(target, new float[] {1, 2, 3}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void scalarArithmeticMatchesJavaArithmeticAndItsGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Tensors.of(m, new float[] {1, -2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = Tensors.div(x, 0.2f).sum();
                c.backward(y);
            }
            // d/dx Σ x/0.2 = 1/0.2 = 5 for every element (float division as PyTorch does it).
            assertThat(x.getGradient().toFloatArray()).containsExactly(5f, 5f, 5f);
            assertThat(Tensors.mul(x, 3f).toFloatArray()).containsExactly(3f, -6f, 9f);
            assertThat(Tensors.add(x, 0.5f).toFloatArray()).containsExactly(1.5f, -1.5f, 3.5f);
            assertThat(Tensors.maximum(x, 0f).toFloatArray()).containsExactly(1f, 0f, 3f);
        }
    }
}
