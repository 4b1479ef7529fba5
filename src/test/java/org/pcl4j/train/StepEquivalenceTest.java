package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcl4j.Seeds;
import org.pcl4j.TestImages;
import org.pcl4j.data.Batch;
import org.pcl4j.data.BatchLoader;
import org.pcl4j.data.ImageTransform;
import org.pcl4j.data.Transforms;
import org.pcl4j.loss.InfoNce;
import org.pcl4j.loss.LossTerm;
import org.pcl4j.loss.PrototypeTensors;
import org.pcl4j.loss.ProtoNce;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.KeyQueue;
import org.pcl4j.model.MomentumUpdate;
import org.pcl4j.model.PclModel;
import org.pcl4j.tensor.Tensors;

/**
 * The trainer's step (PclModel + PclLoss + Sgd) is the recipe of ALGORITHM.md §3 written out by hand, as
 * the trainer did before they existed: the same seed gives the same losses, weights and queue, bit for bit,
 * through an E-step epoch with two granularities; with the symmetric loss (§3.8) too.
 */
class StepEquivalenceTest {
    /** Enough steps that the last batches arrive in arrays the loader got back from the first ({@code PREFETCH} + 2). */
    private static final int STEPS = BatchLoader.PREFETCH + 2;

    @ParameterizedTest(name = "symmetric {0}")
    @ValueSource(booleans = {false, true})
    void trainerStepEqualsTheHandWrittenRecipe(boolean symmetric) {
        TestImages images = TestImages.of(160, 28, 4, 5);
        TrainConfig config = TrainerFixtures.tiny().warmupEpochs(0).symmetric(symmetric).build(images.size());

        List<Float> trainerLosses = new ArrayList<>();
        float[][] trainerWeights;
        float[] trainerQueue;
        float[] manualQueue;
        try (PclTrainer trainer = new PclTrainer(config, images, null, List.of(), NDManager.newBaseManager());
                PclTrainer.Epoch epoch = trainer.openEpoch(0)) {
            Iterator<Batch> batches = epoch.batches().iterator();
            Set<float[]> viewArrays = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int s = 0; s < STEPS; s++) {
                Batch batch = batches.next();
                viewArrays.add(batch.views()[0]);
                trainerLosses.add(epoch.step(batch).loss());
            }
            // the step handed its views back to the loader, and the last batch came in the first one's arrays: the
            // hand-written recipe below, on new arrays throughout, checks that this changed nothing
            assertThat(viewArrays).hasSizeLessThan(STEPS);
            trainerWeights = weights(trainer.model().queryEncoder().trainableParameters());
            trainerQueue = trainer.model().queue().keys().toFloatArray();
        }

