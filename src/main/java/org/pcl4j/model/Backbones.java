package org.pcl4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Builds the backbones and projection heads out of plain DJL blocks (no model zoo).
 *
 * <ul>
 *   <li>{@code small-cnn}: four conv3×3-BN-ReLU layers with 32, 64, 128, 256 filters, the last three
 *       with stride 2, then global average pooling → width 256. Meant for 28×28 / 32×32 images on a
 *       CPU: ~12 M multiply-adds per 28×28 image, the spatial size is halved before the channel
 *       count grows, so no layer dominates the cost.</li>
 *   <li>{@code deep-cnn}: small-cnn with a second stride-1 conv3×3-BN-ReLU after each strided one
 *       (32, 64×2, 128×2, 256×2, VGG-style pairs) → width 256; ~36 M multiply-adds per 28×28 image,
 *       about twice small-cnn's time per epoch on a CPU (114 s vs 58 s on Fashion-MNIST). There,
 *       at 30 epochs, it clusters better than small-cnn (AMI 0.544 vs 0.513) but is behind on kNN
 *       and 1-shot (docs/BENCHMARKS.md, "A deeper CNN").</li>
 *   <li>{@code resnet18}: basic blocks [2,2,2,2], widths 64..512 → width 512.</li>
 *   <li>{@code resnet50}: bottleneck blocks [3,4,6,3] with expansion 4 and the stride on the 3×3
 *       conv (torchvision's "v1.5") → width 2048.</li>
 * </ul>
 * Both ResNets use the CIFAR stem (3×3 conv stride 1, no max-pool) for images up to
 * {@link EncoderConfig#CIFAR_STEM_MAX_SIZE} px, the ImageNet stem (7×7/2 conv + 3×3/2 max-pool)
 * above. Convolutions have no bias (a BatchNorm follows each). Weights use DJL's default
 * initialiser (Kaiming normal, fan-in), BatchNorm γ=1, β=0 and PyTorch's running-stat momentum 0.1.
 * Every BatchNorm is a {@link SplitBatchNorm} (one split unless Shuffle-BN asks for more).
 */
final class Backbones {

    static final int SMALL_CNN_WIDTH = 256;
    static final int RESNET18_WIDTH = 512;
    static final int RESNET50_WIDTH = 2048;

    private static final int BOTTLENECK_EXPANSION = 4;

    private Backbones() {}

    /** The backbone of {@code cfg}: images B×C×H×W → features B×{@link EncoderConfig#featureWidth()}. */
    static Block backbone(EncoderConfig cfg) {
        return switch (cfg.backbone()) {
            case SMALL_CNN -> smallCnn(false);
            case DEEP_CNN -> smallCnn(true);
            case RESNET18 -> resnet(cfg, new int[] {2, 2, 2, 2}, false);
            case RESNET50 -> resnet(cfg, new int[] {3, 4, 6, 3}, true);
            case CUSTOM -> cfg.custom().newBlock();
        };
    }

    /** The projection head (ALGORITHM.md §4): v1 linear, v2 Linear-ReLU-Linear with hidden = width. */
    static Block head(EncoderConfig cfg) {
        if (cfg.head() == Head.LINEAR) {
            return Linear.builder().setUnits(cfg.dim()).build();
        }
        return new SequentialBlock()
                .add(Linear.builder().setUnits(cfg.featureWidth()).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(cfg.dim()).build());
    }

    /** small-cnn; {@code paired}: each strided layer followed by a stride-1 one of the same width (deep-cnn). */
    private static Block smallCnn(boolean paired) {
        SequentialBlock net = new SequentialBlock().add(convBnRelu(32, 3, 1));
        for (int filters : new int[] {64, 128, SMALL_CNN_WIDTH}) {
            net.add(convBnRelu(filters, 3, 2));
            if (paired) {
                net.add(convBnRelu(filters, 3, 1));
            }
        }
        return net.add(globalPool());
    }

    private static Block resnet(EncoderConfig cfg, int[] blocksPerStage, boolean bottleneck) {
        SequentialBlock net = new SequentialBlock();
        if (cfg.cifarStem()) {
            net.add(convBnRelu(64, 3, 1));
        } else {
            net.add(convBnRelu(64, 7, 2))
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        int in = 64;
        for (int stage = 0; stage < blocksPerStage.length; stage++) {
            int planes = 64 << stage;
            for (int b = 0; b < blocksPerStage[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                int out = bottleneck ? planes * BOTTLENECK_EXPANSION : planes;
                net.add(bottleneck ? bottleneckBlock(in, planes, out, stride) : basicBlock(in, out, stride));
                in = out;
            }
        }
        return net.add(globalPool());
    }

    private static Block basicBlock(int in, int out, int stride) {
        Block branch = new SequentialBlock()
                .add(convBnRelu(out, 3, stride))
                .add(conv(out, 3, 1))
                .add(new SplitBatchNorm());
        return residual(branch, in, out, stride);
    }

    private static Block bottleneckBlock(int in, int planes, int out, int stride) {
        Block branch = new SequentialBlock()
                .add(convBnRelu(planes, 1, 1))
                .add(convBnRelu(planes, 3, stride))
                .add(conv(out, 1, 1))
                .add(new SplitBatchNorm());
        return residual(branch, in, out, stride);
    }

    /** relu(branch(x) + shortcut(x)); the shortcut projects (1×1 conv + BN) when the shape changes. */
    private static Block residual(Block branch, int in, int out, int stride) {
        Block shortcut = (stride == 1 && in == out)
                ? Blocks.identityBlock()
                : new SequentialBlock().add(conv(out, 1, stride)).add(new SplitBatchNorm());
        ParallelBlock sum = new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(branch, shortcut));
        return new SequentialBlock().add(sum).add(Activation.reluBlock());
    }

    private static Block convBnRelu(int filters, int kernel, int stride) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride))
                .add(new SplitBatchNorm())
                .add(Activation.reluBlock());
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private static Block globalPool() {
        return new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
    }
}
