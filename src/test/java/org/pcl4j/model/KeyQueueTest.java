package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class KeyQueueTest {

    @Test
    void initialKeysAreSeededUnitVectors() {
        try (NDManager m = NDManager.newBaseManager();
             KeyQueue a = new KeyQueue(m, 6, 4, 42);
             KeyQueue b = new KeyQueue(m, 6, 4, 42);
             KeyQueue c = new KeyQueue(m, 6, 4, 43)) {
            assertThat(a.keys().getShape()).isEqualTo(new Shape(6, 4));
            float[] v = a.toFloatArray();
            for (int r = 0; r < 6; r++) {
                double norm = 0;
                for (int d = 0; d < 4; d++) {
                    norm += v[r * 4 + d] * v[r * 4 + d];
                }
                assertThat(norm).isCloseTo(1.0, within(1e-5));
            }
            assertThat(b.toFloatArray()).isEqualTo(v);
            assertThat(c.toFloatArray()).isNotEqualTo(v);
            assertThat(a.pointer()).isZero();
        }
    }

    @Test
    void enqueueIsFifoAndWrapsAround() {
        try (NDManager m = NDManager.newBaseManager(); KeyQueue queue = new KeyQueue(m, 5, 2, 1)) {
            NDArray keysBefore = queue.keys();
            queue.enqueue(m.create(new float[] {1, 1, 2, 2}, new Shape(2, 2)));
            assertThat(queue.pointer()).isEqualTo(2);
            queue.enqueue(m.create(new float[] {3, 3, 4, 4}, new Shape(2, 2)));
            assertThat(queue.pointer()).isEqualTo(4);
            queue.enqueue(m.create(new float[] {5, 5, 6, 6}, new Shape(2, 2)));
            assertThat(queue.pointer()).isEqualTo(1);
            // rows: 6 overwrote the oldest row 0, 5 went to row 4
            assertThat(queue.toFloatArray()).containsExactly(6, 6, 2, 2, 3, 3, 4, 4, 5, 5);
            assertThat(queue.keys()).isSameAs(keysBefore);
        }
    }

    @Test
    void rejectsBatchesLargerThanTheQueue() {
        try (NDManager m = NDManager.newBaseManager(); KeyQueue queue = new KeyQueue(m, 2, 2, 1)) {
            assertThatThrownBy(() -> queue.enqueue(m.zeros(new Shape(3, 2))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void restoreRoundTrip() {
        try (NDManager m = NDManager.newBaseManager();
             KeyQueue a = new KeyQueue(m, 5, 3, 7);
             KeyQueue b = new KeyQueue(m, 5, 3, 8)) {
            a.enqueue(m.ones(new Shape(3, 3)));
            b.restore(a.toFloatArray(), a.pointer());
            assertThat(b.toFloatArray()).isEqualTo(a.toFloatArray());
            assertThat(b.pointer()).isEqualTo(3);
            a.enqueue(m.full(new Shape(3, 3), 2f));
            b.enqueue(m.full(new Shape(3, 3), 2f));
            assertThat(b.toFloatArray()).isEqualTo(a.toFloatArray());
            assertThat(b.pointer()).isEqualTo(a.pointer()).isEqualTo(1);
        }
    }
}