        List<Float> manualLosses = new ArrayList<>();
        float[][] manualWeights;
        EncoderConfig ec = config.encoderConfig(images.channels(), images.imageSize());
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (NDManager manager = NDManager.newBaseManager();
                Encoder query = Encoder.create(ec, manager);
                Encoder key = Encoder.momentumCopyOf(query, manager);
                KeyQueue queue = new KeyQueue(manager, config.queueSize(), config.dim(), config.seed());
                Sgd sgd = new Sgd(query.trainableParameters(), config.sgdMomentum(), config.weightDecay());
                MomentumUpdate ema = new MomentumUpdate(key, query, config.emaMomentum())) {
            // Shuffle-BN (ALGORITHM.md §3.6, on by default): BatchNorm per sub-batch in both encoders
            query.setBatchNormSplits(config.batchNormSplits());
            key.setBatchNormSplits(config.batchNormSplits());
            ImageTransform augmentation = Transforms.train(config.augmentation(), images, ec.imageSize());
            ImageTransform evalTransform = Transforms.eval(images, ec.imageSize());
            List<PrototypeTensors> prototypes = EStep.run(key, images, evalTransform, config, 0, manager, null).prototypes().stream()
                    .map(p -> PrototypeTensors.of(p, manager)).toList();
            float lr = config.lrSchedule().lr(0);
            try (BatchLoader loader = BatchLoader.training(images, augmentation, config.batchSize(), config.seed(), 0, config.workers())) {
                Iterator<Batch> batches = loader.iterator();
                for (int step = 0; step < STEPS; step++) {
                    Batch batch = batches.next();
                    int b = batch.size();
                    Shape shape = new Shape(b, batch.channels(), batch.imageSize(), batch.imageSize());
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray view1 = Tensors.of(manager, batch.views()[0], shape);
                        NDArray view2 = Tensors.of(manager, batch.views()[1], shape);
                        long shuffleSeed = Seeds.mix(config.seed(), Seeds.KEY_SHUFFLE, 0, step);
                        NDArray k = shuffledKeys(key, view2, shuffleSeed, manager);
                        // symmetric (§3.8): view 1's keys too, shuffled by their own permutation
                        NDArray k1 = symmetric ? shuffledKeys(key, view1, Seeds.mix(shuffleSeed, 1), manager) : null;
                        long stepSeed = Seeds.mix(config.seed(), Seeds.PROTO_NEGATIVES, 0, step);
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = protoNce(query.embed(view1, true), k, queue, prototypes, batch.indices(), stepSeed, config);
                            if (symmetric) {
                                NDArray back = protoNce(query.embed(view2, true), k1, queue, prototypes, batch.indices(), stepSeed, config);
                                loss = Tensors.div(loss.add(back), 2f); // the mean of the two directions
                            }
                            manualLosses.add(loss.getFloat());
                            collector.backward(loss);
                        }
                        sgd.step(lr);
                        ema.apply();
                        queue.enqueue(symmetric ? k1.concat(k) : k);
                    }
                }
            }
            manualWeights = weights(query.trainableParameters());
            manualQueue = queue.keys().toFloatArray();
        }
        assertThat(trainerLosses).isEqualTo(manualLosses);
        assertThat(trainerWeights).isDeepEqualTo(manualWeights);
        assertThat(trainerQueue).isEqualTo(manualQueue);
    }

    /** Shuffle-BN's key pass (§3.6): the batch through the key encoder in a shuffled order, keys back in batch order. */
    private static NDArray shuffledKeys(Encoder key, NDArray view, long seed, NDManager manager) {
        int b = (int) view.getShape().get(0);
        int[] order = PclModel.permutation(b, seed);
        int[] inverse = new int[b];
        for (int i = 0; i < b; i++) {
            inverse[order[i]] = i;
        }
        NDArray shuffled = view.get(new NDIndex("{}", Tensors.indices(manager, order)));
        return key.embed(shuffled, true).stopGradient().get(new NDIndex("{}", Tensors.indices(manager, inverse)));
    }

    /** §3.4: the instance term plus the mean over granularities of the prototype terms, for queries {@code q} and keys {@code k}. */
    private static NDArray protoNce(NDArray q, NDArray k, KeyQueue queue, List<PrototypeTensors> prototypes, int[] indices, long stepSeed,
            TrainConfig config) {
        NDArray loss = InfoNce.compute(q, k, queue.keys(), config.temperature()).loss();
        NDArray protoSum = null;
        for (int m = 0; m < prototypes.size(); m++) {
            PrototypeTensors p = prototypes.get(m);
            int[] positives = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                positives[i] = p.assignments()[indices[i]];
            }
            LossTerm term = ProtoNce.compute(q, positives, p.prototypes(), p.concentration(), config.queueSize(),
                    config.protoDupMask(), new Random(Seeds.mix(stepSeed, m)));
            protoSum = protoSum == null ? term.loss() : protoSum.add(term.loss());
        }
        return loss.add(Tensors.div(protoSum, prototypes.size()));
    }

    private static float[][] weights(List<Parameter> params) {
        return params.stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
    }
}
