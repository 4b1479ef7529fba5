package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {
    @Test
    void conditionalAffinitiesHaveTheAskedPerplexity() {
        double[] d2 = new Random(1).doubles(90, 0.5, 20).toArray();
        double[] p = Tsne.conditional(d2, 30);
        double h = 0;
        double sum = 0;
        for (double v : p) {
            sum += v;
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
        assertThat(Math.exp(h)).isCloseTo(30, within(0.01));
    }

    /** A NaN feature used to run the quadtree out of memory (it splits forever without finite bounds); now it is refused at once. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void nonFiniteFeaturesAreRefusedBeforeTheQuadtree() {
        float[] x = new float[40 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        x[9 * 4 + 1] = Float.NaN;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tsne.embed(x, 40, 4, TsneConfig.defaults().withPerplexity(5).withIterations(50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 9, column 1");
    }

    /** Three Gaussian blobs in 20-D: in the 2-D map every point's nearest neighbour is of its own blob. */
    @Test
    void separatedClustersStaySeparatedInTheMap() {
        assertSeparated(150, 10);
    }

    /**
     * A perplexity that the points cannot give (3·perplexity neighbours): the bandwidth search saturated and every
     * point landed on a ring of radius 1e-3, classes mixed. It is lowered to (n-1)/3, with a warning.
     */
    @Test
    void aPerplexityTooLargeForThePointsIsLoweredToWhatTheyGive() throws Exception {
        java.util.List<String> log = org.pcl4j.data.Fixtures.logged(Tsne.class, () -> assertSeparated(60, 1000));
        assertThat(log).anyMatch(l -> l.startsWith("WARN t-SNE: perplexity 1000.0 needs more than 3001 points; using 19.7 for these 60"));
    }

    /** Three well-separated Gaussian clusters of n/3 points: every point's nearest neighbour in the map is of its cluster. */
    private static void assertSeparated(int n, double perplexity) {
        Random rng = new Random(7);
        int dim = 20;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) rng.nextGaussian() + (j == y[i] ? 10 : 0);
            }
        }
        float[] e = Tsne.embed(x, n, dim, TsneConfig.defaults().withPerplexity(perplexity).withIterations(400));
        int agree = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.MAX_VALUE;
            int nn = -1;
            for (int j = 0; j < n; j++) {
                double d = Math.hypot(e[2 * i] - e[2 * j], e[2 * i + 1] - e[2 * j + 1]);
                if (j != i && d < best) {
                    best = d;
                    nn = j;
                }
            }
            agree += y[nn] == y[i] ? 1 : 0;
        }
        assertThat(agree).isEqualTo(n);
        // the map is spread out, not collapsed at the initial 1e-4 scale
        double spread = 0;
        for (float v : e) {
            spread = Math.max(spread, Math.abs(v));
        }
        assertThat(spread).isGreaterThan(1);
    }

    @Test
    void barnesHutWithThetaZeroMatchesTheExactRepulsion() {
        Random rng = new Random(3);
        int n = 40;
        double[] y = rng.doubles(2 * n, -5, 5).toArray();
        Tsne.QuadTree tree = Tsne.QuadTree.build(y, n);
        double[] rep = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double z = tree.repulsion(i, y[2 * i], y[2 * i + 1], 0, rep, new int[8]);
            double ez = 0;
            double fx = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    ez += q;
                    fx += q * q * dx;
                }
            }
            assertThat(z).isCloseTo(ez, within(1e-9));
            assertThat(rep[2 * i]).isCloseTo(fx, within(1e-9));
        }
    }

    @Test
    void aDeepTreeGrowsItsArraysWithoutLosingChildren() {
        // Two points 1e-9 apart and one far away: ~30 levels of splits, far more nodes than the initial
        // 4n+16, so the node arrays are re-allocated while children are being linked.
        double[] y = {0, 0, 1e-9, 0, 1, 1};
        Tsne.QuadTree tree = Tsne.QuadTree.build(y, 3);
        double[] rep = new double[6];
        double z = tree.repulsion(2, 1, 1, 0, rep, new int[256]);
        double expected = 1 / (1 + 2.0) + 1 / (1 + (1 - 1e-9) * (1 - 1e-9) + 1.0);
        assertThat(z).isCloseTo(expected, within(1e-9));
    }
}
