package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.data.Npy;

class ClusterCommandTest {

    @Test
    void writesCentroidsAssignmentsAndConcentrationPerK(@TempDir Path dir) throws IOException {
        // Two tight pairs of points far apart: with k=2 each pair is a cluster.
        float[] x = {0, 0, 0, 1, 10, 10, 10, 11, 0, 0.5f, 10, 10.5f};
        Path features = dir.resolve("f.npy");
        Npy.write(features, x, 6, 2);
        Path out = dir.resolve("out");

        int code = Pcl4j.run("cluster", "--features", features.toString(), "--k", "2,3", "--out", out.toString(),
                "--restarts", "2");

        assertThat(code).isZero();
        for (int k : new int[] {2, 3}) {
            Npy.FloatArray c = Npy.readFloats(out.resolve("centroids_k" + k + ".npy"));
            assertThat(c.shape()).containsExactly(k, 2);
            assertThat(Npy.readInts(out.resolve("assignments_k" + k + ".npy")).shape()).containsExactly(6);
            assertThat(Npy.readFloats(out.resolve("distances_k" + k + ".npy")).shape()).containsExactly(6);
            float[] phi = Npy.readFloats(out.resolve("concentration_k" + k + ".npy")).data();
            assertThat(phi).hasSize(k);
            double mean = 0;
            for (float p : phi) {
                mean += p / k;
            }
            assertThat(mean).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-6)); // default τ
        }
        int[] a = Npy.readInts(out.resolve("assignments_k2.npy")).data();
        assertThat(a[0]).isEqualTo(a[1]).isEqualTo(a[4]);
        assertThat(a[2]).isEqualTo(a[3]).isEqualTo(a[5]).isNotEqualTo(a[0]);
    }

    @Test
    void badInputExitsWithUsageCode(@TempDir Path dir) throws IOException {
        Path notNpy = dir.resolve("bad.npy");
        Files.writeString(notNpy, "not a numpy file");
        assertThat(Pcl4j.run("cluster", "--features", notNpy.toString(), "--k", "2", "--out", dir.toString()))
                .isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(Pcl4j.run("cluster", "--features", dir.resolve("missing.npy").toString(), "--k", "2",
                "--out", dir.toString())).isEqualTo(Pcl4j.EXIT_USAGE);

        Path small = dir.resolve("small.npy");
        Npy.write(small, new float[] {1, 2, 3, 4}, 2, 2);
        assertThat(Pcl4j.run("cluster", "--features", small.toString(), "--k", "3", "--out", dir.toString()))
                .isEqualTo(Pcl4j.EXIT_USAGE);
        Path vector = dir.resolve("vector.npy");
        Npy.write(vector, new float[] {1, 2, 3, 4}, 4);
        assertThat(Pcl4j.run("cluster", "--features", vector.toString(), "--k", "2", "--out", dir.toString()))
                .isEqualTo(Pcl4j.EXIT_USAGE);
    }

    /**
     * Found by a trial: a K given twice overwrote the first clustering's files with the second's; a NaN was said as
     * "rows 0..N-1"; an --out that is a file failed only after the first clustering. Each is now one line, before k-means.
     */
    @Test
    void repeatedKNonFiniteFeaturesAndAFileAsOutAreOneLineBeforeKMeans(@TempDir Path dir) throws IOException {
        Path x = dir.resolve("x.npy");
        Npy.write(x, new float[] {0, 0, 0, 1, 5, 5, 5, 6}, 4, 2);
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, new float[] {0, 0, 0, 1, 5, Float.NaN, 5, 6}, 4, 2);
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {
                {x.toString(), "2,2", dir.resolve("o1").toString(), "--k 2,2: K 2 given twice; expected each number of clusters once"},
                {nan.toString(), "2", dir.resolve("o2").toString(),
                        "--features " + nan + ": NaN or infinite value (NaN) at row 2, column 1; expected finite numbers"},
                {x.toString(), "2", aFile.toString(), "--out " + aFile + ": is a file; expected a folder for the results"},
        };
        for (String[] c : cases) {
            TrainFlagsTest.Result r = TrainFlagsTest.run(() -> Pcl4j.run("cluster", "--features", c[0], "--k", c[1], "--out", c[2]));
            assertThat(r.code()).as(c[3]).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(r.errorLines()).containsExactly("pcl4j: error: " + c[3]);
        }
        assertThat(dir.resolve("o1")).doesNotExist();
    }

    /** --temperature 0 used to fail only after k-means, as "concentration: ... temperature=0.0": now up front, naming the flag. */
    @Test
    void aBadTemperatureIsOneLineNamingTheFlagBeforeKMeans(@TempDir Path dir) throws IOException {
        Path x = dir.resolve("x.npy");
        Npy.write(x, new float[] {0, 0, 0, 1, 5, 5, 5, 6}, 4, 2);
        // k-means settings name their flags too (KMeansConfig's settings, shown as the cluster command's flags)
        String[][] kmeans = {
                {"--iterations", "0", "k-means --iterations must be in [1, 100000], got 0"},
                {"--restarts", "0", "k-means --restarts must be >= 1, got 0"},
                {"--block-centroids", "0", "k-means --block-centroids must be >= 1, got 0"},
        };
        for (String[] c : kmeans) {
            java.io.PrintStream before = System.err;
            java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
            int exit;
            try {
                System.setErr(new java.io.PrintStream(e, true));
                exit = Pcl4j.run("cluster", "--features", x.toString(), "--k", "2", "--out", dir.resolve("out").toString(), c[0], c[1]);
            } finally {
                System.setErr(before);
            }
            assertThat(exit).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(e.toString().strip()).isEqualTo("pcl4j: error: " + c[2]);
        }
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true));
            System.setErr(new java.io.PrintStream(err, true));
            code = Pcl4j.run("cluster", "--features", x.toString(), "--k", "2", "--out", dir.resolve("out").toString(), "--temperature", "0");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(err.toString().strip()).isEqualTo("pcl4j: error: --temperature: expected a finite number > 0, got 0.0");
        assertThat(out.toString()).as("nothing ran: not even the features were read").isEmpty();
    }
}
