package org.pcl4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.BinaryOperator;
import java.util.stream.IntStream;

/**
 * The one door through which Java data becomes tensor data, and through which scalars enter tensor
 * arithmetic. Every array it returns owns its memory in the engine (PyTorch's allocator).
 *
 * <p>Why this exists: DJL's PyTorch engine turns Java data into a tensor <em>without a copy</em>
 * ({@code torch::from_blob} on a direct {@code ByteBuffer}); the Java array object keeps that buffer
 * alive only while the Java object itself is alive and open. PyTorch, however, may keep its own
 * reference to the same memory for longer: autograd saves operands for the backward pass (the
 * divisor of {@code x / τ}, a gather index, a convolution's input), and views share storage. Once
 * the Java wrapper is closed or collected, the garbage collector's cleaner frees the buffer and the
 * allocator hands the bytes to someone else, while PyTorch still reads them. That is a
 * use-after-free whose symptoms depend on GC timing: wrong-but-plausible losses that differ between
 * JVM settings, NaN at an early step, gradients of 1e16 that kill the encoder, or a SIGSEGV.
 * DJL's own {@code NDArray.div(Number)} (and every other {@code op(Number)}) does exactly this: it
 * wraps the scalar with {@code from_blob}, runs the op and closes the scalar, so {@code
 * logits.div(τ)} inside a gradient collector leaves the backward pass reading freed memory.
 *
 * <p>The rule (checked by {@code TensorOwnershipTest} on the compiled classes): outside this class,
 * no code calls {@code NDManager.create} with Java data, {@code NDArray.decode}, {@code NDArray.set(Buffer/array)},
 * {@code NDArray.copyTo}, or an arithmetic {@code NDArray} method taking a {@code Number}.
 * Memory owned by the engine is reference-counted by PyTorch, so closing the Java handle of a
 * result here is always safe.
 */
public final class Tensors {

    private Tensors() {}

    /** A tensor of {@code shape} holding a copy of {@code data}, on {@code manager}'s device. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    /**
     * As {@link #of(NDManager, float[], Shape)}, with {@code staging} as the host side of the copy: DJL copies a
     * Java array into a newly allocated, zero-filled direct buffer on every call, which a loop that copies
     * same-sized batches at every step (a 224-px view of 256 images is 154 MB) need not repeat.
     */
    public static NDArray of(NDManager manager, float[] data, Shape shape, Staging staging) {
        return owned(manager.create(staging.hold(data), shape, DataType.FLOAT32));
    }

    /**
     * A reusable direct buffer for {@link #of(NDManager, float[], Shape, Staging)}, grown to the largest array
     * seen. Safe to reuse as soon as that call returns: the tensor it made owns a copy (on the CPU a clone, on
     * a GPU device memory). Not thread-safe: one per loop.
     */
    public static final class Staging {
        /** Arrays of at least twice this many floats (2 × 4 MB) are copied in parallel chunks of at least this. */
        static final int PARALLEL_COPY_FLOATS = 1 << 20;
        private ByteBuffer buffer;

        ByteBuffer hold(float[] data) {
            int bytes = Math.multiplyExact(data.length, Float.BYTES);
            if (buffer == null || buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            }
            ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
            view.clear().limit(bytes);
            FloatBuffer floats = view.asFloatBuffer();
            int chunks = (int) Math.min(Runtime.getRuntime().availableProcessors(), (long) data.length / PARALLEL_COPY_FLOATS);
            if (chunks < 2) {
                floats.put(data);
            } else {
                // A large batch (a 224-px view is 154 MB) is copied by several threads: one thread's memory copy
                // takes tens of milliseconds, during which a GPU waits for its input.
                IntStream.range(0, chunks).parallel().forEach(c -> {
                    int from = (int) ((long) data.length * c / chunks);
                    int to = (int) ((long) data.length * (c + 1) / chunks);
                    floats.duplicate().put(from, data, from, to - from);
                });
            }
            return view;
        }
    }

