package org.pcl4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pcl4j.SettingException;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.model.CustomBackbone;
import org.pcl4j.model.Devices;
import org.pcl4j.model.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point for Java callers: train an encoder with PCL in a few lines, without the CLI.
 *
 * <pre>{@code
 * ImageSource images = DataSpec.parse("fashion-mnist").open(Split.TRAIN, SourceOptions.defaults());
 * try (Encoder encoder = Pcl.builder(images).preset(Preset.PCL_V2).epochs(50).build().fit()) {
 *     NDArray embeddings = encoder.embed(batch, false);
 * }
 * }</pre>
 *
 * Every setting of {@link TrainConfig} (its {@link MethodSettings} and {@link RunSettings}) is
 * reachable through {@link Builder#configure}; a backbone of your own (a DJL block factory,
 * {@link org.pcl4j.model.CustomBackbone}) through {@link Builder#backbone}. Defaults
 * (including those that scale with the number of images) are resolved when {@link Builder#build}
 * is called. Without {@link Builder#outDir} nothing is written to disk; with it, the run gets
 * checkpoints and a metrics file exactly as {@code pcl4j train --out DIR} does.
 */
public final class Pcl {
    private static final Logger LOG = LoggerFactory.getLogger(Pcl.class);
    private Pcl() {}

    /**
     * A builder for training on {@code source}. Its checkpoints name the data by the source's
     * description, which the CLI cannot open again: its {@code embed} and {@code eval} commands
     * then need {@code --data}. {@link #builder(DataSpec, SourceOptions)} avoids that.
     */
    public static Builder builder(ImageSource source) {
        return new Builder(source, TrainConfig.builder(source.description()));
    }

    /**
     * A builder for training on the train split of {@code data} (e.g. {@code
     * DataSpec.parse("folder:/data/photos")}), opened with {@code options}. Its checkpoints record
     * the spec (its folder absolute, {@link DataSpec#canonical}) and the options, as {@code pcl4j train
     * --data SPEC} does, so that {@code pcl4j embed} and {@code pcl4j eval} find the data again without
     * {@code --data}, from any working directory.
     */
    public static Builder builder(DataSpec data, SourceOptions options) {
        ImageSource source = data.open(Split.TRAIN, options);
        return new Builder(source, TrainConfig.builder(data.canonical().toString()).imageSize(options.imageSize())
                .skipBadImages(options.skipBadImages()));
    }

    /** Collects the run's settings; {@link #build} validates them (errors name the setting). */
    public static final class Builder {
        private final ImageSource source;
        private final TrainConfig.Builder config;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path outDir;
        private Device device;
        private boolean logEpochs = true;

        private Builder(ImageSource source, TrainConfig.Builder config) {
            this.source = source;
            this.config = config;
        }

        /** Trains on the first {@code n} images only (recorded, as {@code --limit}); 0 = all. Same as {@code configure(b -> b.limit(n))}. */
        public Builder limit(int n) {
            TrainConfig.checkLimit(n);
            config.limit(n);
            return this;
        }

        /** The recipe (ALGORITHM.md §4); default {@link Preset#PCL_V2}. */
        public Builder preset(Preset preset) {
            config.preset(preset);
            return this;
        }

        /** Number of epochs (default 200, as the paper). */
        public Builder epochs(int epochs) {
            config.epochs(epochs);
            return this;
        }

        /** Seed of everything random in the run; the same seed gives the same model, bit for bit. */
        public Builder seed(long seed) {
            config.seed(seed);
            return this;
        }

        /**
         * A backbone of your own instead of a built-in one: a factory of DJL blocks mapping images
         * to {@code featureWidth} features, followed by the configured head; the momentum encoder
         * is built with the same factory. See {@link CustomBackbone}.
         */
        public Builder backbone(CustomBackbone backbone) {
            config.customBackbone(backbone);
            return this;
        }

        /**
         * Any other setting, e.g. {@code b -> b.batchSize(128).lr(0.06f)}. ({@code knnEvery} is recorded; kNN is measured
         * only by a listener that reads it, {@code eval.KnnMonitor}.)
         */
        public Builder configure(Consumer<TrainConfig.Builder> settings) {
            settings.accept(config);
            return this;
        }

        /** Record checkpoints and metrics.jsonl in {@code dir} (created; locked while training). */
        public Builder outDir(Path dir) {
            this.outDir = dir;
            return this;
        }

        /**
         * The device the model, the queue, the E-step and the k-means live on, e.g. {@code
         * Devices.parse("gpu:1")} or {@link Device#cpu()}; by default {@link Devices#current()}
         * (the GPU when there is one). Nothing falls back to another device: {@link #build} fails,
         * naming the setting {@code device}, when it is a GPU that is not there.
         */
        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** Adds a listener (called after the built-in ones that measure, before the one that records). */
        public Builder listener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Whether to log one INFO line per epoch (default true). */
        public Builder logEpochs(boolean value) {
            this.logEpochs = value;
            return this;
        }

        /**
         * Resolves the defaults against the data, validates, and sets up the model on {@link
         * #device} (by default the one chosen by {@link Devices}: the CLI's {@code --device}, or
         * the GPU when there is one).
         */
        public Run build() {
            // The limit however it was set (limit(n) or configure): the data-scaled defaults count the images trained on.
            int limit = config.limitSetting();
            ImageSource images = limit > 0 ? ImageSources.limit(source, limit) : source;
            TrainConfig resolved = config.build(images.size());
            config.unused().forEach(u -> LOG.warn(u.getMessage()));
            Device on = device == null ? Devices.current() : Devices.check(device); // before anything is opened or locked
            List<TrainingListener> all = new ArrayList<>(listeners);
            if (outDir != null) {
                // A fresh run, as pcl4j train --out: it would otherwise record beside another run's checkpoints and
                // prune its own first one as the oldest.
                List<Path> existing;
                try {
                    existing = Checkpoint.list(outDir);
                } catch (java.io.IOException e) {
                    existing = List.of();
                }
                if (!existing.isEmpty()) {
                    throw new SettingException("outDir", "{outDir} " + outDir + " already holds checkpoints of a run ("
                            + existing.get(0).getFileName() + " …); continue it with a trainer resumed from Checkpoint.loadLatest, "
                            + "or choose another folder");
                }
                all.add(new RunDirectoryListener(RunDirectory.open(outDir, "outDir"), null));
            }
            if (logEpochs) {
                all.add(new EpochLogListener());
            }
            NDManager manager = NDManager.newBaseManager(on);
            try {
                return new Run(new PclTrainer(resolved, images, null, all, manager), manager);
            } catch (RuntimeException | Error e) {
                manager.close(); // the trainer released its listeners (the run directory's lock) itself
                throw e;
            }
        }
    }

    /** A run set up and ready to {@link #fit}. */
    public static final class Run implements AutoCloseable {
        private final PclTrainer trainer;
        /** The base manager {@link Builder#build} made for the trainer (whose own sub-manager lives in it). */
        private final NDManager manager;
        private boolean fitted;

        private Run(PclTrainer trainer, NDManager manager) {
            this.trainer = trainer;
            this.manager = manager;
        }

        /** The trainer, for callers that drive epochs or steps themselves. */
        public PclTrainer trainer() {
            return trainer;
        }

        /**
         * Trains every epoch, closes the trainer (its native memory and its run directory's lock)
         * and returns the trained query encoder as an independent copy that the caller closes.
         */
        public Encoder fit() {
            if (fitted) {
                throw new IllegalStateException("this run is fitted and closed already; build a new run to train again");
            }
            fitted = true;
            try (Run run = this) {
                trainer.fit();
                return Encoder.copyOf(trainer.model().queryEncoder());
            }
        }

        @Override
        public void close() {
            try {
                trainer.close();
            } finally {
                manager.close();
            }
        }
    }
}
