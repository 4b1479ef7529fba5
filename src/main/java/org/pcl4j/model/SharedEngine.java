package org.pcl4j.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The two pieces of engine state that every training in a JVM shares, taken in turns so that two trainings in
 * one process (two threads of a Java program) each run as they would alone.
 *
 * <ul>
 *   <li><b>The engine's random generator</b>, which DJL's parameter initialisers draw from: seeding it and
 *       initialising the weights must happen together ({@link #seeded}), or a second training built at the same
 *       time reseeds or draws between them and the first one's initial weights, and so its whole run, change.
 *   <li><b>The gradient collector</b>: DJL's PyTorch engine allows one collecting at a time in the whole process
 *       ("A PtGradientCollector is already collecting"), so a training step's forward and backward pass take a
 *       turn ({@link #newGradientCollector}). Everything else of a step (the key encoder, the update, the queue)
 *       runs side by side.
 * </ul>
 *
 * Taking turns changes no result: each training's arithmetic is its own, in its own order.
 */
public final class SharedEngine {
    private static final Object RANDOM = new Object();
    private static final ReentrantLock GRADIENTS = new ReentrantLock();

    private SharedEngine() {}

    /** Seeds the engine's random generator with {@code seed} and runs {@code init} (which draws from it) in one turn. */
    public static <T> T seeded(long seed, Supplier<T> init) {
        synchronized (RANDOM) {
            Engine.getInstance().setRandomSeed((int) seed);
            return init.get();
        }
    }

    /** Runs {@code draw}, which draws from the engine's random generator, in the generator's turn (not reseeding it). */
    public static <T> T drawing(Supplier<T> draw) {
        synchronized (RANDOM) {
            return draw.get();
        }
    }

    /**
     * The engine's gradient collector, for this thread's turn: another thread's {@code newGradientCollector} waits
     * until this one is closed (close it on the thread that opened it, with try-with-resources).
     */
    public static GradientCollector newGradientCollector() {
        GRADIENTS.lock();
        try {
            GradientCollector collector = Engine.getInstance().newGradientCollector();
            return new GradientCollector() {
                private boolean closed;

                @Override
                public void backward(NDArray target) {
                    collector.backward(target);
                }

                @Override
                public void zeroGradients() {
                    collector.zeroGradients();
                }

                @Override
                public void close() {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try {
                        collector.close();
                    } finally {
                        GRADIENTS.unlock();
                    }
                }
            };
        } catch (RuntimeException | Error e) {
            GRADIENTS.unlock();
            throw e;
        }
    }
}
