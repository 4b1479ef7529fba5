package org.pcl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pcl4j.InputException;
import org.pcl4j.cluster.KMeansConfig;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.model.Arch;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.Head;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.eval.KnnMonitor;
import org.pcl4j.train.Checkpoint;
import org.pcl4j.train.Epochs;
import org.pcl4j.train.PclTrainer;
import org.pcl4j.train.RunDirectory;
import org.pcl4j.train.RunDirectoryListener;
import org.pcl4j.train.Schedule;
import org.pcl4j.train.Preset;
import org.pcl4j.train.TrainConfig;
import org.pcl4j.train.TrainingDivergedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pcl4j train}: flags → {@link TrainConfig} → {@link PclTrainer}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Train an encoder with Prototypical Contrastive Learning (E-step + M-step every epoch).",
                "Settings marked 'preset' default to the value of --preset (ALGORITHM.md §4)."})
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.DataOnly dataOption = new SharedOptions.DataOnly();

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory: checkpoints and metrics.jsonl.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its newest valid checkpoint (its settings are kept; "
                    + "a flag that differs is an error, except a larger --epochs, which extends the run).")
    Path resume;

    @Option(names = "--preset", defaultValue = "pcl-v2", completionCandidates = ChoiceNames.Presets.class,
            description = "${COMPLETION-CANDIDATES}")
    String preset;

    @Option(names = "--arch", defaultValue = "small-cnn", completionCandidates = ChoiceNames.Archs.class,
            description = "${COMPLETION-CANDIDATES}")
    String arch;

    @Option(names = "--head", completionCandidates = ChoiceNames.Heads.class, description = "${COMPLETION-CANDIDATES} (default: preset)")
    String head;

    @Option(names = "--dim", defaultValue = "" + EncoderConfig.DEFAULT_DIM, description = "Embedding dimension.")
    int dim;

    @Option(names = "--aug", completionCandidates = ChoiceNames.Augmentations.class,
            description = "${COMPLETION-CANDIDATES} (default: preset)")
    String augmentation;

    @Option(names = "--epochs", defaultValue = "" + TrainConfig.Builder.DEFAULT_EPOCHS)
    int epochs;

    @Option(names = "--warmup-epochs", description = "Instance-only epochs before the first E-step (default: epochs/10, i.e. 20 of 200).")
    Integer warmupEpochs;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "" + TrainConfig.Builder.DEFAULT_BATCH_SIZE)
    int batchSize;

    @Option(names = "--lr", description = "Base learning rate (default: " + TrainConfig.Builder.BASE_LR_PER_256 + " × batch/256).")
    Float lr;

    @Option(names = "--sgd-momentum", defaultValue = "" + TrainConfig.Builder.DEFAULT_SGD_MOMENTUM)
    float sgdMomentum;

    @Option(names = "--wd", defaultValue = "" + TrainConfig.Builder.DEFAULT_WEIGHT_DECAY, description = "Weight decay.")
    float weightDecay;

    @Option(names = "--schedule", completionCandidates = ChoiceNames.Schedules.class,
            description = "${COMPLETION-CANDIDATES} (default: preset)")
    String schedule;

    @Option(names = "--lr-steps", split = ",", description = "Epochs of the ×0.1 steps (default: 60%% and 80%% of --epochs).")
    int[] lrSteps;

    @Option(names = {"-t", "--temperature"}, description = "Instance temperature τ; also the mean concentration φ (default: preset).")
    Float temperature;

    @Option(names = {"-r", "--queue-size"},
            description = "Negative keys in the queue (default: 8%% of the training images, a multiple of the batch, 16384 at most; "
                    + "a warning above 25%%).")
    Integer queueSize;

    @Option(names = "--moco-m",
            description = "Momentum of the key encoder's EMA (default: 1 - 1/sqrt(optimizer steps), within [0.99, 0.999]).")
    Float emaMomentum;

    @Option(names = "--shuffle-bn", arity = "1", defaultValue = "true",
            description = "Shuffle-BN on one device: BatchNorm statistics per sub-batch in both encoders, key batch shuffled first.")
    boolean shuffleBn;

    @Option(names = "--bn-splits", paramLabel = "S",
            description = "Shuffle-BN sub-batches; must divide --batch-size (default: the largest S <= 8 that divides it with >= 16 images each).")
    Integer bnSplits;

    @Option(names = "--symmetric", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Symmetric loss: each view is also the query of the other view's key (the mean of both directions; "
                    + "about twice the M-step's work per image). Off: the paper's loss.")
    boolean symmetric;

    @Option(names = "--num-cluster", split = ",", paramLabel = "K",
            description = "Granularities K, e.g. 100,250,500 (default: N/600,N/240,N/120 for N images).")
    int[] numClusters;

    @Option(names = "--proto-dup-mask", arity = "1", defaultValue = "true",
            description = "Mask duplicate positive prototypes out of each row's denominator; false reproduces the reference.")
    boolean protoDupMask;

    @Option(names = "--proto-loss", arity = "1", description = "Use the prototype term (default: preset; false with moco-v2).")
    Boolean protoLoss;

    @Option(names = "--instance-loss", arity = "1", defaultValue = "true", description = "Use the instance term; false = proto-only ablation.")
    boolean instanceLoss;

    @Option(names = "--kmeans-iters", defaultValue = "" + KMeansConfig.DEFAULT_ITERATIONS)
    int kmeansIterations;

    @Option(names = "--kmeans-restarts", defaultValue = "" + KMeansConfig.DEFAULT_RESTARTS)
    int kmeansRestarts;

    @Option(names = "--max-points-per-centroid", defaultValue = "" + KMeansConfig.DEFAULT_MAX_POINTS_PER_CENTROID)
    int maxPointsPerCentroid;

    @Option(names = "--seed", defaultValue = "" + TrainConfig.Builder.DEFAULT_SEED)
    long seed;

    @Option(names = "--workers", description = "Augmentation threads (default: half the cores, at least 1).")
    Integer workers;

    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N images only (0 = all); in a folder: of class folders the classes take turns, so they are a stratified sample.")
    int limit;

    @Option(names = "--image-size", defaultValue = "0", description = "Crop size (0 = the data's own size; a folder: the median shorter side of its images, at most 224).")
    int imageSize;

    @Option(names = "--skip-bad-images", description = "Skip and count unreadable images instead of stopping.")
    boolean skipBadImages;

    @Option(names = "--knn-every", defaultValue = "1", description = "kNN monitor on the test split every N epochs (0 = never).")
    int knnEvery;

    @Option(names = "--no-progress", description = "No progress bar (log lines only; also when stderr is not a terminal).")
    boolean noProgress;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        device.select();
        Checkpoint checkpoint = null;
        TrainConfig config = null;
        TrainConfig.Builder fresh = null;
        RunDirectory runDir;
        if (resume != null) {
            if (!Files.exists(resume)) {
                throw new InputException("--resume " + resume + ": no such run directory");
            }
            // Lock and clean the run (stale .tmp files) before reading its checkpoints.
            runDir = RunDirectory.open(Files.isRegularFile(resume) ? resume.toAbsolutePath().getParent() : resume, "resume");
        } else {
            if (dataOption.spec == null || out == null) {
                throw new InputException("--data and --out are required (or --resume DIR to continue a run)");
            }
            if (out.toString().isBlank()) { // Path.of("") is the working directory: not what an empty flag meant
                throw new InputException("--out: expected a folder for the run, got an empty path");
            }
            fresh = builder().checkSettings(); // flags that need no data: before loading it
            if (!Checkpoint.list(out).isEmpty()) {
                throw new InputException("--out " + out + " already holds checkpoints; use --resume " + out + " to continue it, or another --out");
            }
            runDir = RunDirectory.open(out); // writable and not in use: checked before loading data
        }
        PclTrainer trainer = null;
        try {
            ImageSource train;
            if (resume != null) {
                checkpoint = Checkpoint.loadLatest(resume);
                config = ResumeFlags.apply(spec.commandLine().getParseResult(), checkpoint, runDir.path());
                // The side the run trained at: with no --image-size a folder's own side is derived from its images
                // (FolderSource.ownSide), which files added since could move, and earlier versions used 224.
                int side = config.imageSize() > 0 ? config.imageSize() : checkpoint.header().encoder().imageSize();
                train = openTrain(config.data(), config.limit(), side, config.skipBadImages());
            } else {
                train = openTrain(dataOption.spec, limit, imageSize, skipBadImages);
                config = fresh.build(train.size());
                fresh.unused().forEach(u -> LOG.warn(SettingFlags.message(u)));
            }
            LOG.info("training on {} ({} images): {}{}", train.description(), train.size(), config,
                    fresh == null || fresh.derived().isEmpty() ? "" : " (derived defaults: " + String.join(", ", fresh.derived()) + ")");
            if (train.skipped() > 0) {
                LOG.warn("--skip-bad-images: skipped {} unreadable image(s) of {}", train.skipped(), train.description());
            }
            if (checkpoint != null && checkpoint.epochsDone() >= config.epochs()) {
                LOG.info("the run in {} has done all its {} epochs; --epochs N (more) extends it", runDir.path(), config.epochs());
            }
            KnnMonitor monitor = KnnMonitor.forRun(DataSpec.parse(config.data()), train, config, config.knnEvery() > 0);
            trainer = new PclTrainer(config, train, runDir, checkpoint, monitor, !noProgress && Terminal.stderrIsTerminal());
        } finally {
            if (trainer == null) {
                runDir.close();
            }
        }
        if (resume != null && Files.isRegularFile(resume)) {
            setAsideLaterCheckpoints(runDir.path(), checkpoint);
        }
        boolean extended = checkpoint != null && checkpoint.config().epochs() != config.epochs();
        Thread onSignal = stopMessage(trainer, runDir.path(), config.epochs(), extended);
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (PclTrainer t = trainer) {
            t.fit();
        } catch (TrainingDivergedException e) {
            LOG.error(e.getMessage());
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs and says where the run stopped
            }
        }
        LOG.info("done: {} epoch{}; checkpoints and {} in {}", config.epochs(), config.epochs() == 1 ? "" : "s", "metrics.jsonl", runDir.path());
        return 0;
    }

    /**
     * {@code --resume FILE} of an earlier checkpoint of its folder rolls the run back to it. Its later checkpoints are
     * renamed {@code *.superseded} (kept, no longer read): left in place, a resume of the folder stopped before this run
     * reached their epochs took the newest of them, the old line of the run, silently.
     */
    private static void setAsideLaterCheckpoints(Path runDir, Checkpoint from) throws java.io.IOException {
        java.util.List<Path> later = Checkpoint.list(runDir).stream().filter(p -> Checkpoint.epochOf(p) > from.epochsDone()).toList();
        for (Path p : later) {
            Files.move(p, p.resolveSibling(p.getFileName() + ".superseded"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!later.isEmpty()) {
            LOG.warn("--resume {}: the run goes back to epoch {}; its later checkpoints ({}) are renamed *.superseded",
                    from.file(), from.epochsDone(), later.stream().map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** On SIGTERM/SIGINT: where the run stopped and how to continue it; exit status 143 (128 + SIGTERM). */
    private static Thread stopMessage(PclTrainer trainer, Path runDir, int epochs, boolean extended) {
        return new Thread(() -> {
            // The epoch lost is the one after the last checkpoint, also when the stop fell between
            // writing that checkpoint and starting the next epoch (one value: file and count agree).
            RunDirectoryListener.Recorded recorded = trainer.recorded();
            Path last = recorded.checkpoint();
            System.err.println();
            // Without a checkpoint there is nothing to resume (--resume then said "no checkpoint found"): the run starts again.
            System.err.println("pcl4j: stopped during epoch " + Epochs.shown(recorded.epochs()) + " of " + epochs + "; "
                    + (last == null ? "no checkpoint was written yet, so there is nothing to resume: run the same command again"
                            : "the last checkpoint is " + last + "; continue with: pcl4j train --resume " + runDir
                                    + (extended ? " --epochs " + epochs : "")));
            System.err.flush();
            // Stop here: letting the JVM's shutdown run on while the training thread is inside libtorch
            // crashes it (native memory freed under a running kernel). Checkpoints and metrics lines are
            // written atomically or dropped on resume, so nothing is lost that the message does not say.
            Runtime.getRuntime().halt(128 + 15);
        }, "pcl4j-stop-message");
    }

    private static ImageSource openTrain(String spec, int limit, int imageSize, boolean skipBad) {
        // Canonical, as the run records it: its log lines and files name the folder as later commands will.
        ImageSource source = DataSpec.parse(spec).canonical().open(Split.TRAIN, new SourceOptions(imageSize, skipBad));
        return limit > 0 ? ImageSources.limit(source, limit) : source;
    }

    private TrainConfig.Builder builder() {
        // The run records its data absolutely, so that --resume, embed and eval find it from any working directory.
        TrainConfig.Builder b = TrainConfig.builder(DataSpec.parse(dataOption.spec).canonical().toString())
                .limit(limit).imageSize(imageSize).skipBadImages(skipBadImages)
                .preset(Preset.parse(preset)).arch(Arch.parse(arch)).dim(dim).epochs(epochs).batchSize(batchSize)
                .sgdMomentum(sgdMomentum).weightDecay(weightDecay).shuffleBn(shuffleBn).symmetric(symmetric)
                .protoDupMask(protoDupMask).instanceLoss(instanceLoss).kmeansIterations(kmeansIterations)
                .kmeansRestarts(kmeansRestarts).maxPointsPerCentroid(maxPointsPerCentroid).seed(seed).knnEvery(knnEvery);
        if (head != null) b.head(Head.parse(head));
        if (augmentation != null) b.augmentation(AugmentationPolicy.parse(augmentation));
        if (warmupEpochs != null) b.warmupEpochs(warmupEpochs);
        if (lr != null) b.lr(lr);
        if (schedule != null) b.schedule(Schedule.parse(schedule));
        if (lrSteps != null) b.lrSteps(lrSteps);
        if (temperature != null) b.temperature(temperature);
        if (numClusters != null) b.numClusters(numClusters);
        if (protoLoss != null) b.protoLoss(protoLoss);
        if (workers != null) b.workers(workers);
        if (queueSize != null) b.queueSize(queueSize);
        if (emaMomentum != null) b.emaMomentum(emaMomentum);
        if (bnSplits != null) b.bnSplits(bnSplits);
        return b;
    }
}
