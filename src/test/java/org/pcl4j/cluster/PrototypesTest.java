package org.pcl4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrototypesTest {

    @Test
    void centroidsAreNormalisedAfterConcentrationUsesTheRawOnes() {
        float[] centroids = {3, 4, 0, 2};
        KMeansResult r = new KMeansResult(2, 2, centroids, new int[] {0, 0, 1, 1, 1},
                new float[] {1, 9, 4, 4, 4}, new double[] {22}, new int[] {2, 3}, 0);

        Prototypes p = Prototypes.from(r, 0.1f);

        assertThat(p.centroids()).containsExactly(new float[] {0.6f, 0.8f, 0, 1}, within(1e-7f));
        assertThat(p.centroids()).isNotSameAs(r.centroids());
        assertThat(r.centroids()).containsExactly(3, 4, 0, 2); // the k-means result is untouched
        // φ from the raw distances: 2/ln12 and 2/ln13, clamped to [P10, P90] and rescaled to mean 0.1.
        assertThat(p.concentration()).containsExactly(Concentration.estimate(r, 0.1f));
        assertThat((p.concentration()[0] + p.concentration()[1]) / 2).isCloseTo(0.1f, within(1e-7f));
        assertThat(p.concentration()[0]).isGreaterThan(p.concentration()[1]); // smaller Z, larger φ
        assertThat(p.assignments()).containsExactly(0, 0, 1, 1, 1);
    }

    @Test
    void granularitiesClusterOncePerKWithItsOwnSeed() {
        int[] labels = new int[120];
        float[] x = KMeansTest.blobs(4, 30, 4, 0.5, 3, labels);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray features = m.create(x, new Shape(120, 4));
            KMeansConfig template = KMeansConfig.of(1, 17).withRestarts(1).withIterations(5);

            List<Integer> seen = new java.util.ArrayList<>();
            List<Granularities.Level> levels = Granularities.cluster(features, new int[] {4, 6}, template, 0.2f,
                    level -> seen.add(level.clustering().k()));
            List<Prototypes> ps = levels.stream().map(Granularities.Level::prototypes).toList();

            assertThat(seen).containsExactly(4, 6);
            assertThat(ps).extracting(Prototypes::k).containsExactly(4, 6);
            KMeansResult second = KMeans.fit(features, template.withK(6).withSeed(org.pcl4j.Seeds.mix(17, 1)));
            assertThat(ps.get(1).assignments()).containsExactly(second.assignments());
            assertThat(levels.get(1).concentration()).containsExactly(Concentration.estimate(second, 0.2f));
            for (Prototypes p : ps) {
                assertThat(p.assignments()).hasSize(120);
                for (int c = 0; c < p.k(); c++) {
                    double norm = 0;
                    for (int j = 0; j < p.dim(); j++) {
                        norm += p.centroids()[c * p.dim() + j] * p.centroids()[c * p.dim() + j];
                    }
                    assertThat(norm).isCloseTo(1.0, within(1e-5));
                }
            }
        }
    }
}
