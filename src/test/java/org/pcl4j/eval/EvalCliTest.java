package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.cli.Pcl4j;
import org.pcl4j.data.Npy;

/** The eval and plot commands end to end on small .npy files: tables, JSON, PNGs, one-line errors. */
class EvalCliTest {
    @TempDir
    Path dir;

    private String[] featureFlags() throws Exception {
        LabelledFeatures train = LinearModelsTest.separable(90, 1);
        LabelledFeatures test = LinearModelsTest.separable(30, 2);
        Npy.write(dir.resolve("x.npy"), train.features(), train.rows(), train.dim());
        Npy.write(dir.resolve("y.npy"), train.labels(), train.rows());
        Npy.write(dir.resolve("tx.npy"), test.features(), test.rows(), test.dim());
        Npy.write(dir.resolve("ty.npy"), test.labels(), test.rows());
        return new String[] {"--features", dir.resolve("x.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
            "--test-features", dir.resolve("tx.npy").toString(), "--test-labels", dir.resolve("ty.npy").toString()};
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Pcl4j.run(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void knnAndLinearPrintTablesAndWriteTheSameNumbersAsJson() throws Exception {
        String[] f = featureFlags();
        Path json = dir.resolve("knn.json");
        Run knn = run(concat(new String[] {"eval", "knn"}, concat(f, "--k", "5", "--json", json.toString())));
        assertThat(knn.code()).as(knn.err()).isZero();
        assertThat(knn.out()).contains("top-1").contains("1.0000");
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(o.get("protocol").getAsString()).isEqualTo("knn");
        assertThat(o.getAsJsonObject("result").get("top1").getAsDouble()).isEqualTo(1.0);
        assertThat(o.getAsJsonObject("result").get("k").getAsInt()).isEqualTo(5);

        Path lj = dir.resolve("linear.json");
        Run linear = run(concat(new String[] {"eval", "linear"}, concat(f, "--json", lj.toString())));
        assertThat(linear.code()).as(linear.err()).isZero();
        assertThat(JsonParser.parseString(Files.readString(lj)).getAsJsonObject().getAsJsonObject("result").get("recipe").getAsString())
                .contains("standardised");
    }

    @Test
    void lowshotAndClusterWithAssignments() throws Exception {
        String[] f = featureFlags();
        Run low = run(concat(new String[] {"eval", "lowshot"}, concat(f, "--shots", "1,2", "--draws", "2")));
        assertThat(low.code()).as(low.err()).isZero();
        assertThat(low.out()).contains("k per class");
        int[] labels = Npy.readInts(dir.resolve("y.npy")).data();
        Npy.write(dir.resolve("a.npy"), labels, labels.length);
        Run cl = run("eval", "cluster", "--labels", dir.resolve("y.npy").toString(), "--assignments", dir.resolve("a.npy").toString());
        assertThat(cl.code()).as(cl.err()).isZero();
        assertThat(cl.out()).contains("AMI").contains("1.0000");
    }

    @Test
    void clusterRunsKMeansWithOneClusterPerClass() throws Exception {
        String[] f = featureFlags();
        Path json = dir.resolve("cluster.json");
        Run cl = run("eval", "cluster", f[0], f[1], f[2], f[3], "--json", json.toString());
        assertThat(cl.code()).as(cl.err()).isZero();
        JsonObject r = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("result");
        assertThat(r.get("k").getAsInt()).isEqualTo(3);
        // three well-separated blobs: k-means recovers the classes
        assertThat(r.get("ami").getAsDouble()).isGreaterThan(0.9);
    }

    @Test
    void scalingFlagReachesTheProtocolAndABadNameIsOneLineNamingTheFlag() throws Exception {
        String[] f = featureFlags();
        Path json = dir.resolve("cluster.json");
        Run cl = run("eval", "cluster", f[0], f[1], f[2], f[3], "--scaling", "l2", "--json", json.toString());
        assertThat(cl.code()).as(cl.err()).isZero();
        assertThat(JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("result").get("clustering")
                .getAsString()).isEqualTo("k-means on L2-normalised features");
        Path lj = dir.resolve("lowshot.json");
        Run low = run(concat(new String[] {"eval", "lowshot"}, concat(f, "--shots", "1", "--draws", "1", "--scaling", "none",
                "--json", lj.toString())));
        assertThat(low.code()).as(low.err()).isZero();
        assertThat(JsonParser.parseString(Files.readString(lj)).getAsJsonObject().getAsJsonObject("result").get("recipe")
                .getAsString()).contains("on unscaled features");
        for (String command : new String[] {"linear", "lowshot", "cluster"}) {
            Run bad = run(concat(new String[] {"eval", command}, concat(f, "--scaling", "unit")));
            assertThat(bad.code()).as(command).isEqualTo(2);
            assertThat(bad.err().strip()).as(command).contains("--scaling").contains("'unit'").contains("none, standardise, l2")
                    .doesNotContain("\n");
        }
    }

    @Test
    void badInputsGiveOneLineNamingTheFlag() throws Exception {
        String[] f = featureFlags();
        f[7] = dir.resolve("missing.npy").toString();
        Run r = run(concat(new String[] {"eval", "knn"}, f));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("missing.npy").doesNotContain("\n");
        Run noTest = run("eval", "knn", "--features", dir.resolve("x.npy").toString(), "--labels", dir.resolve("y.npy").toString());
        assertThat(noTest.code()).isEqualTo(2);
        assertThat(noTest.err()).contains("--test-features");
        Npy.write(dir.resolve("short.npy"), new int[] {0, 1}, 2);
        Run shortLabels = run("eval", "knn", "--features", dir.resolve("x.npy").toString(), "--labels", dir.resolve("short.npy").toString(),
                "--test-features", dir.resolve("tx.npy").toString(), "--test-labels", dir.resolve("ty.npy").toString());
        assertThat(shortLabels.code()).isEqualTo(2);
        assertThat(shortLabels.err()).contains("--labels").contains("expected 90 labels");
        // an infinite temperature passed the old check (> 0) and made the vote a plain count
        Run infinite = run(concat(new String[] {"eval", "knn"}, concat(featureFlags(), "--temperature", "Infinity")));
        assertThat(infinite.code()).isEqualTo(2);
        assertThat(infinite.err().strip()).isEqualTo("pcl4j: error: --temperature: expected a finite number > 0, got Infinity");
        // --json where no file can be: said before the evaluation (it was said after minutes of embedding, its table printed)
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        Run json = run(concat(new String[] {"eval", "knn"}, concat(featureFlags(), "--json", aFile.resolve("r.json").toString())));
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.err().strip()).isEqualTo("pcl4j: error: --json " + aFile.resolve("r.json") + ": cannot write into " + aFile
                + " (file already exists)");
        assertThat(json.out()).as("no evaluation ran").doesNotContain("top-1");
        Run empty = run(concat(new String[] {"eval", "knn"}, concat(featureFlags(), "--json", "")));
        assertThat(empty.err().strip()).isEqualTo("pcl4j: error: --json: expected a file name, got an empty path");
        // --head and --data only say how a checkpoint embeds: with feature files they were accepted and ignored
        for (String protocol : new String[] {"knn", "cluster"}) {
            Run head = run(concat(new String[] {"eval", protocol}, concat(featureFlags(), "--head")));
            assertThat(head.code()).isEqualTo(2);
            assertThat(head.err().strip()).isEqualTo("pcl4j: error: --head: applies with --checkpoint (how its encoder embeds the data), "
                    + "not with --features files");
            Run data = run(concat(new String[] {"eval", protocol}, concat(featureFlags(), "--data", "fashion-mnist")));
            assertThat(data.err().strip()).startsWith("pcl4j: error: --data fashion-mnist: applies with --checkpoint");
        }
        assertThat(org.pcl4j.eval.Table.fmt(-6e-14)).as("an AMI of -6e-14").isEqualTo("0.0000");
    }

    /**
     * One NaN (train) or +inf (test) feature used to change the results silently (kNN 0.20 -> 0.53, linear
     * top-1 1.0) or, in t-SNE, end in an OutOfMemoryError: now every protocol stops with one line naming
     * the file, the row and the column.
     */
    @Test
    void nonFiniteFeaturesAreOneLineNamingTheFileRowAndColumn() throws Exception {
        String[] f = featureFlags();
        Npy.FloatArray x = Npy.readFloats(dir.resolve("x.npy"));
        float[] nan = x.data().clone();
        nan[7 * x.cols() + 2] = Float.NaN;
        Npy.write(dir.resolve("xnan.npy"), nan, x.rows(), x.cols());
        String[] withNan = f.clone();
        withNan[1] = dir.resolve("xnan.npy").toString();
        for (String protocol : new String[] {"knn", "linear", "lowshot", "cluster"}) {
            String[] args = protocol.equals("lowshot") ? concat(withNan, "--shots", "1", "--draws", "1") : withNan;
            Run r = run(concat(new String[] {"eval", protocol}, args));
            assertThat(r.code()).as(protocol + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(protocol).isEqualTo("pcl4j: error: --features " + dir.resolve("xnan.npy")
                    + ": NaN or infinite value (NaN) at row 7, column 2; expected finite numbers");
        }
        Npy.FloatArray tx = Npy.readFloats(dir.resolve("tx.npy"));
        float[] inf = tx.data().clone();
        inf[tx.data().length - 1] = Float.POSITIVE_INFINITY;
        Npy.write(dir.resolve("txinf.npy"), inf, tx.rows(), tx.cols());
        String[] withInf = f.clone();
        withInf[5] = dir.resolve("txinf.npy").toString();
        Run knn = run(concat(new String[] {"eval", "knn"}, withInf));
        assertThat(knn.code()).isEqualTo(2);
        assertThat(knn.err().strip()).startsWith("pcl4j: error: --test-features " + dir.resolve("txinf.npy"))
                .contains("(Infinity) at row " + (tx.rows() - 1) + ", column " + (tx.cols() - 1)).doesNotContain("\n");
        Path png = dir.resolve("tsne.png");
        Run tsne = run("plot", "tsne", "--features", dir.resolve("xnan.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
                "--iterations", "200", "--perplexity", "5", "--out", png.toString());
        assertThat(tsne.code()).isEqualTo(2);
        assertThat(tsne.err().strip()).startsWith("pcl4j: error: --features").contains("row 7, column 2").doesNotContain("\n");
        assertThat(png).doesNotExist();
    }

    /**
     * Labels are class ids, not necessarily indices: y * 700000000 used to size kNN's vote array by the
     * largest label (OutOfMemoryError). Every protocol renumbers them and gives the numbers of y itself.
     * Values that do not fit an int, and negative ones, are one line naming the file.
     */
    @Test
    void largeLabelValuesGiveTheSameResultsAndBadOnesAreOneLine() throws Exception {
        String[] f = featureFlags();
        for (String split : new String[] {"y", "ty"}) {
            int[] y = Npy.readInts(dir.resolve(split + ".npy")).data();
            Npy.write(dir.resolve(split + "big.npy"), java.util.Arrays.stream(y).map(v -> v * 700_000_000).toArray(), y.length);
        }
        String[] big = f.clone();
        big[3] = dir.resolve("ybig.npy").toString();
        big[7] = dir.resolve("tybig.npy").toString();
        for (String protocol : new String[] {"knn", "linear", "lowshot", "cluster"}) {
            String[] extra = protocol.equals("lowshot") ? new String[] {"--shots", "1,2", "--draws", "2"} : new String[0];
            Path small = dir.resolve(protocol + "-small.json");
            Path large = dir.resolve(protocol + "-large.json");
            Run a = run(concat(concat(new String[] {"eval", protocol}, concat(f, extra)), "--json", small.toString()));
            Run b = run(concat(concat(new String[] {"eval", protocol}, concat(big, extra)), "--json", large.toString()));
            assertThat(a.code()).as(protocol + ": " + a.err()).isZero();
            assertThat(b.code()).as(protocol + ": " + b.err()).isZero();
            assertThat(b.out()).as(protocol).isEqualTo(a.out());
            JsonObject ra = JsonParser.parseString(Files.readString(small)).getAsJsonObject().getAsJsonObject("result");
            JsonObject rb = JsonParser.parseString(Files.readString(large)).getAsJsonObject().getAsJsonObject("result");
            assertThat(rb).as(protocol).isEqualTo(ra);
        }

        int n = Npy.readInts(dir.resolve("y.npy")).data().length;
        long[] huge = new long[n];
        huge[5] = 1L << 40;
        writeInt64(dir.resolve("yhuge.npy"), huge);
        String[] withHuge = f.clone();
        withHuge[3] = dir.resolve("yhuge.npy").toString();
        Run overflow = run(concat(new String[] {"eval", "knn"}, withHuge));
        assertThat(overflow.code()).isEqualTo(2);
        assertThat(overflow.err().strip()).isEqualTo("pcl4j: error: " + dir.resolve("yhuge.npy") + ": value 1099511627776 at index 5"
                + " does not fit a 32-bit int (expected labels or indices between -2147483648 and 2147483647)");

        int[] negative = Npy.readInts(dir.resolve("y.npy")).data().clone();
        negative[4] = -1;
        Npy.write(dir.resolve("yneg.npy"), negative, n);
        Run neg = run("eval", "cluster", "--labels", dir.resolve("yneg.npy").toString(), "--assignments", dir.resolve("y.npy").toString());
        assertThat(neg.code()).isEqualTo(2);
        assertThat(neg.err().strip()).isEqualTo("pcl4j: error: --labels " + dir.resolve("yneg.npy")
                + ": expected class labels >= 0, found -1 at index 4");
    }

    /** plot clusters with -1 (IndexOutOfBoundsException) or 2^40 (integer overflow) in --assignments: one line; cluster ids such as 700000000 are drawn. */
    @Test
    void plotClustersTakesClusterIdsAndRejectsNegativeOrOversizedOnes() throws Exception {
        int n = 12;
        int[] images = new int[n * 4 * 4];
        Path imgs = dir.resolve("img.npy");
        writeUint8(imgs, images, n, 4, 4);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (i % 3) * 700_000_000L;
        }
        writeInt64(dir.resolve("ids.npy"), ids);
        Path grid = dir.resolve("grid.png");
        Run ok = run("plot", "clusters", "--assignments", dir.resolve("ids.npy").toString(), "--images", imgs.toString(),
                "--clusters", "3", "--per-cluster", "4", "--cell", "8", "--out", grid.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ImageIO.read(grid.toFile()).getHeight()).isEqualTo(3 * (8 + ClusterGrid.GAP) + ClusterGrid.GAP);

        ids[3] = -1;
        writeInt64(dir.resolve("neg.npy"), ids);
        Run neg = run("plot", "clusters", "--assignments", dir.resolve("neg.npy").toString(), "--images", imgs.toString(), "--out", grid.toString());
        assertThat(neg.code()).isEqualTo(2);
        assertThat(neg.err().strip()).isEqualTo("pcl4j: error: --assignments " + dir.resolve("neg.npy")
                + ": expected cluster numbers >= 0, found -1 at index 3");
        ids[3] = 1L << 40;
        writeInt64(dir.resolve("huge.npy"), ids);
        Run huge = run("plot", "clusters", "--assignments", dir.resolve("huge.npy").toString(), "--images", imgs.toString(), "--out", grid.toString());
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err().strip()).startsWith("pcl4j: error: " + dir.resolve("huge.npy") + ": value 1099511627776 at index 3 does not fit")
                .doesNotContain("\n");

        // t-SNE legends keep label values (class names are in label order): ids draw too
        featureFlags();
        Run tsne = run("plot", "tsne", "--features", dir.resolve("tx.npy").toString(), "--labels", dir.resolve("ty.npy").toString(),
                "--iterations", "100", "--perplexity", "5", "--width", "300", "--height", "200", "--out", dir.resolve("t.png").toString());
        assertThat(tsne.code()).as(tsne.err()).isZero();
        int[] ty = Npy.readInts(dir.resolve("ty.npy")).data();
        Npy.write(dir.resolve("tyids.npy"), java.util.Arrays.stream(ty).map(v -> v * 700_000_000).toArray(), ty.length);
        Run tsneIds = run("plot", "tsne", "--features", dir.resolve("tx.npy").toString(), "--labels", dir.resolve("tyids.npy").toString(),
                "--iterations", "100", "--perplexity", "5", "--width", "300", "--height", "200", "--out", dir.resolve("t2.png").toString());
        assertThat(tsneIds.code()).as(tsneIds.err()).isZero();
        assertThat(ImageIO.read(dir.resolve("t2.png").toFile()).getWidth()).isEqualTo(300);
    }

    @Test
    void plotTsneAndClustersWritePngs() throws Exception {
        featureFlags();
        Path png = dir.resolve("tsne.png");
        Run t = run("plot", "tsne", "--features", dir.resolve("tx.npy").toString(), "--labels", dir.resolve("ty.npy").toString(),
                "--iterations", "200", "--perplexity", "5", "--class-names", "a,b,c", "--width", "500", "--height", "400", "--out", png.toString(),
                "--embedding-out", dir.resolve("map.npy").toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(500);
        // the coordinates, and their labels named as embed names them (it was map_labels.npy)
        assertThat(org.pcl4j.data.Npy.readFloats(dir.resolve("map.npy")).shape()).containsExactly(30, 2);
        assertThat(dir.resolve("map.labels.npy")).exists();
        assertThat(dir.resolve("map_labels.npy")).doesNotExist();
        // a .jpg name got PNG bytes
        Run jpg = run("plot", "curves", "--metrics", dir.resolve("none.jsonl").toString(), "--out", dir.resolve("c.jpg").toString());
        assertThat(jpg.code()).isEqualTo(2);
        assertThat(jpg.err().strip()).isEqualTo("pcl4j: error: --out " + dir.resolve("c.jpg")
                + ": pictures are written as PNG; expected a name ending in .png");

        int n = 30;
        int[] images = new int[n * 8 * 8];
        for (int i = 0; i < images.length; i++) {
            images[i] = (i * 7) % 256;
        }
        Path imgs = dir.resolve("img.npy");
        writeUint8(imgs, images, n, 8, 8);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 3;
        }
        Npy.write(dir.resolve("a.npy"), a, n);
        Path grid = dir.resolve("grid.png");
        Run g = run("plot", "clusters", "--assignments", dir.resolve("a.npy").toString(), "--images", imgs.toString(),
                "--clusters", "3", "--per-cluster", "4", "--cell", "20", "--out", grid.toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(ImageIO.read(grid.toFile()).getHeight()).isEqualTo(3 * (20 + ClusterGrid.GAP) + ClusterGrid.GAP);
    }

    /**
     * plot curves --width 100000 --height 100000 over a good picture used to end in an OutOfMemoryError
     * stack trace and a 0-byte file: sizes are bounded (one line naming the flags) and the picture stays.
     */
    @Test
    void oversizedPicturesAreOneLineAndKeepTheExistingFile() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, "{\"epoch\": 1, \"loss\": 6.1}\n{\"epoch\": 2, \"loss\": 5.2}\n");
        Path keep = dir.resolve("pl").resolve("keep.png");
        Run ok = run("plot", "curves", "--metrics", metrics.toString(), "--out", keep.toString(), "--width", "300", "--height", "200");
        assertThat(ok.code()).as(ok.err()).isZero();
        byte[] good = Files.readAllBytes(keep);

        Run wide = run("plot", "curves", "--metrics", metrics.toString(), "--out", keep.toString(), "--width", "100000", "--height", "100000");
        assertThat(wide.code()).isEqualTo(2);
        assertThat(wide.err().strip()).isEqualTo("pcl4j: error: --width: the picture would be 100000 pixels wide; expected at most 20000");
        Run area = run("plot", "curves", "--metrics", metrics.toString(), "--out", keep.toString(), "--width", "20000", "--height", "20000");
        assertThat(area.code()).isEqualTo(2);
        assertThat(area.err().strip()).isEqualTo("pcl4j: error: --width and --height: the picture would be 20000 x 20000 = 400000000"
                + " pixels; expected at most 50000000");
        featureFlags();
        Run tsne = run("plot", "tsne", "--features", dir.resolve("tx.npy").toString(), "--labels", dir.resolve("ty.npy").toString(),
                "--height", "30000", "--out", keep.toString());
        assertThat(tsne.code()).isEqualTo(2);
        assertThat(tsne.err().strip()).startsWith("pcl4j: error: --height:").doesNotContain("\n");
        Run grid = run("plot", "clusters", "--assignments", dir.resolve("y.npy").toString(), "--images", dir.resolve("y.npy").toString(),
                "--cell", "5000", "--out", keep.toString());
        assertThat(grid.code()).isEqualTo(2);
        assertThat(grid.err().strip()).startsWith("pcl4j: error: --per-cluster/--cell: the picture would be 50126 pixels wide");
        assertThat(Files.readAllBytes(keep)).isEqualTo(good);

        Run intoDir = run("plot", "curves", "--metrics", metrics.toString(), "--out", dir.toString());
        assertThat(intoDir.code()).isEqualTo(2);
        assertThat(intoDir.err().strip()).isEqualTo("pcl4j: error: --out " + dir + ": is a directory (expected a file name)");
    }

    /** Each message names the one flag (or metrics key) that is wrong; they used to list every condition, or name another key. */
    @Test
    void settingErrorsNameTheOneFlagThatIsWrong() throws Exception {
        String[] f = featureFlags();
        Run draws = run(concat(new String[] {"eval", "lowshot"}, concat(f, "--draws", "0")));
        assertThat(draws.code()).isEqualTo(2);
        assertThat(draws.err().strip()).isEqualTo("pcl4j: error: --draws: expected at least 1 draw per k, got 0");
        Run shots = run(concat(new String[] {"eval", "lowshot"}, concat(f, "--shots", "2,0")));
        assertThat(shots.err().strip()).isEqualTo("pcl4j: error: --shots: expected values >= 1, got [2, 0]");
        Run costs = run(concat(new String[] {"eval", "linear"}, concat(f, "--costs", "0,1")));
        assertThat(costs.code()).isEqualTo(2);
        assertThat(costs.err().strip()).isEqualTo("pcl4j: error: --costs: every cost must be a finite number > 0, got 0.0 in [0.0, 1.0]");
        // LIBLINEAR's regression and one-class solvers fit no classes: a NullPointerException inside LIBLINEAR, exit 1
        for (String solver : new String[] {"L2R_L2LOSS_SVR", "L2R_L1LOSS_SVR_DUAL", "L2R_L2LOSS_SVR_DUAL", "ONECLASS_SVM"}) {
            Run r = run(concat(new String[] {"eval", "linear"}, concat(f, "--solver", solver)));
            assertThat(r.code()).as(solver + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("pcl4j: error: --solver: expected a LIBLINEAR classifier (L2R_LR, ")
                    .endsWith("got " + solver + (solver.startsWith("ONE") ? ", a one-class solver" : ", a regression solver"));
        }

        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, "{\"epoch\": 1, \"loss\": 6.1}\n{\"epoch\": 2, \"loss\": \"abc\"}\n");
        Run curves = run("plot", "curves", "--metrics", metrics.toString(), "--out", dir.resolve("c.png").toString());
        assertThat(curves.code()).isEqualTo(2);
        assertThat(curves.err().strip()).isEqualTo("pcl4j: error: " + metrics + ":2: \"loss\" is \"abc\"; expected a number or null");
        Files.writeString(metrics, "{\"epoch\": \"one\"}\n");
        Run epoch = run("plot", "curves", "--metrics", metrics.toString(), "--out", dir.resolve("c.png").toString());
        assertThat(epoch.err().strip()).isEqualTo("pcl4j: error: " + metrics + ":1: \"epoch\" is \"one\"; expected an integer");
    }

    /** --images with a value such as 1000 (int64) was drawn as (byte) 1000 = another grey; the help said uint8. */
    @Test
    void clusterImagesOutsideABytesRangeAreOneLine() throws Exception {
        int n = 6;
        long[] pixels = new long[n * 2 * 2];
        pixels[9] = 1000;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(pixels.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(pixels);
        Path imgs = dir.resolve("img64.npy");
        writeNpy(imgs, "<i8", b.array(), n, 2, 2);
        Npy.write(dir.resolve("a.npy"), new int[] {0, 0, 0, 1, 1, 1}, n);
        Run r = run("plot", "clusters", "--assignments", dir.resolve("a.npy").toString(), "--images", imgs.toString(),
                "--per-cluster", "3", "--out", dir.resolve("g.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pcl4j: error: --images " + imgs + ": value 1000 at index 9 is outside 0..255 (expected 8-bit pixel values)");
        pixels[9] = 255; // int64 in range: drawn
        b.clear();
        b.asLongBuffer().put(pixels);
        writeNpy(imgs, "<i8", b.array(), n, 2, 2);
        Run ok = run("plot", "clusters", "--assignments", dir.resolve("a.npy").toString(), "--images", imgs.toString(),
                "--per-cluster", "3", "--out", dir.resolve("g.png").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
    }

    /** numpy-compatible uint8 .npy, as image folders are commonly saved. */
    static void writeUint8(Path file, int[] values, long... shape) throws Exception {
        byte[] body = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            body[i] = (byte) values[i];
        }
        writeNpy(file, "|u1", body, shape);
    }

    /** numpy-compatible int64 .npy (numpy's default integer type), which Npy.write does not write. */
    static void writeInt64(Path file, long[] values) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        writeNpy(file, "<i8", b.array(), values.length);
    }

    private static void writeNpy(Path file, String descr, byte[] body, long... shape) throws Exception {
        StringBuilder dims = new StringBuilder();
        for (long s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] head = h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) head.length, 0});
            out.write(head);
            out.write(body);
        }
    }
}
