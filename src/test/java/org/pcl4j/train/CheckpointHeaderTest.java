package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.eval.MetricsLog;
import org.pcl4j.model.Arch;
import org.pcl4j.model.Head;

/** Checkpoint headers of older versions (choices as strings, camelCase metrics) still load; one metrics schema. */
class CheckpointHeaderTest {
    @TempDir
    Path dir;

    /** A header as pcl4j wrote it before the choices became enums. */
    private static final String OLD_HEADER = """
            {"epochsDone":2,"config":{"data":"fashion-mnist","limit":1000,"imageSize":0,"skipBadImages":false,"preset":"PCL_V1",
            "arch":"resnet18","head":"linear","dim":64,"augmentation":"mocov1","epochs":10,"warmupEpochs":1,"batchSize":32,
            "lr":0.06,"sgdMomentum":0.9,"weightDecay":1.0E-4,"schedule":"step","lrSteps":[6,8],"temperature":0.1,"queueSize":512,
            "emaMomentum":0.99,"numClusters":[5,9],"protoDupMask":true,"instanceLoss":true,"protoLoss":true,"kmeansIterations":20,
            "kmeansRestarts":5,"maxPointsPerCentroid":1000,"seed":3,"workers":1,"knnEvery":1},
            "encoder":{"backbone":"resnet18","head":"linear","dim":64,"channels":1,"imageSize":28},"queuePointer":64,
            "optimizerBuffers":62,"metrics":{"epoch":2,"lr":0.06,"loss":5.5,"lossInstance":5.0,"lossProto":0.5,"accInstance":12.5,
            "accProto":30.0,"imagesPerS":800.0,"estepSeconds":1.5,"mstepSeconds":2.0,"knnTop1":0.4,"evalSeconds":0.5,"epochSeconds":4.0}}
            """;

    @Test
    void aHeaderWithStringChoicesAndCamelCaseMetricsLoads() {
        Checkpoint.Header h = Checkpoint.parseHeader(OLD_HEADER);
        assertThat(h.config().arch()).isEqualTo(Arch.RESNET18);
        assertThat(h.config().head()).isEqualTo(Head.LINEAR);
        assertThat(h.config().augmentation()).isEqualTo(AugmentationPolicy.MOCO_V1);
        assertThat(h.config().schedule()).isEqualTo(Schedule.STEP);
        assertThat(h.config().preset()).isEqualTo(Preset.PCL_V1);
        assertThat(h.encoder().backbone()).isEqualTo(Arch.RESNET18);
        assertThat(h.encoder().head()).isEqualTo(Head.LINEAR);
        assertThat(h.metrics().lossInstance()).isEqualTo(5.0);
        assertThat(h.metrics().knnTop1()).isEqualTo(0.4);
        assertThat(h.metrics().epochSeconds()).isEqualTo(4.0);
        // Written again, the choices keep their command-line names.
        String again = new com.google.gson.Gson().toJson(h.config());
        assertThat(again).contains("\"arch\":\"resnet18\"", "\"head\":\"linear\"", "\"augmentation\":\"mocov1\"", "\"schedule\":\"step\"");
    }

    /** A header as pcl4j wrote it before the config was split into run and method settings: one flat object. */
    private static final String FLAT_HEADER = """
            {"epochsDone":3,"config":{"data":"cifar10","limit":500,"imageSize":24,"skipBadImages":true,"preset":"PCL_V2",
            "arch":"small-cnn","head":"mlp","dim":32,"augmentation":"aug+","epochs":6,"warmupEpochs":1,"batchSize":64,
            "lr":0.0075,"sgdMomentum":0.9,"weightDecay":1.0E-4,"schedule":"cosine","lrSteps":[4,5],"temperature":0.2,"queueSize":128,
            "emaMomentum":0.995,"numClusters":[4,8],"protoDupMask":false,"instanceLoss":true,"protoLoss":true,"kmeansIterations":10,
            "kmeansRestarts":2,"maxPointsPerCentroid":256,"seed":7,"workers":3,"knnEvery":2,"shuffleBn":true,"bnSplits":4},
            "encoder":{"backbone":"small-cnn","head":"mlp","dim":32,"channels":3,"imageSize":24},"queuePointer":0}
            """;

