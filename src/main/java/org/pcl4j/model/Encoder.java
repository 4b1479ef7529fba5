package org.pcl4j.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pcl4j.data.Batch;
import org.pcl4j.tensor.Tensors;

/**
 * An encoder f_θ: backbone + projection head, output L2-normalised (ALGORITHM.md §1).
 *
 * <p>Holds its parameters in a sub-manager of the manager it was created with (closed by
 * {@link #close()}) and a {@link ParameterStore} used for every forward pass, so that the
 * {@code training} flag reaches BatchNorm (batch statistics and running-stat updates in training
 * mode, running stats in eval mode). Forward outputs are created in the manager of the input
 * images (and in the caller's {@link NDScope}, if any); the temporaries of a forward pass are
 * closed before it returns.
 *
 * <p>The query encoder is trainable: the arrays of its learnable parameters (conv/linear weights
 * and biases, BatchNorm γ and β) require gradients, so a {@code GradientCollector} reaches them.
 * The momentum (key) encoder is a frozen copy ({@link #momentumCopyOf}), updated only by
 * {@link MomentumUpdate}. The learnable arrays are slices of one vector ({@link #parameterVector()}),
 * so that the optimizer and the momentum update each touch all of them with a few tensor operations.
 */
public final class Encoder implements AutoCloseable {

    private static final String MAGIC = "pcl4j-encoder-v1";

    private final EncoderConfig config;
    private final NDManager manager;
    /** A base manager made for this encoder alone ({@link #copyOf}), closed with it; else null. */
    private NDManager root;
    private final Block backbone;
    private final SequentialBlock block;
    /** Every parameter (incl. BatchNorm running stats), in block order. */
    private final List<Parameter> parameters;
    /** The parameters learned by gradient descent, in block order, as slices of one vector θ (see {@link ParameterVector}). */
    private final ParameterVector learnable;
    private ParameterStore store;
    private boolean requiresGradient = true;