    /** A 1-d tensor holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, float[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /** An int64 tensor of {@code shape} holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    /** An array saved by {@code NDArray.encode()}, decoded into engine-owned memory in {@code manager}. */
    public static NDArray decode(NDManager manager, byte[] encoded) {
        return owned(NDArray.decode(manager, encoded));
    }

    /** An engine-owned copy of an array that borrows Java memory; the borrower is closed. */
    private static NDArray owned(NDArray borrowed) {
        if (borrowed.getDevice().isGpu()) {
            return borrowed; // the engine already copied the data into device memory
        }
        try (borrowed) {
            return borrowed.duplicate(); // PtNDArray.duplicate() is torch clone(): engine-owned memory
        }
    }

    /** A 1-d int64 tensor holding {@code data} widened to long (indices for gather/take). */
    public static NDArray indices(NDManager manager, int[] data) {
        long[] wide = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            wide[i] = data[i];
        }
        return of(manager, wide, new Shape(wide.length));
    }

    /** A 0-d tensor {@code value} of {@code like}'s type, on {@code like}'s device (engine-owned: torch::full). */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /**
     * A scalar like {@link #scalar} that the caller owns and closes, outside any enclosing {@link NDScope}:
     * for constants an object reuses on every training step (momenta, weight decay), since on a GPU each
     * new scalar costs a kernel launch.
     */
    public static NDArray ownedScalar(NDArray like, float value) {
        NDArray s = scalar(like, value);
        NDScope.unregister(s);
        return s;
    }

    /** {@code x / value}, safe inside a gradient collector (the divisor is saved for backward). */
    public static NDArray div(NDArray x, float value) {
        return withScalar(x, value, NDArray::div);
    }

    /** {@code x · value}, safe inside a gradient collector. */
    public static NDArray mul(NDArray x, float value) {
        return withScalar(x, value, NDArray::mul);
    }

    /** {@code x + value}. */
    public static NDArray add(NDArray x, float value) {
        return withScalar(x, value, NDArray::add);
    }

    /** {@code x ← x · value}, in place. */
    public static NDArray muli(NDArray x, float value) {
        return withScalar(x, value, NDArray::muli);
    }

    /** {@code max(x, value)} element-wise. */
    public static NDArray maximum(NDArray x, float value) {
        return withScalar(x, value, NDArray::maximum);
    }

    /** {@code op(x, value)} with the scalar as an engine-owned tensor, whose Java handle is closed at once. */
    private static NDArray withScalar(NDArray x, float value, BinaryOperator<NDArray> op) {
        try (NDArray s = scalar(x, value)) {
            return op.apply(x, s);
        }
    }

    /**
     * Copies the values of {@code source} into {@code target}'s own memory, in place ({@code
     * target[...] = source}). Unlike DJL's {@code copyTo}/{@code set(Buffer)}, which re-point the
     * target's storage at a Java buffer, the target keeps its engine-owned storage, so every
     * reference to it (optimizer, parameter store, autograd) stays valid; and no libtorch warning
     * about the deprecated {@code AutoNonVariableTypeMode} that {@code set(Buffer)} runs under.
     */
    public static void assign(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("cannot assign " + source.getShape() + " to " + target.getShape());
        }
        if (source.getDataType() != target.getDataType() || !source.getDevice().equals(target.getDevice())) {
            throw new IllegalArgumentException("cannot assign " + source.getDataType() + " on " + source.getDevice()
                    + " to " + target.getDataType() + " on " + target.getDevice());
        }
        // Through a detached alias (same storage): a parameter that requires gradients may not be
        // written in place as a leaf of the autograd graph.
        try (NDArray alias = target.stopGradient()) {
            alias.set(ALL, source);
        }
    }

    /** Copies {@code values} (row-major, {@code target.size()} of them) into {@code target}, in place. */
    public static void assign(NDArray target, float[] values) {
        try (NDArray source = of(target.getManager(), values, target.getShape())) {
            assign(target, source);
        }
    }

    private static final NDIndex ALL = new NDIndex("...");
}