    @Test
    void aFlatHeaderFromBeforeTheSplitLoadsIntoRunAndMethodSettings() {
        Checkpoint.Header h = Checkpoint.parseHeader(FLAT_HEADER);
        RunSettings run = h.config().run();
        assertThat(run).isEqualTo(new RunSettings("cifar10", 500, 24, true, 3, 2));
        MethodSettings m = h.config().method();
        assertThat(m.preset()).isEqualTo(Preset.PCL_V2);
        assertThat(m.arch()).isEqualTo(Arch.SMALL_CNN);
        assertThat(m.customBackbone()).isNull();
        assertThat(m.head()).isEqualTo(Head.MLP);
        assertThat(m.dim()).isEqualTo(32);
        assertThat(m.augmentation()).isEqualTo(AugmentationPolicy.AUG_PLUS);
        assertThat(m.epochs()).isEqualTo(6);
        assertThat(m.warmupEpochs()).isEqualTo(1);
        assertThat(m.batchSize()).isEqualTo(64);
        assertThat(m.lr()).isEqualTo(0.0075f);
        assertThat(m.schedule()).isEqualTo(Schedule.COSINE);
        assertThat(m.lrSteps()).containsExactly(4, 5);
        assertThat(m.temperature()).isEqualTo(0.2f);
        assertThat(m.queueSize()).isEqualTo(128);
        assertThat(m.emaMomentum()).isEqualTo(0.995f);
        assertThat(m.numClusters()).containsExactly(4, 8);
        assertThat(m.protoDupMask()).isFalse();
        assertThat(m.kmeansIterations()).isEqualTo(10);
        assertThat(m.kmeansRestarts()).isEqualTo(2);
        assertThat(m.maxPointsPerCentroid()).isEqualTo(256);
        assertThat(m.seed()).isEqualTo(7L);
        assertThat(m.shuffleBn()).isTrue();
        assertThat(m.batchNormSplits()).isEqualTo(4);
        assertThat(m.symmetric()).as("settings newer than the header take the paper's value").isFalse();
        // the config's own accessors read through to the parts
        assertThat(h.config().batchSize()).isEqualTo(64);
        assertThat(h.config().workers()).isEqualTo(3);
        assertThat(h.config().encoderConfig(3, 32)).isEqualTo(h.encoder());

        // Written again, it is the same flat object plus the settings added since (older versions ignore
        // fields they do not know): older versions read the checkpoints of this one.
        com.google.gson.Gson gson = new com.google.gson.Gson();
        com.google.gson.JsonObject written = gson.toJsonTree(h.config()).getAsJsonObject();
        com.google.gson.JsonObject original = com.google.gson.JsonParser.parseString(FLAT_HEADER).getAsJsonObject().getAsJsonObject("config");
        java.util.Set<String> added = new java.util.HashSet<>(written.keySet());
        added.removeAll(original.keySet());
        assertThat(added).containsExactly("symmetric");
        assertThat(written.keySet()).containsAll(original.keySet());
        for (String key : original.keySet()) {
            assertThat(written.get(key).toString()).as(key).isEqualTo(original.get(key).toString());
        }
        assertThat(gson.fromJson(written, TrainConfig.class)).usingRecursiveComparison().isEqualTo(h.config());
    }

