package org.pcl4j.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.Arch;
import org.pcl4j.model.KeyQueue;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.model.Head;
import org.pcl4j.model.MomentumUpdate;

/**
 * Not a test: times one MoCo/PCL instance step (query forward+backward, key forward, InfoNCE
 * against a queue, momentum update, enqueue) on a batch of 256. Run it explicitly with
 * {@code mvn -o -q test -Dtest=TrainingStepBenchmark -Dpcl4j.bench=true}.
 */
@EnabledIfSystemProperty(named = "pcl4j.bench", matches = "true")
class TrainingStepBenchmark {

    private static final int BATCH = 256;

    @Test
    void smallCnnOn28x28x1() {
        time(new EncoderConfig(Arch.SMALL_CNN, Head.MLP, 128, 1, 28), 2, 5);
    }

    @Test
    void resnet18On32x32x3() {
        time(new EncoderConfig(Arch.RESNET18, Head.MLP, 128, 3, 32), 1, 3);
    }

    private static void time(EncoderConfig cfg, int warmUp, int steps) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager();
             Encoder query = Encoder.create(cfg, manager);
             Encoder key = Encoder.momentumCopyOf(query, manager);
             KeyQueue queue = new KeyQueue(manager, 16384, cfg.dim(), 1);
             MomentumUpdate ema = new MomentumUpdate(key, query, MomentumUpdate.DEFAULT_MOMENTUM)) {
            Shape shape = new Shape(BATCH, cfg.channels(), cfg.imageSize(), cfg.imageSize());
            long forwardBackward = 0;
            long total = 0;
            for (int s = 0; s < warmUp + steps; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray x1 = manager.randomNormal(shape);
                    NDArray x2 = manager.randomNormal(shape);
                    long t0 = System.nanoTime();
                    NDArray k = key.embed(x2, true);
                    long t1 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray q = query.embed(x1, true);
                        LossTerm term = InfoNce.compute(q, k, queue.keys(), 0.2f);
                        gc.backward(term.loss());
                    }
                    long t2 = System.nanoTime();
                    ema.apply();
                    queue.enqueue(k);
                    long t3 = System.nanoTime();
                    if (s >= warmUp) {
                        forwardBackward += t2 - t1;
                        total += t3 - t0;
                    }
                }
            }
            System.out.printf("BENCH %s %dx%dx%d batch %d: query forward+backward %.0f ms, full step %.0f ms%n",
                    cfg.backbone(), cfg.channels(), cfg.imageSize(), cfg.imageSize(), BATCH,
                    forwardBackward / 1e6 / steps, total / 1e6 / steps);
        }
    }
}
