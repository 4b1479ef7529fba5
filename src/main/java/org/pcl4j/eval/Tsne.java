package org.pcl4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.stream.IntStream;
import org.pcl4j.tensor.Rows;
import org.pcl4j.tensor.Tensors;
import org.pcl4j.model.Devices;

/**
 * Barnes-Hut t-SNE to two dimensions (van der Maaten, "Accelerating t-SNE using tree-based
 * algorithms", JMLR 2014), for the feature pictures of ALGORITHM.md §7. Written here because no maintained
 * t-SNE for the JVM is on Maven Central.
 *
 * <p>Input affinities use the 3·perplexity nearest neighbours (found with a matmul on the tensor
 * engine), calibrated per point by binary search on the Gaussian's precision and symmetrised;
 * the repulsive forces of the Student-t output kernel are approximated with a quadtree.
 */
public final class Tsne {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tsne.class);
    private Tsne() {}

    /**
     * Row-major (n, 2) embedding of the rows of {@code x} ((n, dim), row-major).
     *
     * @throws IllegalArgumentException if {@code x} holds NaN or ±∞ (the quadtree would split without end)
     */
    public static float[] embed(float[] x, int n, int dim, TsneConfig config) {
        long bad = Rows.firstNonFinite(x);
        if (bad >= 0) {
            throw new IllegalArgumentException("t-SNE features: NaN or infinite value at row " + bad / dim + ", column " + bad % dim
                    + "; expected finite numbers");
        }
        if (n < 2) {
            return new float[2 * n];
        }
        double perplexity = config.perplexity();
        if (perplexity > (n - 1) / 3.0) {
            // 3·perplexity neighbours cannot be had: the bandwidth search saturated and the layout was a meaningless ring
            perplexity = Math.max(1, (n - 1) / 3.0);
            LOG.warn("t-SNE: perplexity {} needs more than {} points; using {} for these {}", config.perplexity(),
                    (int) Math.ceil(3 * config.perplexity()) + 1, String.format("%.3g", perplexity), n);
        }
        int k = Math.min(n - 1, (int) (3 * perplexity));
        Affinities p = affinities(x, n, dim, k, perplexity);
        return optimise(p, n, config);
    }

    /** Sparse symmetric P in a row-indexed layout; a pair may appear twice in a row (once from each side), values add up. */
    record Affinities(int[] rowStart, int[] cols, double[] values) {}

    static Affinities affinities(float[] x, int n, int dim, int k, double perplexity) {
        NearestNeighbours.Result nn;
        double[] sqNorm = new double[n];
        try (NDManager m = Devices.newManager()) {
            NDArray a = Tensors.of(m, x, new Shape(n, dim));
            NDArray norms = a.square().sum(new int[] {1});
            float[] nv = norms.toFloatArray();
            for (int i = 0; i < n; i++) {
                sqNorm[i] = nv[i];
            }
            // score = q·m - |m|²/2 ranks memory rows by Euclidean distance to q (see NearestNeighbours).
            nn = NearestNeighbours.search(a, a, Tensors.mul(norms, -0.5f), k + 1);
        }
        double[][] cond = new double[n][k];
        int[][] nbr = new int[n][k];
        for (int i = 0; i < n; i++) {
            double[] d2 = new double[k];
            int t = 0;
            for (int j = 0; j <= k && t < k; j++) {
                int idx = nn.indices()[i][j];
                if (idx == i) {
                    continue;
                }
                nbr[i][t] = idx;
                d2[t++] = Math.max(0, sqNorm[i] - 2.0 * nn.scores()[i][j]);
            }
            cond[i] = conditional(d2, perplexity);
        }
        // P_ij = (p_j|i + p_i|j) / 2n, stored as two entries: (i,j) and (j,i) from each side.
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            count[i] += k;
            for (int j : nbr[i]) {
                count[j]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + count[i];
        }
        int[] fill = start.clone();
        int[] cols = new int[start[n]];
        double[] vals = new double[start[n]];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                int j = nbr[i][t];
                double v = cond[i][t] / (2.0 * n);
                cols[fill[i]] = j;
                vals[fill[i]++] = v;
                cols[fill[j]] = i;
                vals[fill[j]++] = v;
            }
        }
        return new Affinities(start, cols, vals);
    }

    /** p_j|i ∝ exp(-β d²_ij) with β found by binary search so that the entropy is log(perplexity). */
    static double[] conditional(double[] d2, double perplexity) {
        double target = StrictMath.log(perplexity);
        double min = Double.MAX_VALUE;
        for (double v : d2) {
            min = Math.min(min, v);
        }
        double beta = 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double[] p = new double[d2.length];
        for (int it = 0; it < 200; it++) {
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < d2.length; j++) {
                p[j] = StrictMath.exp(-beta * (d2[j] - min)); // shifted by min: same distribution, no underflow
                sum += p[j];
                weighted += (d2[j] - min) * p[j];
            }
            double entropy = StrictMath.log(sum) + beta * weighted / sum;
            if (Math.abs(entropy - target) < 1e-5) {
                break;
            }
            if (entropy > target) {
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        double sum = 0;
        for (int j = 0; j < d2.length; j++) {
            p[j] = StrictMath.exp(-beta * (d2[j] - min));
            sum += p[j];
        }
        for (int j = 0; j < d2.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** Gradient descent with momentum and per-coordinate gains (delta-bar-delta), as in the reference. */
    static float[] optimise(Affinities p, int n, TsneConfig config) {
        Random rng = new Random(config.seed());
        double[] y = new double[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * rng.nextGaussian();
        }
        double lr = config.learningRate() > 0 ? config.learningRate() : Math.max(n / config.earlyExaggeration() / 4, 50);
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        java.util.Arrays.fill(gains, 1);
        double[] grad = new double[2 * n];
        for (int iter = 0; iter < config.iterations(); iter++) {
            boolean early = iter < config.exaggerationIterations();
            gradient(p, y, n, early ? config.earlyExaggeration() : 1, config.theta(), grad);
            double momentum = early ? 0.5 : 0.8;
            for (int i = 0; i < 2 * n; i++) {
                boolean sameSign = (grad[i] > 0) == (update[i] > 0);
                gains[i] = Math.max(0.01, sameSign ? gains[i] * 0.8 : gains[i] + 0.2);
                update[i] = momentum * update[i] - lr * gains[i] * grad[i];
                y[i] += update[i];
            }
            centre(y, n);
        }
        float[] out = new float[2 * n];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    private static void centre(double[] y, int n) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx / n;
            y[2 * i + 1] -= my / n;
        }
    }

    /** ∂KL/∂y_i = 4 (exaggeration · Σ_j P_ij q_ij (y_i - y_j) - Σ_j q_ij² (y_i - y_j) / Z), q unnormalised Student-t. */
    static void gradient(Affinities p, double[] y, int n, double exaggeration, double theta, double[] grad) {
        QuadTree tree = QuadTree.build(y, n);
        double[] rep = new double[2 * n];
        int blocks = (n + 255) / 256;
        double z = IntStream.range(0, blocks).parallel().mapToDouble(b -> {
            double zb = 0;
            int[] stack = new int[64];
            for (int i = b * 256; i < Math.min(n, (b + 1) * 256); i++) {
                zb += tree.repulsion(i, y[2 * i], y[2 * i + 1], theta, rep, stack);
            }
            return zb;
        }).sum();
        for (int i = 0; i < n; i++) {
            double ax = 0;
            double ay = 0;
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                int j = p.cols()[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                ax += p.values()[e] * q * dx;
                ay += p.values()[e] * q * dy;
            }
            grad[2 * i] = 4 * (exaggeration * ax - rep[2 * i] / z);
            grad[2 * i + 1] = 4 * (exaggeration * ay - rep[2 * i + 1] / z);
        }
    }

    /** Quadtree over the 2-D points with per-cell count and centre of mass, in flat arrays. */
    static final class QuadTree {
        private static final double MIN_HALF_WIDTH = 1e-12;
        private int size;
        private double[] cx;
        private double[] cy;
        private double[] hw;
        private double[] sx;
        private double[] sy;
        private int[] count;
        private int[] point;
        private int[] child;

        private QuadTree(int capacity) {
            cx = new double[capacity];
            cy = new double[capacity];
            hw = new double[capacity];
            sx = new double[capacity];
            sy = new double[capacity];
            count = new int[capacity];
            point = new int[capacity];
            child = new int[4 * capacity];
        }

        static QuadTree build(double[] y, int n) {
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                minX = Math.min(minX, y[2 * i]);
                maxX = Math.max(maxX, y[2 * i]);
                minY = Math.min(minY, y[2 * i + 1]);
                maxY = Math.max(maxY, y[2 * i + 1]);
            }
            QuadTree t = new QuadTree(4 * n + 16);
            t.node((minX + maxX) / 2, (minY + maxY) / 2, Math.max(maxX - minX, maxY - minY) / 2 * 1.0001 + 1e-9);
            for (int i = 0; i < n; i++) {
                t.insert(i, y[2 * i], y[2 * i + 1]);
            }
            return t;
        }

        private int node(double x, double y, double halfWidth) {
            if (size == count.length) {
                int cap = size * 2;
                cx = java.util.Arrays.copyOf(cx, cap);
                cy = java.util.Arrays.copyOf(cy, cap);
                hw = java.util.Arrays.copyOf(hw, cap);
                sx = java.util.Arrays.copyOf(sx, cap);
                sy = java.util.Arrays.copyOf(sy, cap);
                count = java.util.Arrays.copyOf(count, cap);
                point = java.util.Arrays.copyOf(point, cap);
                child = java.util.Arrays.copyOf(child, 4 * cap);
            }
            int id = size++;
            cx[id] = x;
            cy[id] = y;
            hw[id] = halfWidth;
            point[id] = -1;
            java.util.Arrays.fill(child, 4 * id, 4 * id + 4, -1);
            return id;
        }

        private int quadrant(int node, double x, double y) {
            return (x >= cx[node] ? 1 : 0) + (y >= cy[node] ? 2 : 0);
        }

        private void insert(int i, double x, double y) {
            int node = 0;
            while (true) {
                count[node]++;
                sx[node] += x;
                sy[node] += y;
                if (child[4 * node] < 0) {
                    if (count[node] == 1) {
                        point[node] = i;
                        return;
                    }
                    if (hw[node] < MIN_HALF_WIDTH) {
                        return; // coincident points: keep them together as one heavy leaf
                    }
                    double h = hw[node] / 2;
                    for (int q = 0; q < 4; q++) {
                        // node() may grow (re-allocate) child: take the id first, then index the current array
                        // (in `child[i] = node(...)` Java evaluates the old array reference before the call).
                        int id = node(cx[node] + ((q & 1) == 1 ? h : -h), cy[node] + ((q & 2) == 2 ? h : -h), h);
                        child[4 * node + q] = id;
                    }
                    int old = point[node];
                    point[node] = -1;
                    double ox = sx[node] - x;
                    double oy = sy[node] - y;
                    int c = child[4 * node + quadrant(node, ox, oy)];
                    count[c] = 1;
                    sx[c] = ox;
                    sy[c] = oy;
                    point[c] = old;
                }
                node = child[4 * node + quadrant(node, x, y)];
            }
        }

        /** Adds Σ_j q_ij² (y_i - y_j) into {@code rep[2i..2i+1]} and returns Σ_j q_ij (j ≠ i). */
        double repulsion(int i, double x, double y, double theta, double[] rep, int[] stack) {
            double z = 0;
            double fx = 0;
            double fy = 0;
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                int node = stack[--top];
                int m = count[node];
                if (m == 0) {
                    continue;
                }
                boolean leaf = child[4 * node] < 0;
                if (leaf && point[node] == i) {
                    m--; // do not repel from itself (coincident twins still count)
                    if (m == 0) {
                        continue;
                    }
                }
                double dx = x - sx[node] / count[node];
                double dy = y - sy[node] / count[node];
                double d2 = dx * dx + dy * dy;
                if (leaf || 2 * hw[node] < theta * Math.sqrt(d2)) {
                    double q = 1 / (1 + d2);
                    z += m * q;
                    fx += m * q * q * dx;
                    fy += m * q * q * dy;
                } else {
                    if (top + 4 > stack.length) {
                        stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                    }
                    for (int q = 0; q < 4; q++) {
                        stack[top++] = child[4 * node + q];
                    }
                }
            }
            rep[2 * i] = fx;
            rep[2 * i + 1] = fy;
            return z;
        }
    }
}
