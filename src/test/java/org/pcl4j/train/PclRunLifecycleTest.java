package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.SettingException;
import org.pcl4j.TestImages;
import org.pcl4j.data.Image;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.Normalization;
import org.pcl4j.model.Devices;
import org.pcl4j.model.Encoder;

/** The Java API's run as a library user drives it: what it refuses, what it releases, what it says when misused. */
class PclRunLifecycleTest {
    private final TestImages images = TestImages.of(64, 28, 4, 2);

    @TempDir
    Path dir;

    private Pcl.Builder builder() {
        return Pcl.builder(images).epochs(1).logEpochs(false)
                .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4}).kmeansRestarts(1).workers(1));
    }

    @Test
    void anOutDirHoldingAnotherRunIsRefusedAndKeptAsItWas() throws Exception {
        Path out = dir.resolve("run");
        try (Encoder first = builder().outDir(out).build().fit()) {
            assertThat(first).isNotNull();
        }
        List<Path> before = Checkpoint.list(out);
        String metrics = Files.readString(out.resolve("metrics.jsonl"));
        assertThatThrownBy(() -> builder().seed(99).outDir(out).build())
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("outDir"))
                .hasMessageContaining("already holds checkpoints");
        assertThat(Checkpoint.list(out)).isEqualTo(before);
        assertThat(Files.readString(out.resolve("metrics.jsonl"))).isEqualTo(metrics);
        assertThat(out.resolve(MetricsLog.STALE_NAME)).doesNotExist();
    }

    @Test
    void aBuildThatFailsReleasesItsOutDirAndItsManager() {
        assumeTrue(Devices.gpuCount() < 8, "eight GPUs are present");
        Path out = dir.resolve("retry");
        int managers = systemManagerResources();
        assertThatThrownBy(() -> builder().outDir(out).device(Device.gpu(7)).build())
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("device"));
        assertThat(systemManagerResources()).as("no base manager left open").isEqualTo(managers);
        try (Pcl.Run run = builder().outDir(out).device(Device.cpu()).build()) { // the same folder: not locked by the failure
            assertThat(run.trainer()).isNotNull();
        }
        assertThat(systemManagerResources()).as("a closed run closes the base manager it made").isEqualTo(managers);
    }

    @Test
    void aRunIsFittedOnceAndAClosedTrainerSaysSo() {
        Pcl.Run run = builder().build();
        try (Encoder encoder = run.fit()) {
            assertThat(encoder).isNotNull();
        }
        assertThatThrownBy(run::fit).isInstanceOf(IllegalStateException.class).hasMessageContaining("fitted and closed already");
        assertThatThrownBy(() -> run.trainer().openEpoch(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this trainer is closed");
        assertThatThrownBy(() -> run.trainer().fit()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this trainer is closed");
    }

    @Test
    void fittingPastTheRunsEpochsIsAnErrorNotASilentCap() {
        try (Pcl.Run run = builder().build()) {
            assertThatThrownBy(() -> run.trainer().fit(5))
                    .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("epochs"))
                    .hasMessageContaining("fit(5) goes past this run's epochs 1");
        }
    }

    @Test
    void aLimitSetThroughConfigureLimitsTheImagesTrainedOn() {
        assertThat(steps(builder().configure(c -> c.limit(40)))).as("40 images in batches of 32").isEqualTo(1);
        assertThat(steps(builder().limit(40))).isEqualTo(1);
        assertThat(steps(builder())).as("all 64").isEqualTo(2);
    }

    /** Steps of the first epoch of the run {@code b} builds. */
    private static int steps(Pcl.Builder b) {
        try (Pcl.Run run = b.build(); PclTrainer.Epoch epoch = run.trainer().openEpoch(0)) {
            return epoch.numSteps();
        }
    }

    @Test
    void settingsTheLibraryCannotUseNameThemselves() {
        assertThatThrownBy(() -> Devices.check(Device.of("mps", 0)))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("device"))
                .hasMessageContaining("the CPU or a CUDA GPU");
        assertThatThrownBy(() -> builder().preset(null).build())
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("preset"));
        ImageSource twoChannels = new ImageSource() {
            @Override public int size() { return images.size(); }
            @Override public int channels() { return 2; }
            @Override public int imageSize() { return images.imageSize(); }
            @Override public Image image(int index) { return images.image(index); }
            @Override public boolean hasLabels() { return false; }
            @Override public int label(int index) { return -1; }
            @Override public List<String> classNames() { return List.of(); }
            @Override public Normalization normalization() { return images.normalization(); }
            @Override public String description() { return "two-channel images"; }
        };
        assertThatThrownBy(() -> Pcl.builder(twoChannels).epochs(1).logEpochs(false)
                        .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4})).build())
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("data"))
                .hasMessageContaining("images of 2 channels; pcl4j trains on 1 (gray) or 3 (RGB)");
    }

    /** Resources of DJL's system manager, the parent of every base manager (its toString says how many). */
    private static int systemManagerResources() {
        try (NDManager probe = NDManager.newBaseManager()) {
            Matcher m = Pattern.compile("Resource size: (\\d+)").matcher(probe.getParentManager().toString());
            assertThat(m.find()).isTrue();
            return Integer.parseInt(m.group(1)) - 1; // less the probe itself
        }
    }
}
