package org.pcl4j.model;

import ai.djl.nn.Block;
import java.util.Objects;
import java.util.function.Supplier;
import org.pcl4j.InputException;

/**
 * A user-supplied backbone: a factory of DJL blocks that map images B×C×H×W to features
 * B×{@code featureWidth}. The encoder is this backbone followed by the configured projection head;
 * the momentum encoder, {@link Encoder#copyOf copies} and the loading of saved weights each build a
 * fresh block with the factory, so it must return a new, uninitialised block of the same
 * architecture on every call (DJL initialises it with the engine's seeded generator, so runs stay
 * reproducible).
 *
 * <pre>{@code
 * CustomBackbone net = new CustomBackbone("tiny-cnn", 32, () -> new SequentialBlock()
 *         .add(Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
 *         .add(BatchNorm.builder().build()).add(Activation.reluBlock())
 *         .add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()));
 * Encoder encoder = Pcl.builder(images).backbone(net).epochs(50).build().fit();
 * }</pre>
 *
 * <p>Checkpoints record the backbone's {@link #name()} and {@link #featureWidth()}, not its code:
 * the CLI cannot rebuild it and fails naming it; from Java, load such a checkpoint with the same
 * backbone ({@code Checkpoint.loadEncoder(manager, false, backbone)}). Two backbones are the same
 * architecture when their names and widths are equal. Shuffle-BN splits only {@link
 * SplitBatchNorm} layers: use them instead of DJL's {@code BatchNorm} where Shuffle-BN should
 * apply (ALGORITHM.md §3.6).
 */
public final class CustomBackbone {
    private final String name;
    private final int featureWidth;
    /** Not saved: a checkpoint names the backbone, the code stays with the caller. */
    private final transient Supplier<Block> factory;

    /**
     * @param name         names the architecture in checkpoints and logs
     * @param featureWidth width of the features the blocks output (checked when an encoder is built)
     * @param factory      builds a new, uninitialised block on each call
     */
    public CustomBackbone(String name, int featureWidth, Supplier<Block> factory) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a custom backbone needs a name");
        }
        if (featureWidth < 1) {
            throw new IllegalArgumentException("featureWidth must be positive, got " + featureWidth);
        }
        this.name = name;
        this.featureWidth = featureWidth;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public String name() {
        return name;
    }

    public int featureWidth() {
        return featureWidth;
    }

    /** Whether this backbone can build blocks (false for one read from a checkpoint). */
    public boolean hasFactory() {
        return factory != null;
    }

    /**
     * A new block of this backbone.
     *
     * @throws InputException naming the backbone when it was read from a checkpoint without its code
     */
    public Block newBlock() {
        if (factory == null) {
            throw new InputException("the backbone '" + name + "' is a custom DJL block given from Java: its checkpoint names it but "
                    + "cannot rebuild it; load the checkpoint from Java with the same CustomBackbone (Checkpoint.loadEncoder)");
        }
        Block block = factory.get();
        if (block == null) {
            throw new IllegalStateException("the factory of backbone '" + name + "' returned null");
        }
        return block;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomBackbone other && name.equals(other.name) && featureWidth == other.featureWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, featureWidth);
    }

    @Override
    public String toString() {
        return name + " (" + featureWidth + " features)";
    }
}
