package org.pcl4j.eval;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.pcl4j.data.Npy;

/**
 * Throwaway benchmark helper (test scope, not a test): writes Fashion-MNIST raw pixels in [0,1]
 * as .npy features + labels, and k-means assignments of the test split (plain Lloyd, k-means++),
 * so the eval commands can be measured before the data and cluster packages are merged.
 * Usage: FashionMnistRaw OUT_DIR
 */
public final class FashionMnistRaw {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        for (String[] split : new String[][] {{"train", "train"}, {"test", "t10k"}}) {
            float[] x = images(DIR.resolve(split[1] + "-images-idx3-ubyte.gz"));
            int[] y = labels(DIR.resolve(split[1] + "-labels-idx1-ubyte.gz"));
            Npy.write(out.resolve(split[0] + "_x.npy"), x, y.length, 784);
            Npy.write(out.resolve(split[0] + "_y.npy"), y, y.length);
            if (split[0].equals("test")) {
                long t = System.nanoTime();
                int[] a = kmeans(x, y.length, 784, 10, 0);
                System.out.printf("k-means (10 clusters, %d points): %.1f s%n", y.length, (System.nanoTime() - t) / 1e9);
                Npy.write(out.resolve("test_kmeans.npy"), a, a.length);
            }
        }
    }

    static float[] images(Path gz) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16))) {
            in.readInt();
            int n = in.readInt();
            int h = in.readInt();
            int w = in.readInt();
            byte[] b = in.readNBytes(n * h * w);
            float[] x = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                x[i] = (b[i] & 0xFF) / 255f;
            }
            return x;
        }
    }

    static int[] labels(Path gz) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
            in.readInt();
            int n = in.readInt();
            byte[] b = in.readNBytes(n);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = b[i] & 0xFF;
            }
            return y;
        }
    }

    static int[] kmeans(float[] x, int n, int d, int k, long seed) {
        Random rng = new Random(seed);
        float[] c = new float[k * d];
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.MAX_VALUE);
        int first = rng.nextInt(n);
        System.arraycopy(x, first * d, c, 0, d);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], sq(x, i, c, j - 1, d));
                total += dist[i];
            }
            double r = rng.nextDouble() * total;
            int pick = 0;
            while (pick < n - 1 && (r -= dist[pick]) > 0) {
                pick++;
            }
            System.arraycopy(x, pick * d, c, j * d, d);
        }
        int[] a = new int[n];
        for (int iter = 0; iter < 50; iter++) {
            for (int i = 0; i < n; i++) {
                double best = Double.MAX_VALUE;
                for (int j = 0; j < k; j++) {
                    double s = sq(x, i, c, j, d);
                    if (s < best) {
                        best = s;
                        a[i] = j;
                    }
                }
            }
            double[] sum = new double[k * d];
            int[] cnt = new int[k];
            for (int i = 0; i < n; i++) {
                cnt[a[i]]++;
                for (int t = 0; t < d; t++) {
                    sum[a[i] * d + t] += x[i * d + t];
                }
            }
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < d && cnt[j] > 0; t++) {
                    c[j * d + t] = (float) (sum[j * d + t] / cnt[j]);
                }
            }
        }
        return a;
    }

    static double sq(float[] x, int i, float[] c, int j, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double v = x[i * d + t] - c[j * d + t];
            s += v * v;
        }
        return s;
    }
}