    private Encoder(EncoderConfig config, NDManager manager, Block backbone, SequentialBlock block) {
        this.config = config;
        this.manager = manager;
        this.backbone = backbone;
        this.block = block;
        this.parameters = List.copyOf(block.getParameters().values());
        List<Parameter> learned = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.requiresGradient()) {
                learned.add(p);
            }
        }
        // Before the parameter store sees any array: it keeps the arrays of the first forward pass.
        this.learnable = ParameterVector.adopt(learned, manager);
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds and initialises a trainable encoder. The initial weights come from the engine's random
     * generator: the caller seeds and initialises in one turn with {@link SharedEngine#seeded}.
     */
    public static Encoder create(EncoderConfig cfg, NDManager manager) {
        Block backbone = Backbones.backbone(cfg);
        SequentialBlock block = new SequentialBlock().add(backbone).add(Backbones.head(cfg));
        NDManager own = manager.newSubManager();
        Shape input = new Shape(1, cfg.channels(), cfg.imageSize(), cfg.imageSize());
        // Draws from the engine's generator: in the generator's turn, so that it never lands inside another thread's
        // seeded initialisation (SharedEngine), even where these values are overwritten next (copies, checkpoints).
        SharedEngine.drawing(() -> {
            block.initialize(own, DataType.FLOAT32, input);
            return null;
        });
        if (cfg.custom() != null) {
            Shape out = backbone.getOutputShapes(new Shape[] {input})[0];
            if (!out.equals(new Shape(1, cfg.featureWidth()))) {
                own.close();
                throw new IllegalArgumentException("the custom backbone " + cfg.custom().name() + " maps images " + input
                        + " to " + out + ", expected features (1, " + cfg.featureWidth() + ")");
            }
        }
        Encoder encoder = new Encoder(cfg, own, backbone, block);
        encoder.detachFromScope();
        return encoder;
    }

    /**
     * The momentum (key) encoder f_θ' for {@code query}: same architecture, starts as a copy of θ
     * and gets no gradient (ALGORITHM.md §1).
     */
    public static Encoder momentumCopyOf(Encoder query, NDManager manager) {
        Encoder key = create(query.config, manager);
        key.copyFrom(query);
        key.setRequiresGradient(false);
        return key;
    }

    /**
     * An independent copy of {@code source} (same architecture, every parameter value including
     * BatchNorm running statistics) in a manager of its own on the same device: it outlives {@code
     * source} and whatever owned it, and closing it frees all its memory.
     */
    public static Encoder copyOf(Encoder source) {
        NDManager root = NDManager.newBaseManager(source.manager.getDevice());
        Encoder copy = create(source.config, root);
        copy.root = root;
        copy.copyFrom(source);
        copy.setRequiresGradient(false);
        return copy;
    }

    /** L2-normalised embeddings B×dim of images B×C×H×W (float, already normalised). */
    public NDArray embed(NDArray images, boolean training) {
        return Scoped.compute(() -> forward(block, images, training).normalize(2, 1, 1e-12));
    }

    /** Backbone output B×{@link #featureWidth()}, before the projection head. */
    public NDArray features(NDArray images, boolean training) {
        return Scoped.compute(() -> forward(backbone, images, training));
    }

    private NDArray forward(Block b, NDArray images, boolean training) {
        checkImages(images.getShape());
        return b.forward(store, new NDList(images), training).singletonOrThrow();
    }

    private void checkImages(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != config.channels()
                || shape.get(2) != config.imageSize() || shape.get(3) != config.imageSize()) {
            throw new IllegalArgumentException("expected images B×" + config.channels() + "×"
                    + config.imageSize() + "×" + config.imageSize() + ", got " + shape);
        }
    }

    /**
     * View {@code view} of {@code batch} as a B×C×S×S float array created in {@code manager} (so on
     * its device).
     */
    public static NDArray images(Batch batch, int view, NDManager manager) {
        return images(batch, view, manager, new Tensors.Staging());
    }

    /** As {@link #images(Batch, int, NDManager)}, copying through {@code staging} (a loop over batches keeps one). */
    public static NDArray images(Batch batch, int view, NDManager manager, Tensors.Staging staging) {
        int s = batch.imageSize();
        Shape shape = new Shape(batch.size(), batch.channels(), s, s);
        float[] data = batch.views()[view];
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("view " + view + " holds " + data.length
                    + " floats, expected " + shape.size() + " for " + shape);
        }
        return Tensors.of(manager, data, shape, staging);
    }

    /**
     * Sets the number of BatchNorm sub-batches of every {@link SplitBatchNorm} in the encoder
     * (Shuffle-BN, ALGORITHM.md §3.6); training-mode batches must then be multiples of {@code splits}.
     * 1 (the default) is plain BatchNorm; evaluation mode is unaffected.
     */
    public void setBatchNormSplits(int splits) {
        forEachBatchNorm(block, bn -> bn.setSplits(splits));
    }

    /**
     * Makes every BatchNorm's running statistics current ({@link SplitBatchNorm#settle()}): Shuffle-BN
     * keeps per-split statistics between training steps. Evaluation-mode forward passes, {@link #save},
     * {@link #copyFrom}, {@link #load} and {@link #allParameters()} do it themselves.
     */
    public void settleBatchNorm() {
        forEachBatchNorm(block, SplitBatchNorm::settle);
    }

    private static void forEachBatchNorm(Block b, java.util.function.Consumer<SplitBatchNorm> action) {
        if (b instanceof SplitBatchNorm bn) {
            action.accept(bn);
        }
        for (Block child : b.getChildren().values()) {
            forEachBatchNorm(child, action);
        }
    }

    /** Width of {@link #features}. */
    public int featureWidth() {
        return config.featureWidth();
    }

    public EncoderConfig config() {
        return config;
    }

    /**
     * The learnable parameters (weights, biases, BatchNorm γ/β; not the running stats), in a
     * stable block order. On the query encoder their arrays require gradients; on a frozen
     * (momentum) encoder the same parameters are the targets of {@link MomentumUpdate}.
     */
    public List<Parameter> trainableParameters() {
        return learnable.parameters();
    }

    /**
     * {@link #trainableParameters()} as one vector θ whose slices are their arrays: what the optimizer
     * and the momentum update work on.
     */
    public ParameterVector parameterVector() {
        return learnable;
    }

    /** Every parameter including BatchNorm running mean/variance (settled first: {@link #settleBatchNorm()}), in block order. */
    public List<Parameter> allParameters() {
        settleBatchNorm();
        return parameters;
    }

    /** Whether the learnable arrays currently require gradients. */
    public boolean requiresGradient() {
        return requiresGradient;
    }

    /** Attaches (or detaches) gradients on the learnable arrays: {@code false} freezes the encoder. */
    public void setRequiresGradient(boolean value) {
        for (Parameter p : learnable.parameters()) {
            p.getArray().setRequiresGradient(value);
        }
        requiresGradient = value;
    }

    /**
     * Copies every parameter value of {@code other}, including BatchNorm running stats, in place
     * (θ' starts as a copy of θ, ALGORITHM.md §1).
     */
    public void copyFrom(Encoder other) {
        requireSameArchitecture(other);
        other.settleBatchNorm();
        settleBatchNorm(); // drops this encoder's per-split statistics: the copied running statistics replace them
        for (int i = 0; i < parameters.size(); i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray source = other.parameters.get(i).getArray().stopGradient();
                Tensors.assign(parameters.get(i).getArray(), source);
            }
        }
    }

    void requireSameArchitecture(Encoder other) {
        if (!config.equals(other.config)) {
            throw new IllegalArgumentException("encoders differ: " + config + " vs " + other.config);
        }
    }

    /** Writes the architecture and every parameter value (DJL's block format). */
    public void save(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(config.toString());
        block.saveParameters(out);
    }

    /**
     * Reads what {@link #save} wrote into this encoder.
     *
     * @throws IOException when the stream is broken or holds another architecture
     */
    public void load(DataInputStream in) throws IOException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a pcl4j encoder (found '" + magic + "')");
        }
        String saved = in.readUTF();
        if (!saved.equals(config.toString())) {
            throw new IOException("saved encoder is " + saved + ", expected " + config);
        }
        // Read into a scratch copy of the architecture, then copy the values into this encoder's own
        // arrays: DJL's loader makes arrays over Java memory (see Tensors), and keeping the arrays
        // keeps every reference to them (optimizer, parameter store, momentum update) valid.
        SequentialBlock scratch = new SequentialBlock().add(Backbones.backbone(config)).add(Backbones.head(config));
        try (NDManager loading = manager.newSubManager()) {
            try {
                scratch.loadParameters(loading, in);
            } catch (MalformedModelException e) {
                throw new IOException("malformed encoder parameters: " + e.getMessage(), e);
            }
            List<Parameter> loaded = List.copyOf(scratch.getParameters().values());
            settleBatchNorm(); // drops any per-split statistics: the loaded running statistics replace them
            if (loaded.size() != parameters.size()) {
                throw new IOException("saved encoder has " + loaded.size() + " parameters, expected " + parameters.size());
            }
            for (int i = 0; i < parameters.size(); i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Tensors.assign(parameters.get(i).getArray(), loaded.get(i).getArray());
                }
            }
        }
        setRequiresGradient(requiresGradient);
    }

    /** Parameters belong to the encoder, never to a scope the caller happens to be in. */
    private void detachFromScope() {
        for (Parameter p : parameters) {
            NDScope.unregister(p.getArray());
        }
    }

    /** The manager that owns the parameters (its device is the model's device). */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
        if (root != null) {
            root.close();
        }
    }
}