    @Test
    void metricsRoundTripThroughTheOneSchema() throws Exception {
        EpochMetrics warmup = new EpochMetrics(1, 0.03, 6.0, 6.0, null, 10.0, null, 900.0, null, 3.0, 0.41, 0.2, 3.5);
        EpochMetrics pcl = new EpochMetrics(2, 0.02, 5.0, 4.5, 0.5, 20.0, 35.5, 910.0, 1.25, 2.9, null, null, 4.2);
        assertThat(warmup.toJson()).contains("\"loss_instance\":6.0", "\"loss_proto\":null", "\"knn_top1\":0.41", "\"epoch_seconds\":3.5");
        assertThat(EpochMetrics.fromJson(pcl.toJson())).isEqualTo(pcl);

        org.pcl4j.train.MetricsLog log = new org.pcl4j.train.MetricsLog(dir);
        log.append(warmup);
        log.append(pcl);
        List<EpochMetrics> read = MetricsLog.read(log.file());
        assertThat(read).containsExactly(warmup, pcl);

        // Resuming after epoch 2 with the line of epoch 2 lost restores it from the checkpoint's copy.
        Files.writeString(log.file(), warmup.toJson() + "\n");
        log.resumeAt(2, pcl);
        assertThat(MetricsLog.read(log.file())).containsExactly(warmup, pcl);

        // A stray line of epoch 0 (a hand-made "before training" row) made resume read the file as an older 0-based
        // one: every line shifted by one and the last epoch's line was gone. It is dropped, with a warning.
        Files.writeString(log.file(), warmup.toJson() + "\n" + pcl.toJson() + "\n{\"epoch\": 0, \"note\": \"manual\"}\n");
        List<String> warned = org.pcl4j.data.Fixtures.logged(org.pcl4j.train.MetricsLog.class, () -> log.resumeAt(2, pcl));
        assertThat(MetricsLog.read(log.file())).containsExactly(warmup, pcl);
        assertThat(warned).anyMatch(l -> l.startsWith("WARN") && l.contains("line(s) of epoch [0] dropped"));
        // an older pcl4j's file, 0-based from its first line, is still renumbered
        EpochMetrics old0 = new EpochMetrics(0, 0.03, 6.0, 6.0, null, 10.0, null, 900.0, null, 3.0, 0.41, 0.2, 3.5);
        EpochMetrics old1 = new EpochMetrics(1, 0.02, 5.0, 4.5, 0.5, 20.0, 35.5, 910.0, 1.25, 2.9, null, null, 4.2);
        Files.writeString(log.file(), old0.toJson() + "\n" + old1.toJson() + "\n");
        log.resumeAt(2, pcl);
        assertThat(MetricsLog.read(log.file())).containsExactly(warmup, pcl);
        // a damaged line in the middle is said, not silently lost; a cut last line (a crash mid-write) is not a warning
        Files.writeString(log.file(), warmup.toJson() + "\n#garbage\n" + pcl.toJson() + "\n");
        List<String> damaged = org.pcl4j.data.Fixtures.logged(org.pcl4j.train.MetricsLog.class, () -> log.resumeAt(2, pcl));
        assertThat(damaged).anyMatch(l -> l.startsWith("WARN") && l.contains("unreadable line(s) [2] dropped"));
        Files.writeString(log.file(), warmup.toJson() + "\n" + pcl.toJson().substring(0, 20));
        List<String> cut = org.pcl4j.data.Fixtures.logged(org.pcl4j.train.MetricsLog.class, () -> log.resumeAt(2, pcl));
        assertThat(cut).noneMatch(l -> l.startsWith("WARN"));
        assertThat(MetricsLog.read(log.file())).containsExactly(warmup, pcl);

        // Read for plotting before any resume: a cut last line (it refused the whole file) and a stray epoch-0 line
        // (every epoch shifted by one) are left out, each said
        Files.writeString(log.file(), warmup.toJson() + "\n" + pcl.toJson() + "\n" + pcl.toJson().substring(0, 20));
        List<String> plotted = org.pcl4j.data.Fixtures.logged(MetricsLog.class,
                () -> assertThat(MetricsLog.read(log.file())).containsExactly(warmup, pcl));
        assertThat(plotted).anyMatch(l -> l.startsWith("WARN") && l.contains(":3: cut short"));
        Files.writeString(log.file(), warmup.toJson() + "\n" + pcl.toJson() + "\n{\"epoch\": 0}\n");
        List<String> stray = org.pcl4j.data.Fixtures.logged(MetricsLog.class,
                () -> assertThat(MetricsLog.read(log.file())).containsExactly(warmup, pcl));
        assertThat(stray).anyMatch(l -> l.startsWith("WARN") && l.contains("a line of epoch 0 in a file numbered from 1"));
        assertThat(org.pcl4j.train.MetricsLog.zeroBased(List.of(0, 1, 2))).isTrue();
        assertThat(org.pcl4j.train.MetricsLog.zeroBased(List.of(1, 2, 0))).isFalse();
        assertThat(org.pcl4j.train.MetricsLog.zeroBased(List.of(0, 2))).as("a gap").isFalse();
        assertThat(org.pcl4j.train.MetricsLog.zeroBased(List.of(0, -1, 1))).as("not 0..max").isFalse();
    }
}
